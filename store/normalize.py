"""Normalizers for matching: one place, used by ingest, de-duplication and search."""

from __future__ import annotations

import re

from cleanco import basename
from unidecode import unidecode

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str | None) -> str:
    """Lower-case ASCII with single spaces: "José  GARCÍA" -> "jose garcia"."""
    return " ".join(_NON_ALNUM.sub(" ", unidecode(text or "").lower()).split())


def company_key(name: str | None) -> str:
    """One key per company whatever the spelling: "I.B.M.", "IBM Corp." -> "ibm"."""
    without_dots = re.sub(r"(?<=\b\w)\.(?=\w\b)", "", name or "")  # I.B.M. -> IBM.
    stripped = basename(without_dots.strip()) or without_dots
    return fold(stripped).replace(" ", "") or fold(name).replace(" ", "")


def person_key(name: str | None) -> str:
    """Folded name for matching; display keeps the accents."""
    return fold(name)
