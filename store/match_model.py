"""The learned match model: a weight for each field's agreement level, read from a data file.

A pair's evidence is a sum of *bits* (log2 of how much more likely the level
seen is for one entity than for two), one term per field both records have,
plus a prior; the score is the probability that sum stands for, 0..1. The
weights, the prior and the thresholds for "same" and "review" are estimated
from labelled pairs by ``scripts/train_matcher.py`` (a logistic regression on
the comparison levels, which is Fellegi–Sunter with weights that need not
assume the fields independent) and shipped as ``store/match_model.json``;
nothing is trained at run time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("match_model.json")


class MatchModelError(RuntimeError):
    """The model file is missing or unreadable (rebuild it with scripts/train_matcher.py)."""


@dataclass(frozen=True)
class MatchModel:
    """Weights in bits per field and level, the prior, and the thresholds chosen with them."""

    prior_bits: float
    weights: dict[str, dict[str, float]]
    auto_merge: float
    review: float

    def contributions(self, levels: dict[str, str]) -> dict[str, tuple[str, float]]:
        """Field → (level, bits); a level the model has no weight for counts zero."""
        weight = self._flat.get
        return {name: (level, weight((name, level), 0.0)) for name, level in levels.items()}

    @cached_property
    def _flat(self) -> dict[tuple[str, str], float]:
        return {(name, level): bits for name, levels in self.weights.items() for level, bits in levels.items()}

    def probability(self, bits: float) -> float:
        return probability(bits)


def probability(bits: float) -> float:
    """The probability that evidence of ``bits`` (prior included) stands for."""
    return 1.0 / (1.0 + 2.0 ** (-max(-60.0, min(60.0, bits))))


def bits_for(score: float) -> float:
    """The inverse of ``probability``: the evidence a score stands for."""
    score = min(max(score, 1e-12), 1 - 1e-12)
    return math.log2(score / (1 - score))


_active_file: Path = MODEL_FILE


def use_model_file(path: Path | None) -> None:
    """Score with another model file from now on (None: the shipped one): the trainer's cross-checks."""
    global _active_file
    _active_file = path or MODEL_FILE
    load_model.cache_clear()


@lru_cache(maxsize=1)
def load_model() -> MatchModel:
    """Read the model file (by default the one shipped with Captura), once per process."""
    source = _active_file
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        return MatchModel(
            prior_bits=float(data["prior_bits"]),
            weights={name: {level: float(bits) for level, bits in levels.items()}
                     for name, levels in data["weights"].items()},
            auto_merge=float(data["thresholds"]["auto_merge"]),
            review=float(data["thresholds"]["review"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise MatchModelError(f"cannot read the match model {source}: {error}") from error
