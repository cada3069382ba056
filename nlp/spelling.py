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
from functools import cache

from nlp import lang
from nlp.tokens import Token, fold

_GLUED = re.compile(r"^[a-z0-9]{1,5}$")
_SEPARATORS = {"-", "--", ".", ","}


@dataclass(frozen=True)
class SpellingTables:
    """One language's ways of saying a character: its alphabet words, letter names, digit words, "double"."""

    alphabet: dict[str, str]  # said alone, the word is its letter (NATO in English)
    examples: dict[str, str]  # only after a letter and a connector ("a de Antonio")
    letters: dict[str, str]
    homophones: dict[str, str]
    digits: dict[str, str]
    unsure_digits: frozenset[str]
    repeats: dict[str, int]
    connectors: frozenset[str]

    @classmethod
    def of(cls, code: str) -> SpellingTables:
        tables = lang.tables_of(code)
        alphabet = tables.get("SPELLING_ALPHABET", {})
        standalone = "SPOKEN_LETTERS" in tables  # a language whose alphabet words are not also everyday names
        letters = {**tables.get("LETTER_NAMES", {}), **tables.get("SPOKEN_LETTERS", {})}
        return cls(
            alphabet if standalone else {},
            alphabet,
            {word: letter for word, letter in letters.items() if " " not in word and len(letter) == 1},
            tables.get("LETTER_HOMOPHONES", {}),
            tables.get("SPOKEN_DIGITS", {word: str(value) for word, value in tables["NUMBER_WORDS"]["units"].items()}),
            frozenset(lang.entries(tables.get("UNSURE_DIGITS", ""))),
            tables["NUMBER_WORDS"].get("repeats", {}),
            frozenset(lang.entries(tables["SPELLING_CONNECTORS"])),
        )


@cache
def spelling_tables(code: str) -> SpellingTables:
    return SpellingTables.of(code if code in lang.SUPPORTED_LANGUAGES else lang.SUPPORTED_LANGUAGES[0])


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


def spelled_runs(tokens: list[Token], language: str, min_positions: int = 2) -> list[SpelledRun]:
    """Every maximal run of spelled characters with at least ``min_positions`` positions."""
    tables = spelling_tables(language)
    runs: list[SpelledRun] = []
    current: list[SpelledPosition] = []
    index = 0
    while index < len(tokens):
        positions, used = _positions_at(tokens, index, tables)
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


def _positions_at(tokens: list[Token], index: int, tables: SpellingTables) -> tuple[list[SpelledPosition], int]:
    """The positions the token at ``index`` spells (with "double x" and "s for sugar"), and tokens used."""
    token = tokens[index]
    word = fold(token.text)
    if word in tables.repeats and index + 1 < len(tokens):
        following, used = _positions_at(tokens, index + 1, tables)
        if len(following) == 1:
            return following * tables.repeats[word], used + 1
        return [], 0
    positions = _token_positions(token, word, tables)
    if len(positions) == 1 and positions[0].certain and _spelled_by_word(tokens, index, positions[0], tables):
        return positions, 3
    return positions, 1 if positions else 0


def _spelled_by_word(tokens: list[Token], index: int, position: SpelledPosition, tables: SpellingTables) -> bool:
    """ "s for sugar", "a de Antonio": the connector and the example word only confirm the letter."""
    if index + 2 >= len(tokens) or fold(tokens[index + 1].text) not in tables.connectors:
        return False
    example = fold(tokens[index + 2].text)
    letter = position.options[0].lower()
    return tables.examples.get(example) == letter or (example[:1] == letter and example.isalpha() and len(example) > 2)


def _token_positions(token: Token, word: str, tables: SpellingTables) -> list[SpelledPosition]:
    start, end = token.start, token.end
    if len(word) == 1 and word.isalnum():
        return [SpelledPosition((word.upper(),), start, end, True)]
    if word in tables.alphabet:
        return [SpelledPosition((tables.alphabet[word].upper(),), start, end, True)]
    if word in tables.letters:
        return [SpelledPosition((tables.letters[word].upper(),), start, end, False)]
    if word in tables.digits:
        digit = tables.digits[word]
        options = (digit, "O") if digit == "0" and word.isalpha() else (digit,)  # "oh": a zero or an O
        return [SpelledPosition(options, start, end, word not in tables.unsure_digits)]
    if word in tables.homophones:
        return [SpelledPosition((tables.homophones[word].upper(),), start, end, False)]
    if token.text.isupper() and 2 <= len(token.text) <= 3 and token.text.isalpha():
        return [SpelledPosition((char,), start, end, True) for char in token.text]  # "DJ", "GR"
    if _GLUED.match(word) and any(char.isdigit() for char in word):
        return [SpelledPosition((char.upper(),), start, end, True) for char in word]  # "w20", "8uf"
    return []
