"""The prospect's job title: "soy el director comercial", "I'm the head of marketing", "trabajo como ...".

A phrase is only a title when one of its first words is a known title head
("director", "manager", "responsable"...), so "soy de Madrid" is not one.
"""

from __future__ import annotations

from nlp.candidates import Block, Candidate
from nlp.cues import JOB_CUES
from nlp.lang import words
from nlp.lexicon import JOB_TITLE_HEADS, LEGAL_FORMS, NON_NAME_WORDS, STOP_WORDS
from nlp.tokens import Token

MAX_TITLE_WORDS = 5
_ARTICLES = words("TITLE_ARTICLES")
_CONNECTORS = words("TITLE_CONNECTORS") | {"&"}
DEPARTMENTS = words("DEPARTMENTS")


_NOT_IN_TITLES = (NON_NAME_WORDS | STOP_WORDS) - JOB_TITLE_HEADS - (DEPARTMENTS - {"it", "ti"})


def find_job_titles(block: Block) -> list[Candidate]:
    tokens = block.words.tokens
    found = []
    starts = [after for _, after in block.words.cue_ends(JOB_CUES)]
    starts += [
        index + 1
        for index, token in enumerate(tokens)
        if token.text == "," and index + 1 < len(tokens) and tokens[index + 1].is_word
    ]
    for after in starts:
        found += _title_candidate(tokens, title_span(tokens, after), 0.75)
    for index in _heads_after_a_word(tokens):
        span = title_span(tokens, index)
        if span and span[1] > span[0]:  # "david okafor vp of sales", never a lone "agent"
            found += _title_candidate(tokens, span, 0.6)
    return found


def _title_candidate(tokens: list[Token], span: tuple[int, int] | None, confidence: float) -> list[Candidate]:
    if not span:
        return []
    words = tokens[span[0] : span[1] + 1]
    return [Candidate("job_title", " ".join(token.text for token in words), words[0].start, words[-1].end, confidence)]


_NOT_BEFORE_A_HEAD = _NOT_IN_TITLES | JOB_TITLE_HEADS | DEPARTMENTS | _ARTICLES


def _heads_after_a_word(tokens: list[Token]) -> list[int]:
    """Title heads right after a content word: unpunctuated speech runs "name title company" together."""
    return [
        index
        for index in range(1, len(tokens))
        if tokens[index].folded in JOB_TITLE_HEADS
        and tokens[index - 1].is_word
        and tokens[index - 1].folded not in _NOT_BEFORE_A_HEAD
    ]


def title_span(tokens: list[Token], index: int) -> tuple[int, int] | None:
    while index < len(tokens) and tokens[index].folded in _ARTICLES:
        index += 1
    last, position = None, index
    while position < len(tokens) and position - index < MAX_TITLE_WORDS:
        token = tokens[position]
        word = token.folded
        if word in _CONNECTORS and last is not None:
            following = tokens[position + 1] if position + 1 < len(tokens) else None
            if following is None or following.folded not in DEPARTMENTS:
                break
            position += 1
            continue
        following = tokens[position + 1].folded if position + 1 < len(tokens) else ""
        department_before_head = word in DEPARTMENTS and following in JOB_TITLE_HEADS
        excluded = word in _NOT_IN_TITLES and not department_before_head
        if not token.is_word or word in LEGAL_FORMS or excluded:
            break
        last, position = position, position + 1
    if last is None:
        return None
    heads = [t.folded for t in tokens[index : min(last + 1, index + 3)]]
    return (index, last) if any(word in JOB_TITLE_HEADS for word in heads) else None
