"""The prospect's city: a known city after "soy de"/"based in", or a capitalized place after strong cues."""

from __future__ import annotations

from nlp.candidates import Block, Candidate
from nlp.cues import CITY_CUES
from nlp.lexicon import CITIES, LEGAL_FORMS, MAX_CITY_WORDS, NON_NAME_WORDS
from nlp.tokens import Token, is_lowercase_text

_WEAK_CUES = {"en", "in", "de", "from", "desde", "out of"}
_CITY_CONNECTORS = {"de", "del", "la", "las", "los", "san", "santa", "st", "st."}


def find_cities(block: Block) -> list[Candidate]:
    tokens = block.words.tokens
    lowercase = is_lowercase_text(block.turn.text)
    found = []
    for first, after in block.words.cue_ends(CITY_CUES):
        cue = " ".join(token.folded for token in tokens[first:after])
        span = known_city_at(tokens, after)
        if span:
            found.append(_candidate(tokens, span, lowercase, 0.85))
        elif cue not in _WEAK_CUES and not lowercase:
            span = _capitalized_place(tokens, after)
            if span:
                found.append(_candidate(tokens, span, lowercase, 0.55))
    if not found:
        found += _mentioned_cities(tokens, lowercase, 0.7 if "city" in block.asked else 0.4)
    return found


def known_city_at(tokens: list[Token], index: int) -> tuple[int, int] | None:
    """The longest gazetteer city starting at ``index``."""
    for width in range(MAX_CITY_WORDS, 0, -1):
        words = tokens[index : index + width]
        if len(words) == width and " ".join(token.folded for token in words) in CITIES:
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


def _mentioned_cities(tokens: list[Token], lowercase: bool, confidence: float) -> list[Candidate]:
    found = []
    for index, token in enumerate(tokens):
        if lowercase or token.is_capitalized:
            span = known_city_at(tokens, index)
            if span:
                found.append(_candidate(tokens, span, lowercase, confidence))
    return found


def _candidate(tokens: list[Token], span: tuple[int, int], lowercase: bool, confidence: float) -> Candidate:
    words = tokens[span[0] : span[1] + 1]
    if lowercase:
        value = " ".join(
            w.text if w.folded in _CITY_CONNECTORS else w.text[:1].upper() + w.text[1:] for w in words
        )
    else:
        value = " ".join(token.text for token in words)
    return Candidate("city", value, words[0].start, words[-1].end, confidence)
