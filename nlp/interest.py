"""What the prospect wants, as a short phrase: the object of "me interesa", "I'm interested in", "busco"..."""

from __future__ import annotations

import re

from nlp.candidates import Block, Candidate
from nlp.cues import INTEREST_CUES, OPT_OUT, SERVICE_MATTER_CUES
from nlp.lang import alternation, phrases, words
from nlp.lexicon import FILLERS, STOP_WORDS
from nlp.tokens import Token

MAX_INTEREST_WORDS = 10
_CLAUSE_END = {".", "?", "!", ";", ",", ":", "(", ")"}
_CLAUSE_BREAKS = re.compile(rf"^{alternation('clause_break')}\b")
_GENERIC_CUES = frozenset(phrases("GENERIC_INTEREST_CUES"))


def find_interest(block: Block) -> list[Candidate]:
    tokens = block.words.tokens
    found = []
    for first, after in block.words.cue_ends(INTEREST_CUES):
        if _negated(tokens, first):
            continue
        cue = " ".join(token.folded for token in tokens[first:after])
        span = _phrase(tokens, after)
        if span:
            words = tokens[span[0] : span[1] + 1]
            value = " ".join(token.text for token in words)
            confidence = 0.5 if cue in _GENERIC_CUES else 0.75
            found.append(Candidate("interest", value, words[0].start, words[-1].end, confidence))
    return found


_VAGUE = words("VAGUE_WORDS")
_NEGATIONS = words("NEGATIONS")


def _negated(tokens: list[Token], cue_index: int) -> bool:
    """ "no me interesa" is the opposite of an interest."""
    return any(token.folded in _NEGATIONS for token in tokens[max(0, cue_index - 2) : cue_index])


def _phrase(tokens: list[Token], index: int) -> tuple[int, int] | None:
    """The clause after the cue; a service matter ("el pedido 1234...") is not a sales interest."""
    while index < len(tokens) and (tokens[index].folded in FILLERS or tokens[index].folded in _CLAUSE_END):
        index += 1
    last, position = None, index
    while position < len(tokens) and position - index < MAX_INTEREST_WORDS:
        token = tokens[position]
        rest = " ".join(t.folded for t in tokens[position : position + 3])
        if token.folded in _CLAUSE_END or _CLAUSE_BREAKS.match(rest) or "@" in token.text:
            break
        if token.folded not in FILLERS:
            last = position
        position += 1
    words = tokens[index : last + 1] if last is not None else []
    if not words or all(t.folded in STOP_WORDS for t in words):
        return None
    if SERVICE_MATTER_CUES.search(" ".join(t.folded for t in words)):
        return None
    if all(t.folded in STOP_WORDS or t.folded in _VAGUE for t in words):
        return None
    if OPT_OUT.search(" ".join(t.folded for t in words)):
        return None
    while last > index and tokens[last].folded in _DANGLING:
        last -= 1
    return index, last


# A phrase cut by the length limit must not end on "in", "de la", "and"...
_DANGLING = words("DANGLING_WORDS")
