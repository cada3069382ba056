"""Whether the prospect agreed (or refused) to be contacted or to have data stored.

Evidence for a reviewer, never a substitute for Captura's explicit consent
step: the finding points at the turn that answered the agent's question.
"""

from __future__ import annotations

import re

from nlp.cues import CONSENT_QUESTION, MARKETING_QUESTION
from nlp.findings import ConsentFinding
from nlp.tokens import fold
from nlp.turns import AGENT, Conversation, Turn


def _any(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)")


_POSITIVE_DESPITE_NEGATION = _any(
    r"no hay (?:ningun )?problema",
    r"sin problema",
    r"ningun problema",
    r"no problem",
    r"not a problem",
    r"no me importa",
    r"(?:i )?don'?t mind",
    r"do not mind",
    r"why not",
    r"por que no",
    r"no worries",
    r"no tengo (?:ningun )?inconveniente",
)
_NEGATIVE = _any(
    r"no",
    r"prefiero que no",
    r"mejor no",
    r"no gracias",
    r"no quiero",
    r"no autorizo",
    r"no acepto",
    r"no doy",
    r"rather not",
    r"don'?t",
    r"do not",
    r"no thanks?",
    r"no thank you",
    r"nope",
    r"nah",
    r"not really",
    r"not (?:at the moment|at this (?:time|point|stage)|now|right now|today|yet|for now|interested)",
    r"i'?ll pass",
    r"prefer not",
    r"decline",
    r"ni hablar",
    r"para nada",
    r"de ninguna manera",
    r"negativo",
)
_POSITIVE = _any(
    r"si",
    r"claro",
    r"vale",
    r"de acuerdo",
    r"por supuesto",
    r"acepto",
    r"autorizo",
    r"consiento",
    r"adelante",
    r"perfecto",
    r"ok",
    r"okay",
    r"yes",
    r"yeah",
    r"yep",
    r"yup",
    r"sure",
    r"of course",
    r"fine",
    r"go ahead",
    r"agree",
    r"i agree",
    r"i consent",
    r"absolutely",
    r"definitely",
    r"please do",
    r"sounds good",
    r"correcto",
    r"venga",
    r"dale",
    r"sin duda",
    r"that'?s fine",
    r"that'?s ok",
    r"totally",
    r"certainly",
    r"con gusto",
    r"bueno",
    r"okey",
    r"okis",
    r"si si",
    r"afirmativo",
    r"you can",
    r"you may",
    r"puede",
    r"pueden",
)
_VOLUNTEERED_REFUSAL = _any(
    r"no me (?:llam|contact|escrib|molest)\w* mas",
    r"no me (?:llamen|contacten)",
    r"no quiero que (?:me (?:llam|contact|escrib|moleste)\w*|guard\w*|almacen\w*)",
    r"borr\w+ mis datos",
    r"elimin\w+ mis datos",
    r"don'?t (?:call|contact|email|text) me",
    r"do not (?:call|contact|email|text) me",
    r"stop calling",
    r"(?:remove|delete|erase) my (?:data|details|number|information|info)",
    r"unsubscribe",
    r"no quiero recibir",
    r"dar(?:me)? de baja",
    r"(?:don'?t|do not|please don'?t) (?:put|add|sign|subscribe) me",
    r"(?:not|no) interested in (?:any )?(?:marketing|newsletters?|promotions|offers|mailing lists?)",
    r"no (?:me )?(?:apunte|apunten|apuntes|suscriba|suscriban|incluya|incluyan|metan|den de alta)",
    r"no (?:me )?(?:envien|envieis|mandeis|manden|mande) (?:publicidad|ofertas|promociones|nada|spam)",
    r"no quiero (?:publicidad|newsletter|boletin|ofertas|promociones|spam)",
    r"no (?:spam|marketing|publicidad)",
)
_VOLUNTEERED_CONSENT = _any(
    r"(?:pueden|puede|podeis|puedes) (?:llamarme|contactarme|escribirme|enviarme)(?! al| en el| a este)",
    r"(?:pueden|puede|podeis|puedes) (?:agregarme|anotarme|apuntarme|suscribirme|incluirme)",
    r"you can (?:add|subscribe|sign) me",
    r"you can (?:call|contact|email|text) me(?! at| on)",
    r"feel free to (?:call|contact|email|reach|text)",
    r"doy mi consentimiento",
    r"i consent",
    r"i give (?:my )?consent",
    r"autorizo (?:a|el|que)",
    r"acepto (?:la|el|que|recibir)",
    r"sign me up",
    r"(?:add|put) me (?:on|to) (?:your|the) (?:list|newsletter|mailing list)",
    r"keep me (?:posted|updated|informed)",
    r"(?:apuntame|apunteme|suscribeme|suscribame)",
    r"(?:mandadme|enviadme|envienme|mandenme|enviame|mandame) "
    r"(?:ofertas|promociones|novedades|el boletin|la newsletter)",
)
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
