"""Name, title and company given as a list: "Kim Nguyen, CFO, Acme Robotics", or a signature block.

People introduce themselves (and sign) with segments separated by commas,
dashes, bars or line breaks instead of cue phrases. A segment that is wholly
a job title anchors the reading: the segment before it is the person's name
when it is wholly a name, the one after it the company when it is wholly a
company name ("Laura Pérez\\nResponsable de Compras\\nDistribuciones Pérez").
"""

from __future__ import annotations

from dataclasses import replace

from nlp.candidates import Block, Candidate
from nlp.job_titles import title_span
from nlp.lang import words
from nlp.lexicon import CITIES, COUNTRIES, FILLERS, FIRST_NAMES, YES_WORDS
from nlp.organizations import company_span
from nlp.people import name_span
from nlp.tokens import Token, is_lowercase_text

_SEPARATORS = {",", "|", "\n", "-", "–", "—", "·", "/", ".", ";", "!", "?", "(", ")"}
MAX_SEGMENT_WORDS = 7
_PREAMBLE = FILLERS | YES_WORDS | words("SIGNATURE_PREAMBLE")


def find_signature_fields(block: Block) -> list[Candidate]:
    tokens = block.words.tokens
    lowercase = is_lowercase_text(block.turn.text)
    segments = _segments(tokens)
    found: list[Candidate] = []
    for position, (first, last) in enumerate(segments):
        title = title_span(tokens, first)
        if not title or title[1] != last:
            continue
        found.append(_candidate("job_title", tokens, (title[0], last), 0.8))
        if position > 0:
            found += _name_segment(tokens, segments[position - 1], lowercase)
        if position + 1 < len(segments):
            found += _company_segment(tokens, segments[position + 1], lowercase)
    if "name" in block.asked and len(segments) >= 2 and not found:
        found += _name_then_company(tokens, segments, lowercase)
    return found


def _name_then_company(tokens: list[Token], segments: list[tuple[int, int]], lowercase: bool) -> list[Candidate]:
    """ "Who am I speaking with?" — "Pete Sorensen, Sorensen Lumber.": the name, then where they work."""
    while len(segments) > 2 and all(t.folded in _PREAMBLE for t in tokens[segments[0][0] : segments[0][1] + 1]):
        segments = segments[1:]
    first, second = segments[0], segments[1]
    if first[0] > 5 or lowercase:
        return []
    names = _name_segment(tokens, first, lowercase)
    if not names or tokens[second[0]].folded in FIRST_NAMES:
        return []
    company = _company_segment(tokens, second, lowercase)
    words = " ".join(token.folded for token in tokens[second[0] : second[1] + 1])
    if not company or words in COUNTRIES or not all(t.is_capitalized for t in tokens[second[0] : second[1] + 1]):
        return []
    return [*names, replace(company[0], confidence=0.7)]


def _segments(tokens: list[Token]) -> list[tuple[int, int]]:
    """[first, last] token indices of each run of words between separators, if short enough."""
    segments, start = [], None
    for index, token in enumerate([*tokens, Token("\n", -1, -1)]):
        if token.text in _SEPARATORS:
            if start is not None and index - start <= MAX_SEGMENT_WORDS:
                segments.append((start, index - 1))
            start = None
        elif start is None:
            start = index
    return segments


def _name_segment(tokens: list[Token], segment: tuple[int, int], lowercase: bool) -> list[Candidate]:
    first, last = segment
    # A greeting may open the segment: "Hi - Kim Nguyen, CFO" has its own separator; "Saludos Kim Nguyen" not.
    span = name_span(tokens, first, lowercase, needs_known_name=False)
    if not span or span[1] != last:
        return []
    if span[1] == span[0] and tokens[first].folded not in FIRST_NAMES:
        return []
    return [_candidate("name", tokens, span, 0.85)]


def _company_segment(tokens: list[Token], segment: tuple[int, int], lowercase: bool) -> list[Candidate]:
    first, last = segment
    span = company_span(tokens, first, lowercase)
    if not span or span[1] != last:
        return []
    words = " ".join(token.folded for token in tokens[span[0] : span[1] + 1])
    if words in CITIES or "@" in words:
        return []
    return [_candidate("company", tokens, span, 0.8)]


def _candidate(field: str, tokens: list[Token], span: tuple[int, int], confidence: float) -> Candidate:
    words = tokens[span[0] : span[1] + 1]
    value = " ".join(token.text for token in words)
    return Candidate(field, value, words[0].start, words[-1].end, confidence)
