"""Spoken forms of phone numbers and e-mail addresses, turned into written ones.

ASR transcripts and dictation say "seis uno dos, treinta y cuatro" or
"john dot smith at acme dot com". These functions work on tokens so the
written result keeps the span of the words that were said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.lang import mapping, phrases, words
from nlp.lexicon import FILLERS, HESITATIONS, STOP_WORDS
from nlp.tokens import Token, word_list

_UNITS = mapping("NUMBER_WORDS", "units")
_TEENS = mapping("NUMBER_WORDS", "teens")
_TENS = mapping("NUMBER_WORDS", "tens")
_TWENTIES = mapping("NUMBER_WORDS", "twenties")
_HUNDREDS = mapping("NUMBER_WORDS", "hundreds")
_MULTIPLIERS = mapping("NUMBER_WORDS", "multipliers")  # "hundred", "thousand", "mil"
_TIMES_HUNDRED = frozenset(word for word, factor in _MULTIPLIERS.items() if factor == 100)
_TIMES_THOUSAND = frozenset(word for word, factor in _MULTIPLIERS.items() if factor == 1000)
_REPEATS = mapping("NUMBER_WORDS", "repeats")  # "doble seis", "double six"
_PLUS = words("PLUS_WORDS") | {"+"}
_AND = words("NUMBER_AND")
_SEPARATORS = {",", "-", ".", "(", ")", "/"}
_DIGITS = re.compile(r"^\d[\d.\-]*$")
_SPELLED = re.compile(r"^(?:[a-z0-9]-)+[a-z0-9]$")

EMAIL_CONNECTORS = mapping("EMAIL_CONNECTORS") | {".": ".", "_": "_", "-": "-"}
EMAIL_AT = words("EMAIL_AT") | {"@"}
# "john smith at gmail dot com" needs no "email" nearby: "at" before a mail provider is an "@".
MAIL_PROVIDERS = frozenset(
    word_list("gmail googlemail hotmail outlook msn yahoo ymail icloud aol protonmail gmx zoho yandex telefonica")
)
_EMAIL_BOUNDARY = STOP_WORDS | FILLERS | words("EMAIL_BOUNDARY") | {":"}
# Letters as speakers name them when they spell: "punto eme equis" is ".mx", "ese a" is "S.A.".
LETTER_NAMES = mapping("LETTER_NAMES")
# Country domains worth reading from spelled letters ("punto ce ele"); "es" and "co" are also words.
_SPELLED_COUNTRY_DOMAINS = frozenset(word_list("mx ar cl pe uy ec ve bo py cr gt pa do hn sv ni uk au ie nz"))
MAX_ADDRESS_PIECES = 40
_BRACKETS = {"(", ")", "[", "]", "<", ">", "{", "}", "\n"}


def number_value(word: str) -> int | None:
    """The value of one folded number word, or None."""
    for table in (_UNITS, _TEENS, _TENS, _TWENTIES, _HUNDREDS):
        if word in table:
            return table[word]
    return None


def is_number_word(word: str) -> bool:
    return number_value(word) is not None or word in _REPEATS or word in _MULTIPLIERS


@dataclass(frozen=True)
class DigitRun:
    """Consecutive spoken or written digits: the digits, whether "+" was said, and the span."""

    digits: str
    plus: bool
    start: int
    end: int
    spoken: bool


class _Groups:
    """Builds digit groups from number words the way people read phone numbers out."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.value: int | None = None
        self.places: set[str] = set()
        self.repeat = 1
        self.after_and = False

    def flush(self) -> None:
        if self.value is not None:
            self.parts.append(str(self.value))
        self.value, self.places, self.after_and = None, set(), False

    def add_digits(self, digits: str) -> None:
        self.flush()
        if self.repeat > 1 and len(digits) == 1:
            digits *= self.repeat
        self.repeat = 1
        self.parts.append(digits)

    def add_word(self, word: str) -> None:
        if word in _REPEATS:
            self.flush()
            self.repeat = _REPEATS[word]
        elif word in _TIMES_HUNDRED:
            self._multiply(100, "hundreds")
        elif word in _TIMES_THOUSAND:
            self._multiply(1000, "thousands")
            self.flush()
        elif word in _HUNDREDS:
            self._start(_HUNDREDS[word], {"hundreds"})
        elif word in _TENS:
            self._join_or_start(_TENS[word], "tens", fits=self._only({"hundreds"}))
        elif word in _TWENTIES:
            self._join_or_start(_TWENTIES[word], "tens", fits=self._only({"hundreds"}), places={"tens", "units"})
        elif word in _TEENS:
            self._join_or_start(_TEENS[word], "tens", fits=self._only({"hundreds"}), places={"tens", "units"})
        else:
            unit = _UNITS[word]
            if self.repeat > 1:
                self.add_digits(str(unit))
                return
            fits = self._only({"tens"}) or self._only({"hundreds", "tens"}) or self._only({"hundreds"})
            self._join_or_start(unit, "units", fits=fits and unit != 0)
        self.after_and = False

    def _only(self, places: set[str]) -> bool:
        return self.value is not None and self.places == places

    def _start(self, value: int, places: set[str]) -> None:
        self.flush()
        self.value, self.places = value, set(places)

    def _join_or_start(self, value: int, place: str, fits: bool, places: set[str] | None = None) -> None:
        if fits and self.value is not None:
            self.value += value
            self.places |= places or {place}
        else:
            self._start(value, places or {place})

    def _multiply(self, factor: int, place: str) -> None:
        if self.value is not None and self.value < 10:
            self.value *= factor
        else:
            self._start(factor, set())
        self.places = {place}

    def digits(self) -> str:
        self.flush()
        return "".join(self.parts)


def digit_runs(tokens: list[Token]) -> list[DigitRun]:
    """Every run of number words and digit groups, with the digits they spell."""
    runs: list[DigitRun] = []
    index = 0
    while index < len(tokens):
        if _starts_number(tokens, index):
            index = _read_run(tokens, index, runs)
        else:
            index += 1
    return runs


def _starts_number(tokens: list[Token], index: int) -> bool:
    word = tokens[index].folded
    if word in _PLUS:
        return index + 1 < len(tokens) and (_is_numeric(tokens[index + 1].folded))
    return _is_numeric(word)


def _is_numeric(word: str) -> bool:
    return bool(_DIGITS.match(word)) or is_number_word(word)


def _read_run(tokens: list[Token], index: int, runs: list[DigitRun]) -> int:
    groups = _Groups()
    plus = tokens[index].folded in _PLUS
    start = tokens[index].start
    end = start
    spoken = False
    position = index + 1 if plus else index
    while position < len(tokens):
        word = tokens[position].folded
        if _DIGITS.match(word):
            groups.add_digits(re.sub(r"\D", "", word))
        elif is_number_word(word):
            groups.add_word(word)
            spoken = True
        elif word in _AND and position + 1 < len(tokens) and is_number_word(tokens[position + 1].folded):
            groups.after_and = True
        elif word in _SEPARATORS or word in FILLERS:
            groups.flush()
            position += 1
            continue
        else:
            break
        end = tokens[position].end
        position += 1
    digits = groups.digits()
    if digits:
        runs.append(DigitRun(digits, plus, start, end, spoken))
    return max(position, index + 1)


@dataclass(frozen=True)
class DictatedEmail:
    address: str
    start: int
    end: int


def dictated_emails(tokens: list[Token], allow_spoken_at: bool) -> list[DictatedEmail]:
    """E-mails said or typed in pieces: "juan punto perez arroba gmail punto com", "ana @ acme.es".

    The word "at" is everywhere in English, so it only counts as "@" when the
    context is about an e-mail (``allow_spoken_at``) or a mail provider comes
    next, and a dotted domain follows.
    """
    words = _with_spoken_at_signs(
        [token for token in tokens if token.text not in _BRACKETS and token.folded not in HESITATIONS]
    )
    found = []
    for index, token in enumerate(words):
        pivot = token.folded
        if pivot not in EMAIL_AT or (pivot == "at" and not (allow_spoken_at or _provider_after(words, index))):
            continue
        local = _local_part(words, index)
        domain = _domain_part(words, index)
        if local and domain and "." in domain[0]:
            address = local[0] + "@" + domain[0]
            found.append(DictatedEmail(address, local[1], domain[1]))
    return found


def _provider_after(words: list[Token], index: int) -> bool:
    """ "at gmail dot …": a mail provider, then its dot, right after ``index``."""
    following = [word.folded for word in words[index + 1 : index + 3]]
    if following and "." in following[0]:  # "at hotmail.com"
        return following[0].split(".")[0] in MAIL_PROVIDERS
    return len(following) == 2 and following[0] in MAIL_PROVIDERS and EMAIL_CONNECTORS.get(following[1]) == "."


def _connector_at(words: list[Token], index: int, backwards: bool) -> tuple[str, int] | None:
    """The connector symbol at ``index`` (one or two words long) and how many words it takes."""
    if not 0 <= index < len(words):
        return None
    word = words[index].folded
    pair_index = index - 1 if backwards else index + 1
    if 0 <= pair_index < len(words):
        pair = f"{words[pair_index].folded} {word}" if backwards else f"{word} {words[pair_index].folded}"
        if pair in EMAIL_CONNECTORS:
            return EMAIL_CONNECTORS[pair], 2
    if word in EMAIL_CONNECTORS and (word.isalpha() or _glued(words, index)):
        return EMAIL_CONNECTORS[word], 1
    return None


def _glued(words: list[Token], index: int) -> bool:
    """A typed "." or "-" joins an address only without spaces around it; otherwise it ends a sentence."""
    before, after = index - 1, index + 1
    return (before < 0 or words[before].end == words[index].start) and (
        after >= len(words) or words[after].start == words[index].end
    )


def _piece(word: Token) -> str:
    folded = word.folded
    return folded.replace("-", "") if _SPELLED.match(folded) else folded


def _spoken_number_before(words: list[Token], at_index: int) -> tuple[str, int] | None:
    """ "gregorio pastor sesenta arroba", "john smith seventy two at": the number said just before "@".

    Returns the digits and the index of the first number word, or None.
    """
    first = at_index
    while first > 0:
        word = words[first - 1].folded
        joins = word in _AND and first < at_index and first > 1 and is_number_word(words[first - 2].folded)
        if not joins and (not is_number_word(word) or word in _REPEATS):
            break
        first -= 1
    if first == at_index:
        return None
    groups = _Groups()
    for token in words[first:at_index]:
        if token.folded in _AND:
            groups.after_and = True
        else:
            groups.add_word(token.folded)
    digits = groups.digits()
    return (digits, first) if digits and len(digits) <= 4 else None


def _local_part(words: list[Token], at_index: int) -> tuple[str, int] | None:
    at_index = _before_one_word_marker(words, at_index)  # "getcheverry todo junto arroba …"
    number = _spoken_number_before(words, at_index)
    if number:
        # The number ends the local part; the words before it are read as usual.
        found = _local_words(words, number[1] - 1, [number[0]], words[number[1]].start)
        if found and found[0] != number[0]:
            return found
    return _local_words(words, at_index - 1, [], None)


def _local_words(words: list[Token], index: int, pieces: list[str], start: int | None) -> tuple[str, int] | None:
    joined_words = 0
    expect_word = True
    while index >= 0 and len(pieces) < MAX_ADDRESS_PIECES:
        token = words[index]
        if expect_word:
            before = words[index - 1] if index else None
            if not token.is_word or not _local_word_allowed(token, pieces, joined_words, before):
                break
            pieces.insert(0, _piece(token))
            start = token.start
            joined_words += len(token.text) > 1
            index -= 1
            connector = _connector_at(words, index, backwards=True)
            if connector:
                pieces.insert(0, connector[0])
                index -= connector[1]
                joined_words = 0
                continue
            expect_word = True
            before = words[index - 1] if index > 0 else None
            if (
                index >= 0
                and words[index].is_word
                and not _local_word_allowed(words[index], pieces, joined_words, before)
            ):
                break
        else:
            break
    if not pieces or pieces[0] in {".", "_", "-"} or start is None:
        return None
    return "".join(pieces), start


def _local_word_allowed(token: Token, pieces: list[str], joined_words: int, before: Token | None = None) -> bool:
    word = token.folded
    if len(word) == 1:
        spelled_on = before is not None and len(before.folded) == 1 and before.folded.isalnum()
        return not pieces or len(pieces[0]) == 1 or pieces[0] in {".", "_", "-"} or pieces[0].isdigit() or spelled_on
    after_connector = bool(pieces) and pieces[0] in {".", "_", "-"}
    if word in EMAIL_AT or word in EMAIL_CONNECTORS:
        return False
    if not after_connector and (word in _EMAIL_BOUNDARY or joined_words >= 2):
        return False
    return after_connector or word not in _EMAIL_BOUNDARY


def _joins_domain_word(words: list[Token], index: int) -> bool:
    """ "at riverside academy dot org": a spoken domain name may be two words before its "dot"."""
    word = words[index]
    if not word.is_word or word.folded in _EMAIL_BOUNDARY or word.folded in EMAIL_CONNECTORS:
        return False
    return _connector_at(words, index + 1, backwards=False) is not None


def _domain_part(words: list[Token], at_index: int) -> tuple[str, int] | None:
    index = at_index + 1
    if index >= len(words) or not words[index].is_word:
        return None
    pieces = [_piece(words[index])]
    end = words[index].end
    index += 1
    joined = _joined_as_one_word(words, index)
    if joined:
        pieces += [_piece(word) for word in words[index : joined[0]]]
        end, index = words[joined[0] - 1].end, joined[1]
    while index + 1 < len(words) and len(pieces) < 3 and _joins_domain_word(words, index):
        pieces.append(_piece(words[index]))
        end = words[index].end
        index += 1
    while len(pieces) < MAX_ADDRESS_PIECES:
        connector = _connector_at(words, index, backwards=False)
        if not connector or connector[0] == "_":
            break
        following = index + connector[1]
        if following >= len(words) or not words[following].is_word or words[following].folded in EMAIL_AT:
            break
        spelled = _spelled_country_domain(words, following) if connector[0] == "." else None
        if spelled:
            pieces += [".", spelled[0]]
            end = words[spelled[1]].end
            break
        pieces += [connector[0], _piece(words[following])]
        end = words[following].end
        index = following + 1
    domain = "".join(pieces).strip(".")
    tld = domain.rsplit(".", 1)[-1]
    if "." not in domain or not tld.isalpha() or len(tld) < 2:
        return None
    return domain, end


def _spelled_country_domain(words: list[Token], index: int) -> tuple[str, int] | None:
    """ "punto eme equis" → ("mx", index of "equis"): two spelled letters that make a country domain."""
    pair = [LETTER_NAMES.get(token.folded, "") for token in words[index : index + 2]]
    code = "".join(pair)
    return (code, index + 1) if len(code) == 2 and code in _SPELLED_COUNTRY_DOMAINS else None


_ONE_WORD_MARKERS = tuple(tuple(marker.split()) for marker in phrases("ONE_WORD_MARKERS"))
_MAX_JOINED_WORDS = 4


def _before_one_word_marker(words: list[Token], at_index: int) -> int:
    for marker in _ONE_WORD_MARKERS:
        start = at_index - len(marker)
        if start > 0 and tuple(word.folded for word in words[start:at_index]) == marker:
            return start
    return at_index


def _joined_as_one_word(words: list[Token], index: int) -> tuple[int, int] | None:
    """ "arroba distribuidora el roble todo junto punto com": the words up to "todo junto" are one label.

    Returns (index of the marker, index just after it) when a dot follows the marker, else None.
    """
    for marker_at in range(index, min(len(words), index + _MAX_JOINED_WORDS)):
        for marker in _ONE_WORD_MARKERS:
            after = marker_at + len(marker)
            if tuple(word.folded for word in words[marker_at:after]) != marker:
                continue
            connector = _connector_at(words, after, backwards=False)
            if connector and connector[0] == ".":
                return marker_at, after
        if not words[marker_at].is_word:
            return None
    return None


# Other ways "@" is said or misheard: "at the rate (of)" (Indian English), "at sign", "a roba" (ASR for "arroba").
_SPOKEN_AT = {tuple(form.split()): at for form, at in mapping("SPOKEN_AT").items()}


def _with_spoken_at_signs(words: list[Token]) -> list[Token]:
    """Read the other spoken forms of "@" as one "at"/"arroba" token, keeping its span."""
    kept: list[Token] = []
    index = 0
    while index < len(words):
        for form, replacement in _SPOKEN_AT.items():
            if tuple(word.folded for word in words[index : index + len(form)]) == form:
                last = words[index + len(form) - 1]
                kept.append(Token(replacement, words[index].start, last.end))
                index += len(form)
                break
        else:
            kept.append(words[index])
            index += 1
    return kept
