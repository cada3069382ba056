"""Characters said one at a time: letters, spelling-alphabet words, digits, "double", "s for sugar".

Callers spell postcodes ("whiskey 2 0 alpha bravo" is W2 0AB) and names ("k a t i e"); ASR writes
the letters as single letters, capital pairs ("DJ"), letter names ("are", "you", "see") or glued to
digits ("w20", "8uf"). A *spelled run* is a maximal stretch of such tokens, read as a list of
positions, each with the characters it may stand for: "oh" is O or 0, "and" an N that ASR heard as
a word. Who uses a run decides which reading fits (a postcode's pattern, a name's letters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.tokens import Token, fold, word_list

# Spelling alphabets: the word stands for its first letter.
SPELLING_WORDS = {
    word: word[0]
    for word in word_list(
        "alpha alfa bravo charlie delta echo foxtrot golf hotel india juliet juliett kilo lima mike november "
        "oscar papa quebec romeo sierra tango uniform victor whiskey whisky xray x-ray yankee zulu"
    )
}
# Letter names as an English speaker says them, and how ASR tends to write them.
LETTER_NAMES = {
    "bee": "b", "be": "b", "see": "c", "sea": "c", "cee": "c", "dee": "d", "ee": "e", "eff": "f", "ef": "f",
    "gee": "g", "aitch": "h", "haitch": "h", "jay": "j", "kay": "k", "el": "l", "ell": "l", "em": "m",
    "en": "n", "pee": "p", "queue": "q", "cue": "q", "ar": "r", "are": "r", "ess": "s", "es": "s", "tee": "t",
    "tea": "t", "you": "u", "vee": "v", "ex": "x", "why": "y", "zed": "z", "zee": "z",
}
# Words ASR writes for a letter said alone; only read as letters inside a run of certain ones.
LETTER_HOMOPHONES = {"and": "n", "eye": "i", "oh": "o", "owe": "o", "okay": "ok", "hey": "a", "eat": "e"}
DIGIT_WORDS = {
    "zero": "0", "oh": "0", "nought": "0", "one": "1", "two": "2", "to": "2", "too": "2", "three": "3",
    "four": "4", "for": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}
REPEAT_WORDS = {"double": 2, "triple": 3}
_CONNECTOR = "for"  # "s for sugar": the letter, then a word that starts with it
_GLUED = re.compile(r"^[a-z0-9]{1,5}$")
_SEPARATORS = {"-", "--", ".", ","}


@dataclass(frozen=True)
class SpelledPosition:
    """One character position: what it may be (most likely first), whether it was said unambiguously."""

    options: tuple[str, ...]
    start: int
    end: int
    certain: bool


@dataclass(frozen=True)
class SpelledRun:
    """Consecutive spelled positions; ``start``/``end`` index the original text."""

    positions: tuple[SpelledPosition, ...]

    @property
    def start(self) -> int:
        return self.positions[0].start

    @property
    def end(self) -> int:
        return self.positions[-1].end

    def text(self) -> str:
        """The most likely reading: each position's first option."""
        return "".join(position.options[0] for position in self.positions)

    def letters(self) -> str:
        """The letters only, as a spelled name reads."""
        return "".join(next((o for o in p.options if o.isalpha()), "") for p in self.positions)


def spelled_runs(tokens: list[Token], min_positions: int = 2) -> list[SpelledRun]:
    """Every maximal run of spelled characters with at least ``min_positions`` positions."""
    runs: list[SpelledRun] = []
    current: list[SpelledPosition] = []
    index = 0
    while index < len(tokens):
        positions, used = _positions_at(tokens, index)
        if positions:
            current += positions
            index += used
            continue
        if tokens[index].text not in _SEPARATORS:
            _close(current, runs, min_positions)
            current = []
        index += 1
    _close(current, runs, min_positions)
    return runs


def _close(current: list[SpelledPosition], runs: list[SpelledRun], min_positions: int) -> None:
    """A run needs one unambiguous position: "for you" alone spells nothing."""
    if len(current) >= min_positions and any(position.certain for position in current):
        runs.append(SpelledRun(tuple(current)))


def _positions_at(tokens: list[Token], index: int) -> tuple[list[SpelledPosition], int]:
    """The positions the token at ``index`` spells (with "double x" and "s for sugar"), and tokens used."""
    token = tokens[index]
    word = fold(token.text)
    if word in REPEAT_WORDS and index + 1 < len(tokens):
        following, used = _positions_at(tokens, index + 1)
        if len(following) == 1:
            return following * REPEAT_WORDS[word], used + 1
        return [], 0
    positions = _token_positions(token, word)
    if len(positions) == 1 and positions[0].certain and _spelled_by_word(tokens, index, positions[0]):
        return positions, 3
    return positions, 1 if positions else 0


def _spelled_by_word(tokens: list[Token], index: int, position: SpelledPosition) -> bool:
    """ "s for sugar", "b for bravo": the connector and the example word only confirm the letter."""
    if index + 2 >= len(tokens) or fold(tokens[index + 1].text) != _CONNECTOR:
        return False
    example = fold(tokens[index + 2].text)
    return example[:1] == position.options[0].lower() and example.isalpha() and len(example) > 2


def _token_positions(token: Token, word: str) -> list[SpelledPosition]:
    start, end = token.start, token.end
    if len(word) == 1 and word.isalnum():
        return [SpelledPosition((word.upper(),), start, end, True)]
    if word in SPELLING_WORDS:
        return [SpelledPosition((SPELLING_WORDS[word].upper(),), start, end, True)]
    if word in LETTER_NAMES:
        return [SpelledPosition((LETTER_NAMES[word].upper(),), start, end, False)]
    if word in DIGIT_WORDS:
        options = (DIGIT_WORDS[word], "O") if word == "oh" else (DIGIT_WORDS[word],)
        return [SpelledPosition(options, start, end, word not in {"to", "too", "for"})]
    if word in LETTER_HOMOPHONES and len(LETTER_HOMOPHONES[word]) == 1:
        return [SpelledPosition((LETTER_HOMOPHONES[word].upper(),), start, end, False)]
    if token.text.isupper() and 2 <= len(token.text) <= 3 and token.text.isalpha():
        return [SpelledPosition((char,), start, end, True) for char in token.text]  # "DJ", "GR"
    if _GLUED.match(word) and any(char.isdigit() for char in word):
        return [SpelledPosition((char.upper(),), start, end, True) for char in word]  # "w20", "8uf"
    return []
