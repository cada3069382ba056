"""Postcodes in a block: written in a country's format, said as digits, or spelled out.

Every form a postcode takes becomes a candidate with its ``source`` ("postcode.digits",
"postcode.alnum", "postcode.spelled", "postcode.spoken_digits"), normalized through
``nlp.contact.normalize_postcode`` (the one validator intake and the store use). Whether a
five-digit number is a postcode or an amount is decided later, from its context, by the reader's
ranker; the confidence here is the rule's own guess, for when no learned model is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nlp.candidates import Block, Candidate
from nlp.contact import InvalidContact, normalize_postcode
from nlp.cues import POSTCODE_CUES
from nlp.spelling import SpelledRun, spelled_runs
from nlp.spoken import digit_runs
from nlp.tokens import Token

_DIGITS = re.compile(r"^(?:[Ee]-|CP-?)?(\d{5}(?:-\d{4})?|\d{6}|\d{5}-\d{3})$")
_BEFORE_A_TOWN = re.compile(r"^(\d{5})[.-](?=[^\W\d_]{2})")  # "02005-Albacete", "08017.España"
_SPLIT_DIGITS = re.compile(r"^\d{3}$")  # "625 110": an Indian PIN written in two halves
_ALPHANUMERIC = re.compile(r"^[A-Za-z]{1,2}\d[A-Za-z\d]?$")  # the first half of "W2 0AB", "SW1A 1AA"
_INWARD = re.compile(r"^\d[A-Za-z]{2}$")
_JOINED_ALPHANUMERIC = re.compile(r"^[A-Za-z]{1,2}\d[A-Za-z\d]?\d[A-Za-z]{2}$|^[A-Za-z]\d[A-Za-z]\d[A-Za-z]\d$")
_CUE_WINDOW = 4  # words before a value searched for "zip", "código postal"…
_SPELLED_COUNTRIES = ("GB", "CA", "IE")  # formats that mix letters and digits, so they can be spelled
MAX_SPELLED_POSITIONS = 7  # the longest of them ("SW1A1AA"): no window of a long run is tried beyond it

CUED_CONFIDENCE = 0.8
ALPHANUMERIC_CONFIDENCE = 0.75
SPELLED_CONFIDENCE = 0.7
BARE_DIGITS_CONFIDENCE = 0.45
CUE_BONUS = 0.15  # "my postcode is …" before a spelled or alphanumeric one


def find_postcodes(block: Block) -> list[Candidate]:
    """Every reading of a postcode in the block, written, spoken or spelled."""
    tokens = block.words.tokens
    found = list(_written_digits(block, tokens)) + list(_written_alphanumeric(block, tokens))
    found += _spoken_digits(block, found)
    found += _spelled(block, tokens, found)
    return found


def _written_digits(block: Block, tokens: list[Token]) -> Iterator[Candidate]:
    for index, token in enumerate(tokens):
        if _SPLIT_DIGITS.match(token.text) and _pin_halves(tokens, index):
            following = tokens[index + 1]
            yield from _candidate(block, token.text + following.text, token.start, following.end, index,
                                  "postcode.digits")
            continue
        match = _DIGITS.match(token.text)
        if match and (not _glued_to_digits(tokens, index) or not token.text[:1].isdigit()):
            yield from _candidate(block, match.group(1), token.start, token.end, index, "postcode.digits")
            continue
        glued = _BEFORE_A_TOWN.match(token.text)
        if glued:
            yield from _candidate(block, glued.group(1), token.start, token.start + 5, index, "postcode.digits")


def _glued_to_digits(tokens: list[Token], index: int) -> bool:
    """A group in a run of digit groups is part of a phone or an account number ("986 745 8563"), but a house
    number before a postcode is not ("C/ As Xubias, 84 15006 A Coruña")."""
    token = tokens[index]
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    previous = tokens[index - 1] if index else None
    if following and following.text.isdigit() and following.start - token.end <= 1:
        return True
    return bool(previous and previous.text.isdigit() and token.start - previous.end <= 1
                and len(previous.text) > MAX_HOUSE_NUMBER_DIGITS)


MAX_HOUSE_NUMBER_DIGITS = 4


def _pin_halves(tokens: list[Token], index: int) -> bool:
    if index + 1 >= len(tokens) or not _SPLIT_DIGITS.match(tokens[index + 1].text):
        return False
    after, before = index + 2, index - 1
    return not (after < len(tokens) and tokens[after].text.isdigit()) and not (
        before >= 0 and tokens[before].text.isdigit())


def _written_alphanumeric(block: Block, tokens: list[Token]) -> Iterator[Candidate]:
    for index, token in enumerate(tokens):
        if _JOINED_ALPHANUMERIC.match(token.text) and any(char.isdigit() for char in token.text):
            yield from _candidate(block, token.text, token.start, token.end, index, "postcode.alnum")
        elif (_ALPHANUMERIC.match(token.text) and index + 1 < len(tokens)
              and _INWARD.match(tokens[index + 1].text)):
            following = tokens[index + 1]
            yield from _candidate(block, token.text + following.text, token.start, following.end, index,
                                  "postcode.alnum")


def _spoken_digits(block: Block, found: list[Candidate]) -> list[Candidate]:
    """ "código postal veintiocho cero cero seis": five spoken digits after a postcode cue."""
    spoken = []
    for run in digit_runs(block.words.tokens):
        if not run.spoken or any(c.start <= run.start < c.end for c in found):
            continue
        index = block.words.index_at(run.start)
        if len(run.digits) in (5, 6) and (_cued(block, index) or "postcode" in block.asked):
            spoken += _candidate(block, run.digits, run.start, run.end, index, "postcode.spoken_digits")
    return spoken


def _spelled(block: Block, tokens: list[Token], found: list[Candidate]) -> list[Candidate]:
    """ "whiskey 2 0 alpha bravo", "w20 a b", "s k 8 1 4 f y": the run read as a postcode that fits."""
    spelled = []
    for run in spelled_runs(tokens, block.language, min_positions=5):
        if any(c.start <= run.start < c.end or run.start <= c.start < run.end for c in found):
            continue
        reading = best_postcode_reading(run)
        if reading:
            value, start, end = reading
            spelled += _candidate(block, value, start, end, block.words.index_at(start), "postcode.spelled")
    return spelled


def best_postcode_reading(run: SpelledRun) -> tuple[str, int, int] | None:
    """The reading of a spelled run that fits a postcode format, preferring the one covering most of the run.

    Each position may have two readings ("oh": O or 0); a postcode's pattern picks one. Extra positions at
    either end (a "hey" before, a repeated letter after) are dropped when what is left fits.
    """
    positions = run.positions
    best: tuple[tuple[int, int], str, int, int] | None = None
    for first in range(len(positions)):
        for last in range(min(len(positions), first + MAX_SPELLED_POSITIONS), first + 4, -1):
            window = positions[first:last]
            value = _fitting_reading(window)
            if value is None:
                continue
            rank = (len(window), sum(p.certain for p in window))
            if best is None or rank > best[0]:
                best = (rank, value, window[0].start, window[-1].end)
            break
    return (best[1], best[2], best[3]) if best else None


def _fitting_reading(window: tuple) -> str | None:
    readings = [""]
    for position in window:
        readings = [reading + option for reading in readings for option in position.options][:16]
    for reading in readings:
        for country in _SPELLED_COUNTRIES:
            try:
                return normalize_postcode(reading, country)
            except InvalidContact:
                continue
    return None


def _candidate(block: Block, raw: str, start: int, end: int, index: int, source: str) -> list[Candidate]:
    try:
        value = normalize_postcode(raw)
    except InvalidContact:
        return []
    cued = _cued(block, index) or "postcode" in block.asked  # "¿y su código postal?" — "veintiocho cero cero seis"
    if source == "postcode.spelled":
        confidence = SPELLED_CONFIDENCE + (CUE_BONUS if cued else 0.0)
    elif source == "postcode.alnum":
        confidence = ALPHANUMERIC_CONFIDENCE + (CUE_BONUS if cued else 0.0)
    else:
        confidence = CUED_CONFIDENCE if cued else BARE_DIGITS_CONFIDENCE
    return [Candidate("postcode", value, start, end, confidence, source=source)]


def _cued(block: Block, index: int) -> bool:
    return bool(POSTCODE_CUES.search(block.words.window_before(index, _CUE_WINDOW)))
