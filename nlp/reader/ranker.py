"""The ranker: per field, a logistic model over an option's evidence that says how likely it is right.

It is learned (``scripts/train_reader.py``) on the tagger's out-of-fold output over the
development data, so it knows how far to trust the tagger on text the tagger has not seen, when
a rule's cue outweighs it, and when a value said three times beats one said once. The model is a
JSON file of named weights: readable, diffable, and applied with a dot product.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from nlp.reader.options import ConversationFacts, Option, option_features, topic_features

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "reader" / "ranker.json"


@dataclass(frozen=True)
class FieldModel:
    """One field's weights, intercept and the probability below which nothing is reported."""

    weights: dict[str, float]
    intercept: float
    threshold: float

    def probability(self, features: dict[str, float], prior: float = 0.0) -> float:
        """``prior``: the score of the features every option of the conversation shares (``topic_score``)."""
        score = self.intercept + prior + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(min(score, 50.0), -50.0)))

    def topic_score(self, facts: ConversationFacts) -> float:
        return sum(self.weights.get(name, 0.0) for name in topic_features(facts))


class Ranker:
    """The field models of one model file; fields it does not cover are left to the rules."""

    def __init__(self, models: dict[str, FieldModel]) -> None:
        self.models = models

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> Ranker:
        if not path.exists():
            return cls({})
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({name: FieldModel(spec["weights"], spec["intercept"], spec["threshold"])
                    for name, spec in data["fields"].items()})

    def covers(self, field: str) -> bool:
        return field in self.models

    def choose(self, options: list[Option], facts: ConversationFacts) -> tuple[Option, float] | None:
        """The most probable option if it clears the field's threshold (later wins a tie: corrections)."""
        if not options:
            return None
        model = self.models[options[0].field]
        prior = model.topic_score(facts)
        scored = [(model.probability(option_features(option, options, facts), prior), option.last.start, option)
                  for option in options]
        probability, _, best = max(scored, key=lambda item: (item[0], item[1]))
        return (best, probability) if probability >= model.threshold else None


_shared: Ranker | None = None


def shared_ranker() -> Ranker:
    """The process's ranker, read from its file on first use."""
    global _shared
    if _shared is None:
        _shared = Ranker.load()
    return _shared
