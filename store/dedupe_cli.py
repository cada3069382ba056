"""``captura dedupe``: cluster JSON Lines lead records read from standard input.

Input: one JSON object per line with an ``id`` (string or integer, unique)
and any of ``name``, ``company``, ``email``, ``phone``, ``city``,
``address``, ``postcode``, ``date_of_birth``, ``given_name``, ``surname``,
``national_id``/``soc_sec_id``... (missing or null is fine; other keys are
ignored). Blank lines are ignored.

Output: one line per record, in input order: ``{"id": ..., "cluster": ...}``
where the cluster is the smallest id in the record's cluster (numbers before
strings), so it is stable across runs. With ``--explain`` each line also has
``"explain"``: ``"joined_by"`` (the strongest link that put the record in its
cluster) and ``"review"`` (the strongest pair scored for review), each with the
other record's id, the score, the model's prior and every field's level and
weight in bits, strongest first.

Bad lines (not UTF-8, not JSON, not an object, no usable id, duplicate id)
are reported on stderr with their line number. By default the command then
exits with status 2 *before writing any output*, because a partial
clustering silently missing records is worse than none; with
``--skip-invalid`` the bad lines are reported, left out of the output, and
the rest is clustered.

Standalone: ``python -m store.dedupe_cli < leads.jsonl``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import click

from store.clustering import ClusterConfig, cluster
from store.matching import DEFAULT_THRESHOLDS, LeadRecord, Thresholds

EXIT_BAD_INPUT = 2
PROGRESS_FROM = 10_000  # records; smaller inputs run silently


@dataclass
class ParsedInput:
    records: list[LeadRecord] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_lines(lines: Iterable[bytes]) -> ParsedInput:
    """Turn raw input lines into records, collecting one message per bad line."""
    parsed = ParsedInput()
    seen: dict[Any, int] = {}
    for number, raw in enumerate(lines, start=1):
        record, error = _parse_line(raw)
        if error is None and record is not None:
            if record.id in seen:
                error = f"duplicate id {json.dumps(record.id)} (first seen on line {seen[record.id]})"
            else:
                seen[record.id] = number
                parsed.records.append(record)
        if error:
            parsed.errors.append(f"line {number}: {error}")
    return parsed


def _parse_line(raw: bytes) -> tuple[LeadRecord | None, str | None]:
    try:
        text = raw.decode("utf-8-sig")  # tolerate a byte-order mark written by some editors
    except UnicodeDecodeError:
        return None, "not valid UTF-8"
    if not text.strip():
        return None, None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, f"not valid JSON ({error.msg})"
    if not isinstance(data, dict):
        return None, f"expected a JSON object, got {type(data).__name__}"
    record_id = data.get("id")
    if record_id is None or record_id == "":
        return None, 'missing "id"'
    if isinstance(record_id, bool) or not isinstance(record_id, (str, int)):
        return None, f'"id" must be a string or an integer, got {type(record_id).__name__}'
    return LeadRecord.from_dict(data), None


def run(stdin: BinaryIO, stdout, stderr, *, config: ClusterConfig, skip_invalid: bool, explain: bool = False) -> int:
    """The command's body, separated from click so tests and ingest can call it."""
    parsed = parse_lines(stdin)
    for message in parsed.errors:
        print(f"dedupe: {message}", file=stderr)
    if parsed.errors and not skip_invalid:
        print(f"dedupe: {len(parsed.errors)} bad line(s); nothing written (use --skip-invalid to skip them)",
              file=stderr)
        return EXIT_BAD_INPUT
    verbose = len(parsed.records) >= PROGRESS_FROM
    started = time.perf_counter()

    def progress(message: str) -> None:
        if verbose:
            print(f"dedupe: {time.perf_counter() - started:6.1f}s {message}", file=stderr, flush=True)

    result = cluster(parsed.records, config=config, progress=progress)
    reasons = result.explain(parsed.records) if explain else {}
    for record in parsed.records:
        line = {"id": record.id, "cluster": result.clusters[record.id]}
        if explain:
            line["explain"] = reasons[record.id]
        stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    stdout.flush()
    progress(f"{len(set(result.clusters.values()))} clusters written")
    return 0


@click.command("dedupe", help="Cluster JSON Lines lead records from stdin; write {id, cluster} lines.")
@click.option("--region", default="ES", show_default=True,
              help="Country (ISO 3166 alpha-2) assumed for phone numbers written without +.")
@click.option("--auto-merge", "auto_merge", type=click.FloatRange(0, 1), default=DEFAULT_THRESHOLDS.auto_merge,
              show_default=True, help="Score from which two records are the same lead.")
@click.option("--review", type=click.FloatRange(0, 1), default=DEFAULT_THRESHOLDS.review, show_default=True,
              help="Score from which a pair would go to the review queue (not merged in batch mode).")
@click.option("--skip-invalid", is_flag=True, help="Report bad lines and go on instead of aborting.")
@click.option("--explain", is_flag=True,
              help="Add to each line the link that joined the record to its cluster and the strongest pair left "
                   "for review, with each field's level and weight in bits.")
def dedupe(region: str, auto_merge: float, review: float, skip_invalid: bool, explain: bool) -> None:
    """Read JSON Lines records on stdin, write {"id", "cluster"} lines on stdout."""
    if review > auto_merge:
        raise click.BadParameter("--review must not exceed --auto-merge", param_hint="--review")
    config = ClusterConfig(thresholds=Thresholds(auto_merge=auto_merge, review=review),
                           region=region.upper() or None)
    status = run(sys.stdin.buffer, sys.stdout, sys.stderr, config=config, skip_invalid=skip_invalid, explain=explain)
    sys.exit(status)


if __name__ == "__main__":
    dedupe()
