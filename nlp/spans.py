"""Folded token text: match cue regexes on words, get back original spans.

Folding can change a text's length (an emoji vanishes, "ß" becomes "ss"),
so cues are matched on the folded *tokens* joined by single spaces and the
match is mapped back to token indices, hence to original offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from nlp.tokens import Token, tokenize


@lru_cache(maxsize=256)
def _overlapping(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same cue pattern, matching at every position: "llamo de la empresa" holds two cues."""
    return re.compile(f"(?=({pattern.pattern}))", pattern.flags)


@dataclass
class TokenText:
    """The tokens of one block and their folded, space-joined form."""

    tokens: list[Token]
    folded: str = field(init=False)
    _starts: list[int] = field(init=False, repr=False)
    _offsets: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._offsets = [token.start for token in self.tokens]
        starts, position = [], 0
        for token in self.tokens:
            starts.append(position)
            position += len(token.folded) + 1
        self._starts = starts
        self.folded = " ".join(token.folded for token in self.tokens)

    @classmethod
    def of(cls, text: str, offset: int = 0) -> TokenText:
        return cls(tokenize(text, offset))

    def cue_ends(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
        """(index of the cue's first token, index of the token right after it) per match."""
        for match in _overlapping(pattern).finditer(self.folded):
            first = bisect_left(self._starts, match.start(1))
            after = bisect_left(self._starts, match.end(1))
            if first < len(self.tokens) and self._starts[first] == match.start():
                yield first, after

    def window_before(self, index: int, width: int) -> str:
        """The folded words just before token ``index``: context for a candidate."""
        return " ".join(token.folded for token in self.tokens[max(0, index - width) : index])

    def index_at(self, offset: int) -> int:
        """The first token that starts at or after the original offset ``offset``."""
        return bisect_left(self._offsets, offset)
