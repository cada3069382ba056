"""The prospect's name: after "me llamo", "my name is", "soy", "this is", or as the answer to "¿su nombre?".

Names keep their particles ("María del Carmen García de la Fuente") but stop
where a company begins ("Juan de Talleres Ruiz S.L.").
"""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz import fuzz

from nlp.candidates import Block, Candidate
from nlp.cues import (
    BUSINESS_NOUNS,
    CORRECTION_CUES,
    NAME_BARE,
    NAME_STRONG,
    NAME_WEAK,
    SURNAME_FIELD,
    THIRD_PARTY_WORDS,
)
from nlp.lang import words
from nlp.lexicon import (
    CITIES,
    COMPANY_WORDS,
    FILLERS,
    FIRST_NAMES,
    JOB_TITLE_HEADS,
    LEGAL_FORMS,
    NAME_PARTICLES,
    NON_NAME_WORDS,
    YES_WORDS,
    spoken_legal_form_at,
)
from nlp.tokens import Token, fold, is_lowercase_text

MAX_NAME_WORDS = 6
MAX_ANSWER_OFFSET = 10  # tokens of hesitation and false start before the answer itself
_ANSWER_PREAMBLE = FILLERS | YES_WORDS | words("ANSWER_PREAMBLE") | {":", ",", ".", "-"}


def find_names(block: Block) -> list[Candidate]:
    if "someone_else" in block.asked:
        return []  # the answer to "¿cómo se llama el alumno?"
    tokens = block.words.tokens
    lowercase = is_lowercase_text(block.turn.text)
    catalan = block.language == "es"
    found = []
    cues = ((NAME_STRONG, 0.9, False), (NAME_WEAK, 0.75, lowercase), (NAME_BARE, 0.7, True))
    for pattern, confidence, needs_known_name in cues:
        for first, after in block.words.cue_ends(pattern):
            if names_someone_else(block.words.window_before(first, _THIRD_PARTY_WINDOW)):
                continue  # "my son's name is Arjun"
            start = _skip(tokens, after, FILLERS | {":", ","})
            span = name_span(tokens, start, lowercase, needs_known_name, catalan)
            if span and (pattern is not NAME_BARE or tokens[span[0]].folded in FIRST_NAMES):
                found.append(_candidate(tokens, span, lowercase, confidence))
    if not found:
        unprompted = _names_opening_a_sentence(tokens, lowercase, catalan)
        if block.asked & _OTHER_NAMED_FIELDS and not block.asked & {"name", "surname"}:
            # The answer to "what's the name of the business?" names a business, not the speaker.
            unprompted = [replace(c, confidence=c.confidence - 0.2) for c in unprompted]
        found += unprompted
    for _, after in block.words.cue_ends(SURNAME_FIELD):  # a form's "Apellidos: Etxeberria Goikoetxea"
        span = name_span(tokens, _skip(tokens, after, FILLERS | {":"}), lowercase, False, catalan)
        if span:
            found.append(_candidate(tokens, span, lowercase, 0.9, "surname"))
    if block.asked & {"name", "surname"}:  # the answer itself, unless a cue already found it
        span = name_span(tokens, _skip(tokens, 0, _ANSWER_PREAMBLE), lowercase, False, catalan)
        if span and span[0] <= MAX_ANSWER_OFFSET and not any(c.start <= tokens[span[0]].start < c.end for c in found):
            field = "name" if "name" in block.asked else "surname"
            found.append(_candidate(tokens, span, lowercase, 0.7, field))
    if found or "name" in block.asked:
        found += _corrected_first_names(tokens, block, lowercase, catalan)
    return found


_THIRD_PARTY_WINDOW = 3  # words before a name (or its cue) that may say whose it is
_POSSESSIVE = re.compile(r"['’]s(?!\w)")


def names_someone_else(preceding: str) -> bool:
    """ "my boss", "my son's name is", "mi socio", "Learner name:": the name that follows is not the prospect's.

    The relation must be someone's ("my", "mi", "su") or label a field ("Learner name:"): "La mamá, Lucía
    Fernández" is the caller saying who she is.
    """
    words = _POSSESSIVE.sub("", fold(preceding)).replace(",", " ").replace(":", " ").split()[-_THIRD_PARTY_WINDOW:]
    for position, word in enumerate(words):
        owned = any(before in _POSSESSIVES for before in words[max(0, position - 2) : position])
        if word in THIRD_PARTY_WORDS and (owned or words[position + 1 : position + 2] in (["name"], ["nombre"])):
            return True
        if word in _STAFF and owned:  # "mi administradora, Jessica Vera", "my assistant Tom"
            return True
    return False


# Roles someone else holds for the prospect ("mi administradora", "my accountant"), when owned.
_STAFF = words("STAFF_ROLES")
_POSSESSIVES = words("POSSESSIVES")


_OTHER_NAMED_FIELDS = frozenset({"company", "city", "job_title"})
_SENTENCE_BREAKS = {".", "!", "?", ";", ":", ","}


def _names_opening_a_sentence(tokens: list[Token], lowercase: bool, catalan: bool) -> list[Candidate]:
    """A name said on its own, as a sign-off or a form entry: "María del Carmen López Pérez."."""
    found = []
    for index, token in enumerate(tokens):
        opening = index
        while opening and tokens[opening - 1].folded in FILLERS:
            opening -= 1
        previous = tokens[opening - 1].text if opening else "."
        if previous not in _SENTENCE_BREAKS and not previous.endswith("."):
            continue
        span = name_span(tokens, index, lowercase, needs_known_name=False, catalan=catalan)
        if not span or span[1] == span[0]:
            continue
        ends_sentence = span[1] + 1 >= len(tokens) or tokens[span[1] + 1].folded in _SENTENCE_BREAKS
        known = token.folded in FIRST_NAMES
        if (known and lowercase) or (ends_sentence and not lowercase):
            found.append(_candidate(tokens, span, lowercase, 0.5 if lowercase else 0.6))
    return found


def _skip(tokens: list[Token], index: int, words: frozenset[str] | set[str]) -> int:
    while index < len(tokens) and tokens[index].folded in words:
        index += 1
    return index


def is_name_word(token: Token, lowercase: bool) -> bool:
    """A word that can be part of a person's name in this text."""
    word = token.folded
    if len(word) < 2 or not token.text.replace("'", "").replace("-", "").replace("’", "").isalpha():
        return False
    if word in NON_NAME_WORDS or word in JOB_TITLE_HEADS or word in LEGAL_FORMS or word in COMPANY_WORDS:
        return False
    return lowercase or token.is_capitalized


def name_span(
    tokens: list[Token], index: int, lowercase: bool, needs_known_name: bool, catalan: bool = False
) -> tuple[int, int] | None:
    """Token indices [first, last] of the name starting at ``index``, or None.

    ``catalan``: Spanish text, where a lower-case "i" between surnames is the Catalan "and".
    """
    span = _plain_name_span(tokens, index, lowercase, False, catalan)
    if span is None:
        return None
    span = _restarted(tokens, span, lowercase, catalan)
    if needs_known_name and span[0] == span[1] and tokens[span[0]].folded not in FIRST_NAMES:
        return None
    return span


def _plain_name_span(
    tokens: list[Token], index: int, lowercase: bool, needs_known_name: bool, catalan: bool = False
) -> tuple[int, int] | None:
    if index >= len(tokens) or not (is_name_word(tokens[index], lowercase) or _stop_word_first_name(tokens, index)):
        return None
    first_word = tokens[index].folded
    if first_word in CITIES and first_word not in FIRST_NAMES:  # "Santiago Burgos", "Charlotte" are people too
        return None
    last, words, position = index, 1, index + 1
    while position < len(tokens) and words < MAX_NAME_WORDS:
        after_particles = _skip(tokens, position, NAME_PARTICLES)
        if _catalan_conjunction(tokens, after_particles, lowercase, catalan):
            after_particles += 1
        if after_particles >= len(tokens) or not is_name_word(tokens[after_particles], lowercase):
            break
        if after_particles > position and _company_starts(tokens, after_particles):
            break
        if tokens[after_particles].folded == first_word:
            break  # "xosé manuel outeiro xosé con equis": the spelling note starts again
        last, words, position = after_particles, words + 1, after_particles + 1
    if needs_known_name and first_word not in FIRST_NAMES and words < 2:
        return None
    return index, last


_AFTER_A_CORRECTION = FILLERS | words("CORRECTION_LEAD_IN") | {",", ":"}  # "sorry, it's Shawn"


def _corrected_first_names(tokens: list[Token], block: Block, lowercase: bool, catalan: bool) -> list[Candidate]:
    """ "Sean Mackenzie. Sorry, Shawn with a W": a first name right after "sorry"/"perdón" corrects the name."""
    found = []
    for _, after in block.words.cue_ends(CORRECTION_CUES):
        start = _skip(tokens, after, _AFTER_A_CORRECTION)
        if start < len(tokens) and (tokens[start].folded in FIRST_NAMES or is_name_word(tokens[start], False)):
            span = name_span(tokens, start, lowercase, False, catalan)
            if span:
                found.append(_candidate(tokens, span, lowercase, 0.75))
    return found


def _stop_word_first_name(tokens: list[Token], index: int) -> bool:
    """ "Sean Mackenzie": a first name that is also a stop word in the other language ("sean" is Spanish for
    "they be") when a capitalized surname follows."""
    token, following = tokens[index], tokens[index + 1] if index + 1 < len(tokens) else None
    return (token.is_capitalized and token.folded in FIRST_NAMES and following is not None
            and following.is_capitalized and is_name_word(following, False))


def _catalan_conjunction(tokens: list[Token], index: int, lowercase: bool, catalan: bool) -> bool:
    """ "Puig i Ferrer": a lower-case "i" joining two surnames (never the English "I").

    In lower-case text (ASR) only when the text is Spanish, where "i" is no word of its own.
    """
    if index + 1 >= len(tokens) or tokens[index].text != "i":
        return False
    following = tokens[index + 1]
    if lowercase:
        return catalan and is_name_word(following, lowercase) and following.folded not in FIRST_NAMES
    return following.is_capitalized and is_name_word(following, lowercase)


def _restarted(tokens: list[Token], span: tuple[int, int], lowercase: bool, catalan: bool) -> tuple[int, int]:
    """False starts: "adolfo... adolfo ramírez sanz", "Jennifer. Jennifer Wu", "dave uh david okafor" — keep the
    full repeat."""
    position = span[1] + 1
    skipped = 0
    while (
        position < len(tokens) and skipped < 4 and (tokens[position].folded in FILLERS or not tokens[position].is_word)
    ):
        position, skipped = position + 1, skipped + 1
    if position < len(tokens) and same_first_name(tokens[position].folded, tokens[span[0]].folded):
        repeat = _plain_name_span(tokens, position, lowercase, needs_known_name=False, catalan=catalan)
        if repeat and repeat[1] - repeat[0] > span[1] - span[0]:
            return repeat
    return span


def same_first_name(said: str, started: str) -> bool:
    """Two folded first names for one person: "dave"/"david", "xavi"/"xavier", "sean"/"shawn".

    "dave uh david okafor" restarts the name in full; "Sean Mackenzie. Sorry, Shawn" corrects it.
    """
    return said == started or (said[:1] == started[:1] and fuzz.ratio(said, started) >= _SIMILAR_FIRST_NAME)


_SIMILAR_FIRST_NAME = 60


def _company_starts(tokens: list[Token], index: int) -> bool:
    """ "gonzalo etcheverry de agroinsumos pampa ese erre ele": what follows "de" is a firm, not a surname."""
    window = [token.folded for token in tokens[index : index + 6]]
    if window[0] in COMPANY_WORDS or window[0] in CITIES or window[0] in BUSINESS_NOUNS:
        return True
    return any(word in LEGAL_FORMS or spoken_legal_form_at(window, position) for position, word in enumerate(window))


def _candidate(
    tokens: list[Token], span: tuple[int, int], lowercase: bool, confidence: float, field: str = "name"
) -> Candidate:
    first, last = tokens[span[0]], tokens[span[1]]
    words = tokens[span[0] : span[1] + 1]
    value = " ".join(_display(token.text, lowercase) for token in words)
    return Candidate(field, value, first.start, last.end, confidence + 0.05 * min(len(words) - 1, 2))


def _display(word: str, lowercase: bool) -> str:
    if not lowercase or word.lower() in NAME_PARTICLES or word == "i":
        return word
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))
