"""The ranker: per field, a logistic model over an option's evidence that says how likely it is right.

It is learned (``scripts/train_reader.py``) on the tagger's out-of-fold output over the
development data, so it knows how far to trust the tagger on text the tagger has not seen, when
a rule's cue outweighs it, and when a value said three times beats one said once. The model is a
JSON file of named weights: readable, diffable, and applied with a dot product.

Two pieces of dialogue logic stand beside it, each because the development data is too thin
for the model to learn it: a value righted after a correction cue replaces the one before, and
a name or firm a cue stated outright stands when the ranker finds nothing better.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from nlp.reader.options import (
    CORRECTED,
    MEDIUM_RULE,
    STRONG_RULE,
    ConversationFacts,
    Option,
    option_features,
    rule_strength,
    topic_features,
)

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "reader" / "ranker.json"
# A rule's confidence when a cue introduced the value ("I run …", "llamo de …", "my name is …", "mi móvil es …",
# "my postcode is …").
STATED = {"name": 0.8, "company": 0.8, "phone": 0.7, "postcode": 0.8}
DIALOGUE_FIELDS = ("company", "postcode")  # fields whose question-and-answer reading the rules keep in a dialogue


@dataclass(frozen=True)
class FieldModel:
    """One field's weights, intercept and the probability below which nothing is reported."""

    weights: dict[str, float]
    intercept: float
    threshold: float

    def probability(self, features: dict[str, float], prior: float = 0.0) -> float:
        """``prior``: the conversation's topic score (``topic_score``), counted for options that need it."""
        score = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        score += prior if takes_topic_prior(features) else 0.0
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
        """The most probable option if it clears the field's threshold (later wins a tie: corrections).

        When none does, the rules' own name or firm stands if a cue stated it ("I work for Globex
        Corporation", "me llamo …"): measured on the development data's out-of-fold options, this backstop
        costs at most a point and keeps what people state outright in texts unlike the development files.
        """
        if not options:
            return None
        model = self.models[options[0].field]
        prior = model.topic_score(facts)
        scored = [(model.probability(option_features(option, options, facts), prior), option.last.start, option)
                  for option in options]
        probability, _, best = max(scored, key=lambda item: (item[0], item[1]))
        correction = _correction(scored, best)
        if correction:
            return correction
        answered = _answered_in_dialogue(scored, facts)
        if answered:
            return answered
        if probability >= model.threshold:
            return best, probability
        if best.field not in STATED:
            return None
        stated = [(p, option) for p, _, option in scored
                  if option.rule_choice and rule_strength(option) >= STATED[best.field]]
        return (stated[0][1], stated[0][0]) if stated else None


def _correction(scored: list[tuple[float, int, Option]], best: Option) -> tuple[Option, float] | None:
    """ "Sean Mackenzie. Sorry, Shawn with a W": a value the rules read right after a correction cue replaces
    what was said before it. Corrections are too rare in the development data for the ranker to learn them."""
    for probability, _, option in scored:
        corrected = any(CORRECTED in mention.context for mention in option.mentions)
        if option is not best and option.rule_choice and corrected and rule_strength(option) >= MEDIUM_RULE:
            return option, probability
    return None


def _answered_in_dialogue(scored: list[tuple[float, int, Option]],
                          facts: ConversationFacts) -> tuple[Option, float] | None:
    """Where the agent's questions are in the text, the rules read a firm from its question and answer ("¿y su
    empresa?" — "Lácteos del Valle"); the development dialogues are too few for the ranker to know better."""
    if not facts.dialogue:
        return None
    for probability, _, option in scored:
        if option.field in DIALOGUE_FIELDS and option.rule_choice and rule_strength(option) >= MEDIUM_RULE:
            return option, probability
    return None


def takes_topic_prior(features: dict[str, float]) -> bool:
    """Only an option no rule states outright depends on what the conversation is about: "I work for Globex"
    names a firm in any conversation, a bare "nokia" only where people were asked for their firm."""
    return features.get("rule_max", 0.0) < STRONG_RULE


_shared: Ranker | None = None


def shared_ranker() -> Ranker:
    """The process's ranker, read from its file on first use."""
    global _shared
    if _shared is None:
        _shared = Ranker.load()
    return _shared
