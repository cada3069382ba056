"""The real public data in ``bench/data/real``, split once into a development part and a measure-only part.

Why a hash and not a random draw: the split must be the same on every machine and for every
later session, without a list to keep in sync. A case goes to the measure part when the first
eight bytes of SHA-256 of its key, read as a fraction, are at or above ``DEV_SHARE``. The key is
the case id for the extraction files and the true cluster for the de-duplication files, so no
cluster is cut in two (a pair across parts would leak the answer). ``bench/data/real/README.md``
lists the counts per part; train and tune only on ``dev``, quote ``measure``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

REAL = Path(__file__).resolve().parent / "data" / "real"
DEV_SHARE = 0.7
EXTRACTION_FILES = ("chats-en", "contact-blocks-es", "calls-en")
DEDUPE_FILES = ("dedupe-chicago", "dedupe-febrl")
Part = Literal["dev", "measure"]


def part_of(key: str) -> Part:
    """The part a case (by id) or a record (by true cluster) belongs to, for good."""
    fraction = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") / 2**64
    return "dev" if fraction < DEV_SHARE else "measure"


def _rows(name: str) -> list[dict]:
    path = REAL / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def extraction_cases(name: str, part: Part | None = None) -> list[dict]:
    """The cases of one extraction file (``chats-en`` …), all of them or one part."""
    return [case for case in _rows(name) if part is None or part_of(case["id"]) == part]


def dedupe_records(name: str, part: Part | None = None) -> list[dict]:
    """The records of one de-duplication file (``dedupe-chicago`` …); a part holds whole true clusters."""
    source = name.removeprefix("dedupe-")
    return [row for row in _rows(name) if part is None or part_of(f"{source}:{row['truth']}") == part]
