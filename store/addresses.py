"""A free address line split into what matching compares: number, street, unit, postcode.

Records rarely give an address in parts: "1449 S. Keeler  60623", "Calle Mayor 3, 2º",
"3 brittlebank circuit yarrambah vic 2790" are all one line. Comparing such lines as
whole strings mixes evidence of different strength: the same street number on a
similar street is strong evidence of one place, the same postcode alone is weak, and
a different flat in one building is a different household. ``parse_address`` reads the
parts with a few rules that hold in Spanish- and English-speaking countries; the
street-type, direction and unit words it knows are data (``store.match_lexicon``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from store.match_lexicon import ADDRESS_STOP_WORDS, DIRECTIONS, STREET_TYPES, UNIT_WORDS
from store.normalize import fold

_TOKEN = re.compile(r"[a-z]+|\d+[a-z]*")
_STREET_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)$")  # "67th Street"; Spanish "2º" (folded "2o") is a floor
_UK_POSTCODE = re.compile(r"\b([a-z]{1,2}\d[a-z\d]?)\s*(\d[a-z]{2})\b")
_FLOOR_MARK = re.compile(r"(?<=\d)[oa]$")  # "2º" and "4ª" fold to "2o", "4a": the floor is 2, 4
_NUMBER_MARKS = frozenset({"no", "num", "numero", "nr", "nro"})


@dataclass(frozen=True)
class AddressParts:
    """The parts of one address line; any part may be empty."""

    number: str = ""
    street: tuple[str, ...] = ()
    unit: str = ""
    postcode: str = ""

    @cached_property
    def core(self) -> tuple[str, ...]:
        """Street words that name the street: its type ("street", "calle") and directions left out."""
        return tuple(w for w in self.street if w not in _TYPE_FORMS and w not in _DIRECTION_FORMS) or self.street

    @cached_property
    def compact(self) -> str:
        """The street words without spaces: "brittlebank circuit" and "brittlebankcircuit" meet."""
        return "".join(self.street)

    @property
    def is_empty(self) -> bool:
        return not (self.number or self.street or self.unit or self.postcode)


_TYPE_FORMS = frozenset(STREET_TYPES.values())
_DIRECTION_FORMS = frozenset(DIRECTIONS.values())


@lru_cache(maxsize=200_000)
def parse_address(text: str | None) -> AddressParts:
    """Split one address line into ``AddressParts`` (all empty for an empty line)."""
    folded = fold(text)
    if not folded:
        return AddressParts()
    postcode, folded = _take_uk_postcode(folded)
    tokens = _TOKEN.findall(folded)
    if not postcode:
        postcode, tokens = _take_numeric_postcode(tokens)
    number, unit_parts, street = "", [], []
    context = ""  # "unit" after "piso", "suite"...; "number" after "nº"
    for token in tokens:
        if token[0].isdigit() and not _STREET_ORDINAL.match(token):
            if (number and context != "number") or context == "unit":
                unit_parts.append(_FLOOR_MARK.sub("", token))
                context = "unit"  # a letter after a floor is part of the unit: "3º B"
                continue
            number = token
        elif token in UNIT_WORDS or token in _NUMBER_MARKS:
            context = "unit" if token in UNIT_WORDS else "number"
            continue
        elif context == "unit" and len(token) == 1:
            unit_parts.append(token)  # "suite A", "3º B"
        elif token not in ADDRESS_STOP_WORDS:
            street.append(_canonical_word(token))
        context = ""
    return AddressParts(number=number, street=tuple(street), unit=" ".join(unit_parts), postcode=postcode)


def _canonical_word(word: str) -> str:
    return STREET_TYPES.get(word) or DIRECTIONS.get(word) or word


def _take_uk_postcode(folded: str) -> tuple[str, str]:
    """A British postcode ("BS29 4BA") anywhere in the line, removed from it."""
    match = _UK_POSTCODE.search(folded)
    if not match:
        return "", folded
    return match.group(1) + match.group(2), folded[: match.start()] + " " + folded[match.end():]


def _take_numeric_postcode(tokens: list[str]) -> tuple[str, list[str]]:
    """A five-digit code (US, Spain, ...) after the first word, or a four-digit code ending the line."""
    first_word = next((i for i, t in enumerate(tokens) if not t[0].isdigit()), None)
    if first_word is None:
        return "", tokens
    for index in range(len(tokens) - 1, first_word, -1):
        token = tokens[index]
        if token.isdigit() and (len(token) == 5 or (len(token) == 4 and index == len(tokens) - 1)):
            return token, tokens[:index] + tokens[index + 1:]
    return "", tokens
