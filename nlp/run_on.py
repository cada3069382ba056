"""Unlabelled, unpunctuated call transcripts: where the agent's questions are, so the answers can be read.

Some speech-to-text exports are one long line with neither speaker labels nor
punctuation: "compresores bilbao buenos días le atiende asier hola mire llamo
de talleres urola … me dice su nombre sí iñaki etxeberria …". Read as one
turn, the agent's greeting makes the whole call the agent's and nothing is
extracted. The agent's questions are the reliable landmarks: each one ends an
agent part, and what follows, up to the next question, is the caller's answer.
"""

from __future__ import annotations

import re
import unicodedata

from nlp.cues import CONSENT_QUESTION, MARKETING_QUESTION
from nlp.lang import alternation, cue, words
from nlp.lexicon import NO_WORDS, YES_WORDS

MIN_RUN_ON_WORDS = 40  # shorter unlabelled text is a message, not a call

_ASK = cue("run_on_question")
# The agent's greeting ends with their own name: "… le atiende asier", "… this is dave speaking".
_GREETING_END = re.compile(rf"(?<!\w){alternation('greeting_end')} \w+(?: speaking)?(?!\w)")
_ACKNOWLEDGEMENTS = words("ACKNOWLEDGEMENTS")
_MAX_ACK_WORDS = 4


def split_run_on(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(start, end, is the agent asking) pieces of ``text[start:end]``; one piece when it is no run-on call."""
    segment = text[start:end]
    if len(segment.split()) < MIN_RUN_ON_WORDS or any(mark in segment for mark in ".?!¿"):
        return [(start, end, False)]
    folded = _fold_keeping_length(segment)
    asks = [(m.start(), m.end()) for m in _ASK.finditer(folded)]
    asks += [(m.start(), _up_to_the_answer(folded, m.end())) for pattern in (CONSENT_QUESTION, MARKETING_QUESTION)
             for m in pattern.finditer(folded)]
    greeting = _GREETING_END.search(folded)
    if greeting and greeting.start() < len(folded) // 4:
        asks.append((0, greeting.end()))
    pieces, position = [], 0
    for ask_start, ask_end in _merged(sorted(asks), folded):
        if ask_start < position:
            continue
        ask_start = _with_acknowledgement(folded, ask_start, position)
        if ask_start > position:
            pieces.append((start + position, start + ask_start, False))
        pieces.append((start + ask_start, start + ask_end, True))
        position = ask_end
    if position < len(segment):
        pieces.append((start + position, end, False))
    return [(s, e, agent) for s, e, agent in pieces if text[s:e].strip()]


_ANSWER_WORDS = YES_WORDS | NO_WORDS | words("REPLY_WORDS")
_MAX_QUESTION_TAIL = 16  # words a consent question may run on after its cue


def _up_to_the_answer(folded: str, cue_end: int) -> int:
    """A consent question goes on after its cue ("is it alright if one of our consultants calls you …"):
    it ends where the caller's yes or no begins, if that comes soon."""
    for count, word in enumerate(re.finditer(r"\S+", folded[cue_end:])):
        if count >= _MAX_QUESTION_TAIL:
            break
        if word.group() in _ANSWER_WORDS:
            return cue_end + word.start()
    return cue_end


_MAX_WORDS_BETWEEN_ASKS = 3


def _merged(asks: list[tuple[int, int]], folded: str) -> list[tuple[int, int]]:
    """Questions a few words apart are one question: "lo podemos contactar para enviarle ofertas"."""
    merged: list[tuple[int, int]] = []
    for start, end in asks:
        if merged and len(folded[merged[-1][1] : start].split()) <= _MAX_WORDS_BETWEEN_ASKS:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _with_acknowledgement(folded: str, ask_start: int, floor: int) -> int:
    """Move a question's start back over the agent's "vale perfecto y …" before it."""
    words = list(re.finditer(r"\S+", folded[floor:ask_start]))
    position = ask_start
    for word in reversed(words[-_MAX_ACK_WORDS:]):
        if word.group() not in _ACKNOWLEDGEMENTS:
            break
        position = floor + word.start()
    return position


def _fold_keeping_length(text: str) -> str:
    """Lower case without accents, one character for one, so offsets into the original still hold."""
    return "".join(unicodedata.normalize("NFD", char)[0].lower()[0] if char.isalpha() else char for char in text)
