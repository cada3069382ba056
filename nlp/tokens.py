"""Word tokens with their offsets, and the folded form used for matching.

Every rule in ``nlp`` matches folded text (lower case, no accents) so that
"Pérez", "perez" and "PEREZ" behave alike, while spans keep pointing into
the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from unidecode import unidecode

from nlp.lang import words

WORD_PATTERN = re.compile(r"[^\W_]+(?:['’.@_+&-][^\W_]+)*\.?|[^\w\s]|\n", re.UNICODE)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def folded(self) -> str:
        return fold(self.text)

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def is_capitalized(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split into words (keeping e-mail-like and dotted tokens whole), punctuation and line breaks.

    Line breaks are tokens because a form's "Empresa: X" line must not run into the next line.
    """
    tokens = []
    for match in WORD_PATTERN.finditer(text):
        word = match.group()
        end = match.end()
        glued = _GLUED_TITLE.match(word)
        if glued and fold(glued.group(1)) in _TITLES:  # "Dr.Juan", "Dra.Itziar": a title typed without its space
            split = match.start() + glued.end(1) + 1
            tokens.append(Token(word[: glued.end(1) + 1], offset + match.start(), offset + split))
            word, start = word[glued.end(1) + 1 :], split
        else:
            start = match.start()
        if word.endswith(".") and len(word) > 1 and not _keeps_trailing_dot(word):
            tokens.append(Token(word[:-1], offset + start, offset + end - 1))
            tokens.append(Token(".", offset + end - 1, offset + end))
            continue
        tokens.append(Token(word, offset + start, offset + end))
    return tokens


_GLUED_TITLE = re.compile(r"^([^\W\d_]{1,4})\.(?=[A-ZÁÉÍÓÚÑ][^\W\d_])")
_TITLES = words("TITLES")


_ABBREVIATIONS = words("ABBREVIATIONS")  # "Sr.", "Dr.", "Inc.": titles and legal forms


def _keeps_trailing_dot(word: str) -> bool:
    """Abbreviations such as "S.L." or "Inc." keep their dot; a sentence end does not."""
    core = word[:-1]
    return "." in core or fold(core) in _ABBREVIATIONS


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower case without accents; "ñ" becomes "n" which is fine for matching."""
    return unidecode(text).lower()


def word_list(text: str) -> list[str]:
    """The words of a space-separated list: keeps long lexicons readable in source."""
    return text.split()


def is_lowercase_text(text: str) -> bool:
    """ASR output and lazy chats have no capitals: capitalization then says nothing."""
    letters = [char for char in text if char.isalpha()]
    return not letters or not any(char.isupper() for char in letters)
