"""The learned tagger: a linear-chain CRF that marks names, firms and postcodes token by token.

Why a CRF: it learns from a few thousand real conversations in a minute on a CPU, its weights are a
file of a few hundred kilobytes, it tags a chat message in well under a millisecond, and it reads
boundaries well ("Dr. Gastón Demaría Martínez Avda. Juan Carlos I" ends before "Avda."). It does
not decide alone: its spans and its per-token probabilities are evidence for the ranker
(``nlp.reader.ranker``), next to the rules' candidates and the format matchers.

The model file is built by ``scripts/train_reader.py`` from the development part of the real data
and the generated sets; without it the tagger proposes nothing and extraction runs on rules.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from nlp.reader.features import TurnView, boundary_word, turn_features

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "reader" / "tagger.crfsuite"
TAGGED_FIELDS = ("name", "company", "postcode")
MAX_EXTENSION = 3  # capitalized words a best span may be carried over
MIN_EXTENSION_PROBABILITY = 0.15
OUTSIDE = "O"


@dataclass(frozen=True)
class TaggedSpan:
    """A run of tokens the tagger marks as one field, with its mean probability.

    ``split`` spans are the tagger's second thoughts: a best span cut at its weakest inner link
    ("Francisco José Gil Sáenz | Hospital García Orcoyen"), so the ranker can prefer a part.
    """

    field: str
    first: int  # token indices in the turn, inclusive
    last: int
    probability: float
    split: bool = False


@dataclass(frozen=True)
class TurnTagging:
    """The tagger's reading of one turn: per-token probability of each field, and its best spans."""

    view: TurnView
    field_probabilities: tuple[dict[str, float], ...]
    spans: tuple[TaggedSpan, ...]

    def support(self, field: str, first: int, last: int) -> float:
        """Mean probability that tokens ``first``..``last`` belong to ``field``: evidence for any candidate."""
        values = [self.field_probabilities[i].get(field, 0.0) for i in range(first, last + 1)]
        return sum(values) / len(values) if values else 0.0


class Tagger:
    """pycrfsuite's tagger is not thread-safe: one per thread, all reading the same model file."""

    def __init__(self, model_file: Path = MODEL_FILE) -> None:
        self.model_file = model_file
        self._local = threading.local()

    @property
    def available(self) -> bool:
        return self.model_file.exists()

    def _crf(self) -> pycrfsuite.Tagger:
        crf = getattr(self._local, "crf", None)
        if crf is None:
            crf = pycrfsuite.Tagger()
            crf.open(str(self.model_file))
            self._local.crf = crf
        return crf

    def tag(self, views: list[TurnView]) -> list[TurnTagging]:
        """Tag every turn; an empty list when no model is installed."""
        if not self.available:
            return []
        crf = self._crf()
        labels = crf.labels()
        return [self._tag_turn(crf, labels, view) for view in views if view.tokens]

    @staticmethod
    def _tag_turn(crf: pycrfsuite.Tagger, labels: list[str], view: TurnView) -> TurnTagging:
        crf.set(turn_features(view))
        path = crf.tag()
        probabilities = []
        for index in range(len(path)):
            by_field: dict[str, float] = {}
            for label in labels:
                if label != OUTSIDE:
                    field = label[2:]
                    by_field[field] = by_field.get(field, 0.0) + crf.marginal(label, index)
            probabilities.append(by_field)
        spans = _spans(path, probabilities)
        return TurnTagging(view, tuple(probabilities), tuple(spans + _alternatives(crf, view, spans, probabilities)))


def _alternatives(crf: pycrfsuite.Tagger, view: TurnView, spans: list[TaggedSpan],
                  probabilities: list[dict[str, float]]) -> list[TaggedSpan]:
    """Second thoughts on each best span: cut at its weakest inner link and before a word that heads something
    else ("… López | Fundación Jiménez Díaz"), or carried over capitalized words the tagger hesitated on
    ("Mariano Valdés | Mas."). The ranker weighs where each one ends."""
    found: list[TaggedSpan] = []
    for span in spans:
        inside = f"I-{span.field}"
        cuts = {index for index in range(span.first + 1, span.last + 1) if boundary_word(view.tokens[index])}
        if span.last - span.first >= 2:
            cuts.add(min(range(span.first + 1, span.last + 1), key=lambda index: crf.marginal(inside, index)))
        for cut in sorted(cuts):
            found += [_span(span.field, first, last, probabilities) for first, last in ((span.first, cut - 1),
                                                                                         (cut, span.last))]
        last = span.last
        while (last + 1 < len(view.tokens) and last - span.last < MAX_EXTENSION and view.tokens[last + 1].is_capitalized
               and crf.marginal(inside, last + 1) >= MIN_EXTENSION_PROBABILITY):
            last += 1
            found.append(_span(span.field, span.first, last, probabilities))
    return found


def _span(field: str, first: int, last: int, probabilities: list[dict[str, float]]) -> TaggedSpan:
    values = [probabilities[i][field] for i in range(first, last + 1)]
    return TaggedSpan(field, first, last, sum(values) / len(values), split=True)


def _spans(path: list[str], probabilities: list[dict[str, float]]) -> list[TaggedSpan]:
    spans: list[TaggedSpan] = []
    start = None
    for index, label in enumerate([*path, OUTSIDE]):
        continues = start is not None and label == f"I-{path[start][2:]}"
        if start is not None and not continues:
            field = path[start][2:]
            values = [probabilities[i][field] for i in range(start, index)]
            spans.append(TaggedSpan(field, start, index - 1, sum(values) / len(values)))
            start = None
        if label != OUTSIDE and not continues:
            start = index
    return spans


_shared = Tagger()


def shared_tagger() -> Tagger:
    """The process's tagger (the model file is read once per thread)."""
    return _shared
