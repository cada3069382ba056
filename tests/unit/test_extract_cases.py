"""Per-case assertions on a fixed subset of the labelled corpus and the held-out set.

Each case is its own test so a regression names the conversation it broke.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp import extract
from nlp.extractor import folded_equal

DATA = Path(__file__).resolve().parents[2] / "bench" / "data" / "extraction"
CONTACT_FIELDS = ("name", "email", "phone", "company")


def _rows(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


CORPUS_SUBSET = _rows("corpus.jsonl")[::12]
HELDOUT_SUBSET = [
    row
    for row in _rows("heldout.jsonl")
    if row["id"]
    in {
        "h-es-02",
        "h-es-04",
        "h-es-06",
        "h-es-09",
        "h-es-13",
        "h-es-16",
        "h-es-18",
        "h-en-02",
        "h-en-03",
        "h-en-06",
        "h-en-08",
        "h-en-12",
        "h-en-13",
        "h-en-18",
    }
]


def _check(row: dict) -> None:
    result = extract(row["text"], lang=row["lang"]).to_dict()
    for field in CONTACT_FIELDS:
        expected, got = row["expected"][field], result[field]
        if field in {"email", "phone"} or expected is None:
            assert got == expected, f"{row['id']} {field}: {got!r} != {expected!r}"
        else:
            assert folded_equal(got, expected), f"{row['id']} {field}: {got!r} != {expected!r}"
    consent = result["consent"]["granted"] if result["consent"] else None
    assert consent == row["expected"]["consent"], f"{row['id']} consent"


@pytest.mark.parametrize("row", CORPUS_SUBSET, ids=[row["id"] for row in CORPUS_SUBSET])
def test_corpus_case(row: dict) -> None:
    _check(row)


@pytest.mark.parametrize("row", HELDOUT_SUBSET, ids=[row["id"] for row in HELDOUT_SUBSET])
def test_heldout_case(row: dict) -> None:
    _check(row)


def test_subsets_are_not_trivial() -> None:
    assert len(CORPUS_SUBSET) >= 25
    assert any(all(row["expected"][f] is None for f in CONTACT_FIELDS) for row in CORPUS_SUBSET)
    assert {row["lang"] for row in CORPUS_SUBSET} == {"es", "en"}
