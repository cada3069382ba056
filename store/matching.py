"""Pair scoring and blocking: are these two records one person (or one firm)?

One matcher for batch ``captura dedupe``, ingest and the store re-scan:

* ``match_keys`` folds a record once (``store.record_keys``);
* ``blocking_keys`` says which other records it is compared with at all;
* ``score_pair`` compares two records field by field (``store.comparisons``),
  weighs each field's level with the learned model (``store.match_model``)
  and decides "same", "review" or "distinct", keeping every field's
  contribution in bits for the "why" shown in ``--explain`` and the dashboard.

Besides the learned weights, rules keep automatic merges honest (they only
ever turn "same" into "review", ``may_merge``): two people's names alone, or
with a company or a city, never merge without something that identifies a
person (an email, a phone, an address, a date of birth, an id, or one employer
in one postcode), and Jr. is not Sr.; a key shared by many different names (a switchboard, info@) counts as
"generic" evidence.

Ingest integration (one lead at a time, flat cost as the store grows):

1. ``keys = match_keys(LeadRecord.from_dict(data), region)``;
2. store ``blocking_keys(keys)`` in an indexed key table and read the leads
   sharing any key, at most ``MAX_CANDIDATES_PER_KEY`` rows per key;
3. ``best_match(keys, candidates, thresholds, generic=...)`` → the candidate
   to merge with ("same"), to queue for review ("review") or None.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from store.blocking import (
    MAX_CANDIDATES_PER_KEY,
    NO_GENERIC_KEYS,
    GenericKeys,
    blocking_keys,
    contact_values,
)
from store.comparisons import CONTACT_SAME, codes_agree, compare_keys
from store.match_model import load_model, probability
from store.record_keys import NATIONAL_ID_FIELDS, LeadRecord, MatchKeys, match_keys

__all__ = [
    "DEFAULT_THRESHOLDS", "MAX_CANDIDATES_PER_KEY", "NATIONAL_ID_FIELDS", "GenericKeys", "LeadRecord", "MatchKeys",
    "MatchScore", "Thresholds", "best_match", "blocking_keys", "codes_agree", "compare_keys", "contact_values",
    "match_keys", "score_pair",
]

Decision = Literal["same", "review", "distinct"]


@dataclass(frozen=True)
class Thresholds:
    """Score cut-offs: ``auto_merge`` ≤ score → same; ``review`` ≤ score → review queue.

    The defaults come with the model (``store/match_model.json``): the
    trainer picks them from held-out pairs, and the score is the model's
    probability that the two records are one entity.
    """

    auto_merge: float
    review: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.review <= self.auto_merge <= 1.0:
            raise ValueError("thresholds must satisfy 0 <= review <= auto_merge <= 1")

    @classmethod
    def from_model(cls) -> Thresholds:
        model = load_model()
        return cls(auto_merge=model.auto_merge, review=model.review)

    def decide(self, score: float) -> Decision:
        if score >= self.auto_merge:
            return "same"
        return "review" if score >= self.review else "distinct"


DEFAULT_THRESHOLDS = Thresholds.from_model()


@dataclass(frozen=True)
class MatchScore:
    """Result of comparing two records.

    ``parts`` maps each field to ``(level, bits)``: the agreement level seen
    ("exact", "typo", "different"...) and what it weighs, for the "why"
    display; ``prior`` is the model's starting point. ``score`` is in 0..1.
    """

    score: float
    decision: Decision
    parts: dict[str, tuple[str, float]]
    prior: float = 0.0

    @property
    def bits(self) -> float:
        return self.prior + sum(bits for _, bits in self.parts.values())

    def stored_parts(self) -> dict[str, list[Any]]:
        """The parts as the review queues store them: field → [level, bits]."""
        return {name: [level, round(bits, 2)] for name, (level, bits) in self.parts.items()}


# Agreement that points at one person rather than at a name, a firm or a town: a
# pair of named people needs one of these to merge unattended.
IDENTIFYING_LEVELS = {
    "contact": CONTACT_SAME,
    "address": frozenset({"exact", "number_street", "number_weak_street", "near_number", "no_number",
                          "other_number"}),
    "dob": frozenset({"exact", "near"}),
    "national_id": frozenset({"exact", "near"}),
    "other": frozenset({"same"}),
}
SAME_FIRM = frozenset({"exact", "acronym", "reordered", "spelling"})


def score_pair(
    a: LeadRecord | MatchKeys,
    b: LeadRecord | MatchKeys,
    thresholds: Thresholds | None = None,
    *,
    generic: GenericKeys = NO_GENERIC_KEYS,
    region: str | None = "ES",
) -> MatchScore:
    """Compare two records and decide "same", "review" or "distinct", with the reasons."""
    ka = a if isinstance(a, MatchKeys) else match_keys(a, region)
    kb = b if isinstance(b, MatchKeys) else match_keys(b, region)
    model = load_model()
    parts = model.contributions(compare_keys(ka, kb, generic))
    bits = model.prior_bits + sum(v for _, v in parts.values())
    score = round(probability(bits), 6)
    decision = (thresholds or DEFAULT_THRESHOLDS).decide(score)
    if decision == "same" and not may_merge(ka, kb, parts):
        decision = "review"
    return MatchScore(score, decision, parts, model.prior_bits)


def may_merge(a: MatchKeys, b: MatchKeys, parts: dict[str, tuple[str, float]]) -> bool:
    """The two rules no weight overrides: named people need something that identifies a person to
    agree, or one employer in one postcode (two John Smiths of one town and one employer stay apart),
    and a generational suffix that differs (Jr./Sr.) is a father and a son."""
    if "suffix" in parts:
        return False
    if not (a.has_name and b.has_name):
        return True
    if parts.get("company", ("",))[0] in SAME_FIRM and parts.get("postcode", ("",))[0] == "exact":
        return True  # one employer in one postcode is narrower than a town: a namesake is unlikely there
    return any(parts[name][0] in levels for name, levels in IDENTIFYING_LEVELS.items() if name in parts)


def best_match(
    record: LeadRecord | MatchKeys,
    candidates: Iterable[tuple[Any, LeadRecord | MatchKeys]],
    thresholds: Thresholds | None = None,
    *,
    generic: GenericKeys = NO_GENERIC_KEYS,
    region: str | None = "ES",
) -> tuple[Any, MatchScore] | None:
    """Ingest helper: the best (candidate id, score) for a new record, or None if all are "distinct".

    Ties go to the earliest candidate, so the choice is deterministic for a given order.
    """
    keys = record if isinstance(record, MatchKeys) else match_keys(record, region)
    best: tuple[Any, MatchScore] | None = None
    for candidate_id, candidate in candidates:
        result = score_pair(keys, candidate, thresholds, generic=generic, region=region)
        if result.decision != "distinct" and (best is None or result.score > best[1].score):
            best = (candidate_id, result)
    return best


