"""Training data for the reader: conversations with known values, turned into tagged token sequences.

Kept in the package (not only in the script) so the tests can check the alignment, and so the
bench and ``scripts/train_reader.py`` read the same cases the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nlp.language import resolve_language
from nlp.reader.features import TurnView, views_of
from nlp.reader.tagger import OUTSIDE, TAGGED_FIELDS
from nlp.tokens import fold, is_lowercase_text, tokenize
from nlp.turns import AGENT, split_conversation

EXPECTED_KEYS = {"zip": "postcode"}  # the real files' key → ours


@dataclass(frozen=True)
class Case:
    """One conversation and the values a person found in it (None: nothing to find)."""

    case_id: str
    text: str
    expected: dict[str, str | None]
    unscored: frozenset[str] = field(default_factory=frozenset)
    origin: str = ""
    unannotated: frozenset[str] = field(default_factory=frozenset)  # fields the annotators had no slot for

    language: str = "en"

    @classmethod
    def from_row(cls, row: dict, origin: str) -> Case:
        expected = {EXPECTED_KEYS.get(key, key): value for key, value in row.get("expected", {}).items()}
        unscored = frozenset(EXPECTED_KEYS.get(key, key) for key in row.get("unscored", []))
        return cls(row["id"], row["text"], expected, unscored, origin, language=row.get("lang", "en"))


def read_cases(path: Path, origin: str, keep: callable = lambda row: True) -> list[Case]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return [Case.from_row(row, origin) for row in rows if keep(row)]


def conversation_views(text: str, lang: str | None = None) -> list[TurnView]:
    """The turns of ``text`` as the tagger sees them, with the language decided as ``extract`` does."""
    language = resolve_language(text, lang)
    conversation = split_conversation(text)
    return views_of(conversation.turns, language, is_lowercase_text(text))


def labelled_turns(case: Case) -> Iterator[tuple[TurnView, list[str]]]:
    """Each turn with BIO labels where an expected value occurs in the prospect's words."""
    targets = {name: _value_words(case.expected.get(name)) for name in TAGGED_FIELDS}
    for view in conversation_views(case.text):
        labels = [OUTSIDE] * len(view.tokens)
        if view.turn.role != AGENT:
            words = [token.folded for token in view.tokens]
            for name, target in targets.items():
                if name not in case.unscored and target:
                    _mark(words, target, name, labels)
        yield view, labels


def _value_words(value: str | None) -> list[str]:
    if not value:
        return []
    return [fold(token.text) for token in tokenize(value) if token.is_word]


def _mark(words: list[str], target: list[str], name: str, labels: list[str]) -> None:
    size = len(target)
    for start in range(len(words) - size + 1):
        if words[start : start + size] == target and all(label == OUTSIDE for label in labels[start : start + size]):
            labels[start] = f"B-{name}"
            for index in range(start + 1, start + size):
                labels[index] = f"I-{name}"
