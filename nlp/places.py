"""The prospect's city: a known city after "soy de"/"based in", or a capitalized place after strong cues.

A short list of large cities is trusted anywhere; towns (GeoNames, 15,000+ people) only after a strong
cue or as the answer to "which city?": "Reading", "Mobile" or "Jackson" are also words and surnames.
"""

from __future__ import annotations

import re
from itertools import pairwise

from nlp.candidates import Block, Candidate
from nlp.cues import CITY_CUES, TRAVEL_CUES
from nlp.lang import alternation, phrases, words
from nlp.lexicon import CITIES, CITY_FIRST_WORDS, CUED_CITIES, LEGAL_FORMS, MAX_CITY_WORDS, NON_NAME_WORDS
from nlp.tokens import Token, is_lowercase_text

_WEAK_CUES = frozenset(phrases("WEAK_CITY_CUES"))
_BARE_PREPOSITIONS = words("BARE_PREPOSITIONS")
# Where the person lives outranks where the firm sits: "soy de Valladolid, la sede está en Madrid".
_RESIDENCE_CUES = frozenset(phrases("RESIDENCE_CUES"))
# Towns that are also everyday words, not taken after a bare "in"/"en": "in March", "on Sale", "in Reading".
_WORDLIKE_TOWNS = words("WORDLIKE_TOWNS")
_CITY_CONNECTORS = words("CITY_CONNECTORS")


def find_cities(block: Block) -> list[Candidate]:
    tokens = block.words.tokens
    lowercase = is_lowercase_text(block.turn.text)
    found = []
    asked = "city" in block.asked
    for first, after in block.words.cue_ends(CITY_CUES):
        cue = " ".join(token.folded for token in tokens[first:after])
        weak = cue in _WEAK_CUES
        span = known_city_at(tokens, after, CITIES if weak and not asked else CUED_CITIES)
        if span:
            # "vivo en X" says where the prospect is; "una tienda en X" only mentions a place.
            found.append(_candidate(tokens, span, lowercase, _cue_confidence(cue)))
        elif cue in _BARE_PREPOSITIONS - {"de"} and not lowercase and (town := _capitalized_town(tokens, after)):
            # "a firm in Galway", "un adosado en Dos Hermanas": a capitalized town after a bare "in"/"en"
            found.append(_candidate(tokens, town, lowercase, 0.6))
        elif cue not in _WEAK_CUES and not lowercase:
            span = _capitalized_place(tokens, after)
            if span:
                found.append(_candidate(tokens, span, lowercase, 0.55))
    if not found:
        # the answer to "which city?" may be in any case: "S7 1FL, sheffield"
        found += _mentioned_cities(tokens, lowercase or asked, 0.7 if asked else 0.4, CUED_CITIES if asked else CITIES)
    found = [c for c in found if not in_a_move(block, c) and not _in_a_street_name(block, c)]
    return _without_regions_of(block, found)


# "en pergamino provincia de buenos aires", "desde alcoy en alicante", "Austin, Texas": the first place is
# the town, what follows only says where the town is.
_REGION_QUALIFIERS = words("REGION_QUALIFIERS") | {","}
_MAX_QUALIFIER_WORDS = 3


def _without_regions_of(block: Block, found: list[Candidate]) -> list[Candidate]:
    ordered = sorted(found, key=lambda c: c.start)
    tokens = block.words.tokens
    regions = set()
    for town, place in pairwise(ordered):
        between = tokens[block.words.index_at(town.end) : block.words.index_at(place.start)]
        if 0 < len(between) <= _MAX_QUALIFIER_WORDS and all(t.folded in _REGION_QUALIFIERS for t in between):
            regions.add(id(place))
    return [c for c in found if id(c) not in regions]


def _cue_confidence(cue: str) -> float:
    if cue in _RESIDENCE_CUES or _SETTLED_IN.search(cue):
        return 0.9
    return 0.7 if cue in _BARE_PREPOSITIONS else 0.85


_TRAVEL_WINDOW = 6


_ROUTE_FROM = words("ROUTE_FROM")
_ROUTE_TO = words("ROUTE_TO")


_SETTLED_IN = re.compile(rf"(?<!\w){alternation('settled_in')}$")


def in_a_move(block: Block, candidate: Candidate) -> bool:
    """ "relocating from Houston to Denver", "trucking from Chicago to Denver", "un vuelo a Roma".

    A place left, visited, or either end of a route ("from X to Y", "de X a Y") is not where the
    prospect is.
    """
    tokens = block.words.tokens
    index = block.words.index_at(candidate.start)
    before_window = block.words.window_before(index, _TRAVEL_WINDOW)
    if _SETTLED_IN.search(before_window):
        return False  # "we just moved to perth from darwin": where they live now
    if TRAVEL_CUES.search(before_window):
        return True
    last = block.words.index_at(candidate.end)
    before = tokens[index - 1].folded if index > 0 else ""
    after = tokens[last].folded if last < len(tokens) else ""
    if before in _ROUTE_FROM and after in _ROUTE_TO and last + 1 < len(tokens):
        return _place_like(tokens[last + 1])
    if before in _ROUTE_TO and index >= 3:
        origin = block.words.window_before(index - 1, 4).split()
        return any(word in _ROUTE_FROM for word in origin[:-1]) and _place_like(tokens[index - 2])
    return False


# "calle Real de Utrera 14", "Avenida de Madrid", "Boston Road": a town in a street name is not the town.
_STREET_WORDS = words("STREET_WORDS")
_STREET_WORDS_AFTER_A_TOWN = _STREET_WORDS - words("SHORT_STREET_WORDS")  # "Dr", "St" after a name are titles
_STREET_WINDOW = 3


def _in_a_street_name(block: Block, candidate: Candidate) -> bool:
    tokens = block.words.tokens
    index = block.words.index_at(candidate.start)
    last = block.words.index_at(candidate.end)
    after = tokens[last].folded.rstrip(".") if last < len(tokens) else ""
    if after in _STREET_WORDS_AFTER_A_TOWN:
        return True
    for position in range(index - 1, max(-1, index - _STREET_WINDOW - 1), -1):
        word = tokens[position]
        if word.folded.rstrip(".") in _STREET_WORDS:
            return True
        if not (word.is_capitalized or word.folded in _CITY_CONNECTORS):
            return False  # "Alberta Street here in Portland": the street ended before the town
    return False


def _place_like(token: Token) -> bool:
    return token.is_capitalized or token.folded in CITIES


def known_city_at(tokens: list[Token], index: int, gazetteer: frozenset[str] = CITIES) -> tuple[int, int] | None:
    """The longest ``gazetteer`` city starting at ``index``, with a "City" English speakers add ("Quebec City")."""
    if index >= len(tokens) or tokens[index].folded not in CITY_FIRST_WORDS:
        return None
    for width in range(MAX_CITY_WORDS, 0, -1):
        words = tokens[index : index + width]
        if len(words) == width and " ".join(token.folded for token in words) in gazetteer:
            last = index + width - 1
            following = tokens[last + 1] if last + 1 < len(tokens) else None
            return index, last + 1 if following is not None and following.text == "City" else last
    return None


def _capitalized_town(tokens: list[Token], index: int) -> tuple[int, int] | None:
    span = known_city_at(tokens, index, CUED_CITIES)
    if span is None or not tokens[index].is_capitalized:
        return None
    return None if " ".join(t.folded for t in tokens[span[0] : span[1] + 1]) in _WORDLIKE_TOWNS else span


def _capitalized_place(tokens: list[Token], index: int) -> tuple[int, int] | None:
    if index >= len(tokens) or not tokens[index].is_capitalized or tokens[index].folded in NON_NAME_WORDS:
        return None
    last, position = index, index + 1
    while position < min(len(tokens), index + 5):
        token = tokens[position]
        if token.folded in LEGAL_FORMS:
            return None
        if token.is_capitalized and token.is_word:
            last = position
        elif token.folded not in _CITY_CONNECTORS:
            break
        position += 1
    return index, last


def _mentioned_cities(tokens: list[Token], lowercase: bool, confidence: float,
                      gazetteer: frozenset[str]) -> list[Candidate]:
    found = []
    for index, token in enumerate(tokens):
        if lowercase or token.is_capitalized:
            span = known_city_at(tokens, index, gazetteer)
            if span:
                found.append(_candidate(tokens, span, lowercase, confidence))
    return found


def _candidate(tokens: list[Token], span: tuple[int, int], lowercase: bool, confidence: float) -> Candidate:
    words = tokens[span[0] : span[1] + 1]
    if lowercase:
        value = " ".join(w.text if w.folded in _CITY_CONNECTORS else w.text[:1].upper() + w.text[1:] for w in words)
    else:
        value = " ".join(token.text for token in words)
    return Candidate("city", value, words[0].start, words[-1].end, confidence)
