"""The conversation's language, decided without any model download.

Counting frequent function words (each language's ``DETECTION_WORDS``) is cheap and
good enough for conversations, which are full of them. Short chats that are mostly
nouns ("salads / no / ok") and contact blocks hold few of them, so the lower-case words
found in only one language's dictionary (``nlp.vocabulary``) count too, each a quarter
as much. Speaker labels ("Customer:") and field labels ("Email:") say nothing about the
language the person speaks and are left out. The ``lang`` argument always overrides.
Languages are those with a folder in ``nlp/lang``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.lang import LANGUAGES, SUPPORTED_LANGUAGES, entries, words
from nlp.tokens import fold
from nlp.vocabulary import dictionary_words

FIELD_LABEL_WORDS = words("FIELD_LABELS")

DEFAULT_LANGUAGE = "en"
MAX_DETECTION_CHARS = 20_000
_MARKS_PER_WORD = 2  # two characters only a language uses count as one of its words

DICTIONARY_WORD_WEIGHT = 0.25
_WORD = re.compile(r"[^\W\d_]+(?:'[a-z]+)?", re.UNICODE)
_LINE_LABEL = re.compile(r"^[ \t]*[^\W\d_][\w .'’()&-]{0,30}?:", re.MULTILINE)


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
    """The language's detection words, less those another language also uses ("no", "a"): a short chat that
    says only "no" and "ok" is not Spanish for its "no"."""
    tables = LANGUAGES.tables_of(code)
    marks = tables.get("DETECTION_MARKS")
    shared = set().union(*(set(entries(LANGUAGES.tables_of(other)["STOP_WORDS"]))
                           | set(LANGUAGES.tables_of(other)["DETECTION_WORDS"].split())
                           for other in SUPPORTED_LANGUAGES if other != code))
    return _Evidence(
        frozenset(tables["DETECTION_WORDS"].split()) - shared,
        bool(tables.get("DETECTION_IGNORES_ACCENTS")),
        re.compile(marks, re.IGNORECASE) if marks else None,
    )


_EVIDENCE = {code: _evidence(code) for code in SUPPORTED_LANGUAGES}


def detect_language(text: str) -> str:
    """The language with most function words and own characters; the default on a tie."""
    sample = _LINE_LABEL.sub(" ", text[:MAX_DETECTION_CHARS])
    words = [word for word in _WORD.findall(sample.lower()) if len(word) > 1]  # "y", "o", "a": spelled letters too
    scores: dict[str, float] = {code: evidence.score(words, sample) for code, evidence in _EVIDENCE.items()}
    for code, found in _dictionary_evidence(sample).items():
        scores[code] += DICTIONARY_WORD_WEIGHT * found
    best = max(scores.values())
    leaders = [code for code, score in scores.items() if score == best]
    return leaders[0] if len(leaders) == 1 else DEFAULT_LANGUAGE


def _dictionary_evidence(sample: str) -> dict[str, int]:
    """Per language, the lower-case words only its dictionary holds (capitalized ones are mostly names)."""
    dictionaries = {code: dictionary_words(code) for code in SUPPORTED_LANGUAGES}
    found = dict.fromkeys(SUPPORTED_LANGUAGES, 0)
    for word in _WORD.findall(sample):
        folded = fold(word)
        if not word.islower() or folded in FIELD_LABEL_WORDS:
            continue
        holders = [code for code, words in dictionaries.items() if folded in words or folded.rstrip("s") in words]
        if len(holders) == 1:
            found[holders[0]] += 1
    return found


def resolve_language(text: str, lang: str | None) -> str:
    """The caller's language when given (validated), else the detected one."""
    if lang is None:
        return detect_language(text)
    code = lang.strip().lower()[:2]
    if code not in SUPPORTED_LANGUAGES:
        raise ValueError(f"Unsupported language {lang!r}; use one of {', '.join(SUPPORTED_LANGUAGES)}.")
    return code
