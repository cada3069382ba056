"""Reading short typed answers: yes or no, "skip", "English please".

Prospects answer a question in their own words ("vale", "sí, claro",
"prefiero que no", "nope"); buttons are offered too, but a typed answer must
count the same. An answer counts only when *every* word is part of a known
phrase, so "no, my email is …" is a correction, not a refusal.
"""

from __future__ import annotations

import re
import unicodedata

YES = frozenset({
    "si", "vale", "claro", "de acuerdo", "ok", "okay", "okey", "oki", "yes", "yep", "yeah", "yup", "sure",
    "acepto", "i agree", "agree", "agreed", "i accept", "accept", "por supuesto", "of course", "adelante",
    "perfecto", "dale", "venga", "go ahead", "correcto", "fine", "that's fine", "thats fine", "absolutely",
    "certainly", "consiento", "i consent", "bueno", "sin problema", "no problem", "estoy de acuerdo",
    "looks good", "sounds good", "all good", "great", "perfect", "that's right", "thats right", "correct",
    "esta bien", "todo bien", "todo correcto", "genial", "de una", "por supuesto que si", "claro que si",
})
NO = frozenset({
    "no", "nope", "nah", "prefiero que no", "mejor no", "no acepto", "i don't agree", "i do not agree",
    "i disagree", "rather not", "i'd rather not", "i would rather not", "no quiero", "de ninguna manera",
    "para nada", "not now", "ahora no", "no way", "negativo", "i don't", "i do not", "don't", "decline",
    "i decline", "no lo acepto", "no estoy de acuerdo",
})
SKIP = frozenset({
    "skip", "saltar", "salta", "omitir", "paso", "pass", "next", "siguiente", "nada", "ninguna", "ninguno",
    "none", "n/a", "na", "-", "prefiero no decirlo", "rather not say", "no company", "sin empresa",
    "no tengo", "particular", "no", "nope", "nothing",
})
FILLER = frozenset({
    "please", "por favor", "thanks", "thank you", "gracias", "muchas gracias", "pls", "hombre", "ya", "then",
    "entonces", "pues", "it", "esto", "that", "eso",
})
GREETINGS = frozenset({
    "hola", "hello", "hi", "hey", "buenas", "buenos dias", "buenas tardes", "buenas noches", "good morning",
    "good afternoon", "good evening", "que tal", "saludos", "hello there", "hi there", "hey there", "ey",
    "holi", "hola que tal", "muy buenas", "greetings", "howdy", "yo",
})
LANGUAGE_WORDS = {"english": "en", "ingles": "en", "spanish": "es", "espanol": "es", "castellano": "es"}
LANGUAGE_FILLER = frozenset({
    "please", "por", "favor", "can", "could", "we", "you", "speak", "talk", "write", "continue", "in", "en",
    "habla", "hablas", "sabes", "hablame", "hablemos", "hablar", "puedes", "podemos", "seguimos", "sigamos", "escribe",
    "escribeme", "let's", "lets", "do", "prefer", "prefiero", "mejor", "switch", "to", "a", "al", "pls",
    "cambia", "cambiar", "idioma", "language", "the", "el", "i", "yo", "mas", "more",
})
_PUNCTUATION = re.compile(r"[^\w\s'/-]+")


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: "¡Sí, claro!" -> "si claro"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")
    return " ".join(_PUNCTUATION.sub(" ", plain).split())


def _phrases(words: list[str], vocabulary: dict[str, frozenset[str]]) -> set[str] | None:
    """Which vocabularies cover ``words`` exactly (longest phrase first); None if a word is left over."""
    kinds: set[str] = set()
    position = 0
    while position < len(words):
        for size in range(min(5, len(words) - position), 0, -1):
            phrase = " ".join(words[position:position + size])
            kind = next((name for name, phrases in vocabulary.items() if phrase in phrases), None)
            if kind:
                kinds.add(kind)
                position += size
                break
        else:
            return None
    return kinds


def yes_or_no(text: str) -> bool | None:
    """True for a yes, False for a no, None when the text is anything else."""
    stripped = text.strip()
    if stripped in {"👍", "👌", "✅"}:
        return True
    if stripped in {"👎", "❌"}:
        return False
    kinds = _phrases(fold(stripped).split(), {"yes": YES, "no": NO, "filler": FILLER})
    if kinds is None:
        return None
    kinds.discard("filler")
    if kinds == {"yes"}:
        return True
    if kinds == {"no"}:
        return False
    return None


def is_greeting(text: str) -> bool:
    """"Hola", "hi there!", "buenas tardes": a greeting, not an answer to a question."""
    kinds = _phrases(fold(text).split(), {"greeting": GREETINGS, "filler": FILLER})
    return kinds is not None and "greeting" in kinds


def is_skip(text: str) -> bool:
    """The prospect does not want to answer an optional question."""
    kinds = _phrases(fold(text).split(), {"skip": SKIP, "filler": FILLER})
    return kinds is not None and "skip" in kinds


def language_request(text: str) -> str | None:
    """"English please", "en español", "¿hablas inglés?" -> "en"/"es"; None for anything else."""
    words = fold(text).split()
    if not words or len(words) > 7:
        return None
    wanted = {LANGUAGE_WORDS[word] for word in words if word in LANGUAGE_WORDS}
    others = [word for word in words if word not in LANGUAGE_WORDS and word not in LANGUAGE_FILLER]
    if len(wanted) == 1 and not others:
        return wanted.pop()
    return None


_CORRECTION = re.compile(
    r"^(?:no|nope|not)\b|\b(?:actually|en realidad|perdon|sorry|correction|corrijo|correccion|i meant|quise decir|"
    r"my name is|me llamo|mi nombre es|wrong|equivocad\w*|mal escrito|change|cambia\w*|instead|en vez|"
    r"en lugar|not|rather|mejor dicho)\b"
)


def sounds_like_correction(text: str) -> bool:
    """"No, my name is …", "perdón, es …": the person is fixing a value they gave before."""
    return bool(_CORRECTION.search(fold(text)))
