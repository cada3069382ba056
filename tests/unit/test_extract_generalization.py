"""General behaviours added for unseen conversations (development examples, not the blind set)."""

from __future__ import annotations

import pytest

from nlp import extract


def _get(text: str, lang: str, field: str):
    data = extract(text, lang=lang).to_dict()
    if field == "consent":
        return data["consent"]["granted"] if data["consent"] else None
    return data[field]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("cliente: sí es teresa molina cuarenta arroba yahoo punto es", "es", "teresamolina40@yahoo.es"),
        (
            "rep: and your email\ncaller: sure it's mark evans twenty one at gmail dot com",
            "en",
            "markevans21@gmail.com",
        ),
        ("cliente: es pablo noventa y nueve arroba gmail punto com", "es", "pablo99@gmail.com"),
        ("cliente: juan punto perez arroba gmail punto com", "es", "juan.perez@gmail.com"),
    ],
)
def test_number_words_end_a_dictated_local_part(text: str, lang: str, expected: str) -> None:
    assert _get(text, lang, "email") == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Cliente: carla arroba outlook punto com. Perdón, es gmail, no outlook.", "es", "carla@gmail.com"),
        (
            "Cliente: lucas@yahoo.es\nAgente: Anotado.\nCliente: Uy, no es yahoo, es gmail punto com",
            "es",
            "lucas@gmail.com",
        ),
        (
            "Customer: ben.k@outlook.com\nAgent: thanks\nCustomer: sorry, not outlook, it is gmail dot com",
            "en",
            "ben.k@gmail.com",
        ),
        ("Cliente: ana@yahoo.es, no es broma, la uso a diario", "es", "ana@yahoo.es"),
    ],
)
def test_a_later_correction_of_the_provider_replaces_the_domain(text: str, lang: str, expected: str) -> None:
    assert _get(text, lang, "email") == expected


@pytest.mark.parametrize(
    ("question", "answer", "lang", "expected"),
    [
        ("Agente: ¿Le damos de alta en el boletín?", "Cliente: Sí, vale.", "es", True),
        ("Agente: ¿Quiere recibir nuestras promociones?", "Cliente: No, gracias.", "es", False),
        ("Agent: Can I add you to our mailing list?", "Customer: sure", "en", True),
        ("Agent: Shall we keep you posted on new offers?", "Customer: no thanks", "en", False),
    ],
)
def test_marketing_list_questions_are_consent_questions(question, answer, lang, expected) -> None:
    text = f"Cliente: hola\n{question}\n{answer}" if lang == "es" else f"Customer: hi\n{question}\n{answer}"
    assert _get(text, lang, "consent") is expected


def test_a_prospect_mentioning_a_newsletter_is_not_asked_for_consent() -> None:
    text = "Cliente: Hola, me llegó vuestro boletín y quería información del curso de yoga."
    assert _get(text, "es", "consent") is None


def test_plural_interest_cue() -> None:
    text = "Cliente: Somos una gestoría. Nos interesa un programa de facturación electrónica."
    assert _get(text, "es", "interest") == "un programa de facturación electrónica"
