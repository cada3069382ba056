"""The prospect's city: a known city after "soy de"/"based in", or a capitalized place after strong cues.

A short list of large cities is trusted anywhere; towns (GeoNames, 15,000+ people) only after a strong
cue or as the answer to "which city?": "Reading", "Mobile" or "Jackson" are also words and surnames.
"""

from __future__ import annotations

from nlp.candidates import Block, Candidate
from nlp.cues import CITY_CUES, TRAVEL_CUES
from nlp.lexicon import CITIES, CUED_CITIES, LEGAL_FORMS, MAX_CITY_WORDS, NON_NAME_WORDS
from nlp.tokens import Token, is_lowercase_text

_WEAK_CUES = {"en", "in", "de", "from", "desde", "out of"}
_BARE_PREPOSITIONS = {"en", "in", "de"}
# Where the person lives outranks where the firm sits: "soy de Valladolid, la sede está en Madrid".
_RESIDENCE_CUES = {"soy de", "vivo en", "live in"}
_CITY_CONNECTORS = {"de", "del", "la", "las", "los", "san", "santa", "st", "st."}


def find_cities(block: Block) -> list[Candidate]:
    tokens = block.words.tokens
    lowercase = is_lowercase_text(block.turn.text)
    found = []
    for first, after in block.words.cue_ends(CITY_CUES):
        cue = " ".join(token.folded for token in tokens[first:after])
        span = known_city_at(tokens, after, CITIES if cue in _WEAK_CUES else CUED_CITIES)
        if span:
            # "vivo en X" says where the prospect is; "una tienda en X" only mentions a place.
            found.append(_candidate(tokens, span, lowercase, _cue_confidence(cue)))
        elif cue not in _WEAK_CUES and not lowercase:
            span = _capitalized_place(tokens, after)
            if span:
                found.append(_candidate(tokens, span, lowercase, 0.55))
    if not found:
        asked = "city" in block.asked
        found += _mentioned_cities(tokens, lowercase, 0.7 if asked else 0.4, CUED_CITIES if asked else CITIES)
    return [c for c in found if not in_a_move(block, c)]


def _cue_confidence(cue: str) -> float:
    if cue in _RESIDENCE_CUES:
        return 0.9
    return 0.7 if cue in _BARE_PREPOSITIONS else 0.85


_TRAVEL_WINDOW = 6


_ROUTE_FROM = {"from", "de", "desde"}
_ROUTE_TO = {"to", "a", "hasta"}


def in_a_move(block: Block, candidate: Candidate) -> bool:
    """ "relocating from Houston to Denver", "trucking from Chicago to Denver", "un vuelo a Roma".

    A place left, visited, or either end of a route ("from X to Y", "de X a Y") is not where the
    prospect is.
    """
    tokens = block.words.tokens
    index = block.words.index_at(candidate.start)
    if TRAVEL_CUES.search(block.words.window_before(index, _TRAVEL_WINDOW)):
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


def _place_like(token: Token) -> bool:
    return token.is_capitalized or token.folded in CITIES


def known_city_at(tokens: list[Token], index: int, gazetteer: frozenset[str] = CITIES) -> tuple[int, int] | None:
    """The longest ``gazetteer`` city starting at ``index``."""
    for width in range(MAX_CITY_WORDS, 0, -1):
        words = tokens[index : index + width]
        if len(words) == width and " ".join(token.folded for token in words) in gazetteer:
            return index, index + width - 1
    return None


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
