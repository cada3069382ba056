"""A candidate value and the block of text it is searched in."""

from __future__ import annotations

from dataclasses import dataclass

from nlp.spans import TokenText
from nlp.turns import Turn


@dataclass(frozen=True)
class Candidate:
    """A possible value for ``field``; the extractor keeps the best one per field."""

    field: str
    value: str
    start: int
    end: int
    confidence: float
    speaker: str | None = None
    source: str = ""  # which finder proposed it ("find_names", "postcode.spelled"…): a feature for the ranker
    verified: bool = True  # False: a phone kept although no numbering plan confirms it (``read_number``)


@dataclass
class Block:
    """One speaker's consecutive turns, tokenized once for every finder."""

    turn: Turn
    words: TokenText
    language: str
    region: str | None
    hinted_regions: tuple[str, ...] = ()  # countries the whole conversation points at (nlp.contact_points)

    @property
    def asked(self) -> frozenset[str]:
        return self.turn.asked
