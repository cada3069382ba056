"""Spanish or English, decided without any model download.

Counting frequent function words is cheap and good enough for conversations,
which are full of them; the ``lang`` argument always overrides.
"""

from __future__ import annotations

import re

from nlp.tokens import fold, word_list

SUPPORTED_LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "en"

_SPANISH_WORDS = frozenset(
    word_list(
        "el la los las de del que y en un una es por para con no se su sus me mi le lo al como pero "
        "si sí hola gracias usted está esta estoy quiero quería llamo soy tengo correo teléfono "
        "empresa nombre buenos buenas días tardes claro vale bueno pues este eh muy más también "
        "arroba punto datos nos ya cuando donde dónde qué cuál"
    )
)
_ENGLISH_WORDS = frozenset(
    word_list(
        "the a an of and to in is it you i my your for on with this that at be are was have has "
        "hi hello thanks thank please yes yeah sure okay name email phone number company calling "
        "would like can could what how we our from dot um uh just i'm it's don't"
    )
)
_WORD = re.compile(r"[^\W\d_]+(?:'[a-z]+)?", re.UNICODE)
_SPANISH_MARKS = re.compile(r"[ñ¿¡áéíóú]", re.IGNORECASE)


def detect_language(text: str) -> str:
    """Return "es" or "en" from function-word counts and Spanish-only characters."""
    spanish = english = 0
    for word in _WORD.findall(text[:20000].lower()):
        spanish += word in _SPANISH_WORDS or fold(word) in _SPANISH_WORDS
        english += word in _ENGLISH_WORDS
    spanish += len(_SPANISH_MARKS.findall(text[:20000])) // 2
    if spanish == english:
        return DEFAULT_LANGUAGE
    return "es" if spanish > english else "en"


def resolve_language(text: str, lang: str | None) -> str:
    """The caller's language when given (validated), else the detected one."""
    if lang is None:
        return detect_language(text)
    code = lang.strip().lower()[:2]
    if code not in SUPPORTED_LANGUAGES:
        raise ValueError(f"Unsupported language {lang!r}; use one of {', '.join(SUPPORTED_LANGUAGES)}.")
    return code
