"""Reading short typed answers: yes/no, skip, greetings, language requests, corrections."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.answers import is_greeting, is_skip, language_request, sounds_like_correction, yes_or_no


@pytest.mark.parametrize("text", ["sí", "Si", "¡Sí, claro!", "vale", "claro", "de acuerdo", "OK", "ok, gracias",
                                  "yes", "Yes please", "yep", "sure", "I agree", "acepto", "por supuesto", "👍",
                                  "looks good", "Está bien", "claro que sí"])
def test_yes(text: str) -> None:
    assert yes_or_no(text) is True


@pytest.mark.parametrize("text", ["no", "No.", "nope", "no, gracias", "No thanks", "prefiero que no", "mejor no",
                                  "I'd rather not", "de ninguna manera", "👎"])
def test_no(text: str) -> None:
    assert yes_or_no(text) is False


@pytest.mark.parametrize("text", ["no, my email is ana@x.es", "sí pero mi teléfono es otro", "yes no", "maybe",
                                  "quizás", "", "what does this mean?", "no sé"])
def test_anything_else_is_neither(text: str) -> None:
    assert yes_or_no(text) is None


@given(st.text(max_size=200))
def test_reading_answers_never_fails(text: str) -> None:
    yes_or_no(text), is_skip(text), is_greeting(text), language_request(text), sounds_like_correction(text)


@given(st.emails())
def test_a_message_with_an_email_is_never_a_yes_or_no(email: str) -> None:
    assert yes_or_no(f"sí, {email}") is None and yes_or_no(f"no, {email}") is None


def test_skip_greeting_language_and_correction() -> None:
    assert is_skip("saltar") and is_skip("Skip please") and is_skip("prefiero no decirlo") and not is_skip("Acme")
    assert is_greeting("¡Hola!") and is_greeting("buenas tardes") and not is_greeting("Hola, soy Marta")
    assert language_request("English please") == "en" and language_request("en español, por favor") == "es"
    assert language_request("¿Hablas inglés?") == "en" and language_request("Can we speak Spanish?") == "es"
    assert language_request("clases de inglés") is None and language_request("Soy Marta") is None
    assert sounds_like_correction("no, mi correo es otro") and sounds_like_correction("Actually it's Sam")
    assert not sounds_like_correction("Talleres Ruiz")
