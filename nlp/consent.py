"""Whether the prospect agreed (or refused) to be contacted or to have data stored.

Evidence for a reviewer, never a substitute for Captura's explicit consent
step: the finding points at the turn that answered the agent's question.
"""

from __future__ import annotations

import re

from nlp.cues import CONSENT_QUESTION, MARKETING_QUESTION
from nlp.findings import ConsentFinding
from nlp.lang import cue
from nlp.tokens import fold
from nlp.turns import AGENT, Conversation, Turn

_POSITIVE_DESPITE_NEGATION = cue("positive_despite_negation")
_NEGATIVE = cue("negative")
_POSITIVE = cue("positive")
_VOLUNTEERED_REFUSAL = cue("volunteered_refusal")
_VOLUNTEERED_CONSENT = cue("volunteered_consent")
_ANSWER_WORDS = 14


def detect_consent(conversation: Conversation) -> ConsentFinding | None:
    """The last consent answer or volunteered statement by the prospect, or None."""
    finding = None
    turns = conversation.turns
    for index, turn in enumerate(turns):
        if turn.role == AGENT:
            continue
        form_answer = _form_answer(turn.text)
        if form_answer is not None:  # "¿Acepta recibir comunicaciones comerciales?: No"
            finding = _finding(turn, form_answer, 0.9)
            continue
        previous = turns[index - 1] if index else None
        asked = previous is not None and previous.role == AGENT and _asks_consent(fold(previous.text))
        answer = _classify_answer(turn.text) if asked else None
        if answer is not None:
            finding = _finding(turn, answer, 0.9)
            continue
        volunteered = _volunteered(turn.text)
        if volunteered is not None:
            finding = _finding(turn, volunteered, 0.7)
    return finding


_FORM_FIELD = re.compile(r"^[ \t]*(?P<question>[^\n:]{8,200}?)[ \t]*:[ \t]*(?P<answer>[^\n]{1,40})$", re.MULTILINE)


def _form_answer(text: str) -> bool | None:
    """A form's consent field and its value: "Acepto recibir promociones: Sí", "Consent to contact: yes"."""
    for field in _FORM_FIELD.finditer(text):
        question = fold(field.group("question"))
        if _asks_consent(question) or re.search(r"(?<!\w)(?:acepto|accept|agree|consent)\w*", question):
            answer = _classify_answer(field.group("answer"))
            if answer is not None:
                return answer
    return None


def _asks_consent(folded: str) -> bool:
    return bool(CONSENT_QUESTION.search(folded) or MARKETING_QUESTION.search(folded))


def _classify_answer(text: str) -> bool | None:
    opening = " ".join(fold(text).split()[:_ANSWER_WORDS])
    if _VOLUNTEERED_REFUSAL.search(opening):
        return False
    if _POSITIVE_DESPITE_NEGATION.search(opening):
        return True
    negative, positive = _NEGATIVE.search(opening), _POSITIVE.search(opening)
    if negative and (not positive or negative.start() <= positive.start()):
        return False
    return True if positive else None


def _volunteered(text: str) -> bool | None:
    folded = fold(text)
    if _VOLUNTEERED_REFUSAL.search(folded):
        return False
    return True if _VOLUNTEERED_CONSENT.search(folded) else None


def _finding(turn: Turn, granted: bool, confidence: float) -> ConsentFinding:
    evidence = turn.text.strip()
    return ConsentFinding(granted, evidence, turn.start, turn.end, turn.speaker, confidence)
