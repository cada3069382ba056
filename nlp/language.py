"""The conversation's language, decided without any model download.

Counting frequent function words (each language's ``DETECTION_WORDS``) is cheap and
good enough for conversations, which are full of them; the ``lang`` argument always
overrides. Languages are those with a folder in ``nlp/lang``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.lang import LANGUAGES, SUPPORTED_LANGUAGES
from nlp.tokens import fold

DEFAULT_LANGUAGE = "en"
MAX_DETECTION_CHARS = 20_000
_MARKS_PER_WORD = 2  # two characters only a language uses count as one of its words

_WORD = re.compile(r"[^\W\d_]+(?:'[a-z]+)?", re.UNICODE)


@dataclass(frozen=True)
class _Evidence:
    """What counts for one language: its function words, and characters only it uses."""

    words: frozenset[str]
    ignores_accents: bool  # "quería" typed "queria" still counts
    marks: re.Pattern[str] | None

    def score(self, words: list[str], text: str) -> int:
        found = sum(word in self.words or (self.ignores_accents and fold(word) in self.words) for word in words)
        return found + (len(self.marks.findall(text)) // _MARKS_PER_WORD if self.marks else 0)


def _evidence(code: str) -> _Evidence:
    tables = LANGUAGES.tables_of(code)
    marks = tables.get("DETECTION_MARKS")
    return _Evidence(
        frozenset(tables["DETECTION_WORDS"].split()),
        bool(tables.get("DETECTION_IGNORES_ACCENTS")),
        re.compile(marks, re.IGNORECASE) if marks else None,
    )


_EVIDENCE = {code: _evidence(code) for code in SUPPORTED_LANGUAGES}


def detect_language(text: str) -> str:
    """The language with most function words and own characters; the default on a tie."""
    sample = text[:MAX_DETECTION_CHARS]
    words = _WORD.findall(sample.lower())
    scores = {code: evidence.score(words, sample) for code, evidence in _EVIDENCE.items()}
    best = max(scores.values())
    leaders = [code for code, score in scores.items() if score == best]
    return leaders[0] if len(leaders) == 1 else DEFAULT_LANGUAGE


def resolve_language(text: str, lang: str | None) -> str:
    """The caller's language when given (validated), else the detected one."""
    if lang is None:
        return detect_language(text)
    code = lang.strip().lower()[:2]
    if code not in SUPPORTED_LANGUAGES:
        raise ValueError(f"Unsupported language {lang!r}; use one of {', '.join(SUPPORTED_LANGUAGES)}.")
    return code
