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

from nlp.tokens import Token, tokenize


@dataclass
class TokenText:
    """The tokens of one block and their folded, space-joined form."""

    tokens: list[Token]
    folded: str = field(init=False)
    _starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
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
        for match in pattern.finditer(self.folded):
            first = bisect_left(self._starts, match.start())
            after = bisect_left(self._starts, match.end())
            if first < len(self.tokens) and self._starts[first] == match.start():
                yield first, after

    def window_before(self, index: int, width: int) -> str:
        """The folded words just before token ``index``: context for a candidate."""
        return " ".join(token.folded for token in self.tokens[max(0, index - width):index])

    def window_after(self, index: int, width: int) -> str:
        return " ".join(token.folded for token in self.tokens[index:index + width])

    def index_at(self, offset: int) -> int:
        """The first token that starts at or after the original offset ``offset``."""
        for index, token in enumerate(self.tokens):
            if token.start >= offset:
                return index
        return len(self.tokens)
