"""Targeted tests, one per rule of the extraction contract (issue 4)."""

from __future__ import annotations

import json

import pytest

from nlp import Extraction, extract
from nlp.findings import FIELDS


def test_result_shape_and_json() -> None:
    text = "Cliente: Hola, me llamo Ana Ruiz y mi correo es ana.ruiz@gmail.com"
    result = extract(text)
    assert isinstance(result, Extraction)
    data = json.loads(json.dumps(result.to_dict()))
    assert set(FIELDS) | {"language", "consent", "details"} == set(data)
    assert data["email"] == "ana.ruiz@gmail.com"
    assert data["phone"] is None
    details = data["details"]["email"]
    assert text[details["start"] : details["end"]] == "ana.ruiz@gmail.com"
    assert details["speaker"] == "Cliente"
    assert 0 < details["confidence"] <= 1


def test_spans_point_into_the_original_text() -> None:
    text = "Agent: Name please?\nCustomer: 😀 It's José Pérez, josé.perez@acme.com"
    result = extract(text, lang="en")
    assert text[result.name.start : result.name.end] == "José Pérez"
    assert result.name.raw == "José Pérez"


@pytest.mark.parametrize(
    "text, language",
    [
        ("Hola, quería información sobre el seguro, gracias", "es"),
        ("Hi, I would like some information about the plan, thanks", "en"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert extract(text).language == language


def test_lang_parameter_overrides_detection() -> None:
    assert extract("Hola, me llamo Ana", lang="en").language == "en"
    with pytest.raises(ValueError):
        extract("hola", lang="fr")


# --- conversations, not sentences ------------------------------------------------------------


def test_agent_data_is_never_the_prospects() -> None:
    text = (
        "Agente: Gracias por llamar a Seguros Nova, le atiende Laura. Mi línea directa es el 912 345 678 "
        "y mi correo laura@seguronova.es.\n"
        "Cliente: Hola Laura, soy Pedro Gómez, mi móvil es el 612 345 678."
    )
    result = extract(text)
    assert result.name.value == "Pedro Gómez"
    assert result.phone.value == "+34612345678"
    assert result.email is None
    assert result.company is None


@pytest.mark.parametrize(
    "labels",
    [
        ("Agent", "Customer"),
        ("Operator", "Caller"),
        ("A", "B"),
        ("[00:01:23] Laura", "[00:01:30] Kevin"),
    ],
)
def test_speaker_labels_and_roles(labels: tuple[str, str]) -> None:
    agent, prospect = labels
    text = (
        f"{agent}: Thank you for calling Acme, this is Laura. May I have your name?\n"
        f"{prospect}: Sure, my name is Kevin Brown.\n"
        f"{agent}: And your email?\n"
        f"{prospect}: kevin.brown@globex.com"
    )
    result = extract(text)
    assert result.name.value == "Kevin Brown"
    assert result.email.value == "kevin.brown@globex.com"
    assert result.email.speaker == prospect.split("] ")[-1]


def test_webvtt_voices() -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Agent>Thanks for calling, what's your email?\n\n"
        "00:00:03.500 --> 00:00:06.000\n<v Caller>it's maria dot lopez at gmail dot com\n"
    )
    result = extract(text)
    assert result.email.value == "maria.lopez@gmail.com"
    assert result.email.speaker == "Caller"


def test_unlabelled_text_with_agent_greeting() -> None:
    text = (
        "Gracias por llamar a Acme, le atiende Laura. "
        "Hola, me llamo Rosa Díaz y trabajo en Talleres Ruiz S.L."
    )
    result = extract(text)
    assert result.name.value == "Rosa Díaz"
    assert result.company.value == "Talleres Ruiz S.L."


def test_correction_wins() -> None:
    text = "Cliente: mi móvil es el 612 345 678\nCliente: no, perdón, es el 612 345 679"
    assert extract(text).phone.value == "+34612345679"
    text = "Caller: it's six one seven five five five oh one two three. wait no, oh one three two"
    assert extract(text, lang="en").phone.value == "+16175550132"


def test_email_split_across_turns() -> None:
    text = "Customer: my email is john\nCustomer: dot smith at acme dot com"
    assert extract(text).email.value == "john.smith@acme.com"


def test_answer_to_the_agents_question() -> None:
    text = "Agente: ¿Con quién hablo?\nCliente: Con Begoña Aranguren"
    assert extract(text).name.value == "Begoña Aranguren"


# --- spoken and messy forms ------------------------------------------------------------------


@pytest.mark.parametrize(
    "said, email",
    [
        ("mi correo es juan punto pérez arroba gmail punto com", "juan.perez@gmail.com"),
        ("my email is j-o-h-n at acme dot co dot uk", "john@acme.co.uk"),
        ("correo: ana guion bajo lopez arroba empresa guion uno punto es", "ana_lopez@empresa-uno.es"),
        ("email: mary underscore ann at outlook dot com", "mary_ann@outlook.com"),
        ("write to maria.g [at] correo [dot] es", "maria.g@correo.es"),
    ],
)
def test_dictated_emails(said: str, email: str) -> None:
    assert extract(said).email.value == email


def test_at_outside_email_context_is_not_an_email() -> None:
    assert extract("I work at acme dot com in sales", lang="en").email is None


@pytest.mark.parametrize(
    "said, phone, lang",
    [
        ("mi móvil es seis uno dos, tres cuatro cinco, seis siete ocho", "+34612345678", "es"),
        (
            "más treinta y cuatro seiscientos doce, treinta y cuatro, cincuenta y seis, setenta y ocho",
            "+34612345678",
            "es",
        ),
        ("seiscientos doce, trescientos cuarenta y cinco, seiscientos setenta y ocho", "+34612345678", "es"),
        ("el teléfono es seis uno dos, doble cuatro, cinco seis siete ocho", "+34612445678", "es"),
        ("my number is six one seven five five five oh one hundred", "+16175550100", "en"),
        ("call me at plus one two one two, double five, triple three, four four", "+12125533344", "en"),
        ("my cell is (617) 555-0134 ext. 22", "+16175550134", "en"),
        ("mobile +44 7911 123456", "+447911123456", "en"),
    ],
)
def test_spoken_and_written_phones(said: str, phone: str, lang: str) -> None:
    assert extract(said, lang=lang).phone.value == phone


@pytest.mark.parametrize(
    "text",
    [
        "Mi pedido 612345678 no ha llegado",
        "Order number 6175550100 was placed on 12/03/2024",
        "La factura es de 612.345.678 euros",
        "El código postal es 28013 y el DNI 12345678Z",
        "Reference 2125550199 for your claim",
    ],
)
def test_hard_negatives_are_not_phones(text: str) -> None:
    assert extract(text).phone is None


def test_names_with_particles_and_two_surnames() -> None:
    result = extract("Cliente: Hola, me llamo María del Carmen García de la Fuente.")
    assert result.name.value == "María del Carmen García de la Fuente"


def test_name_stops_where_the_company_starts() -> None:
    result = extract("Soy Juan de Talleres Ruiz S.L., quería un presupuesto")
    assert result.name.value == "Juan"
    assert result.company.value == "Talleres Ruiz S.L."


@pytest.mark.parametrize(
    "text, company",
    [
        ("Hi, this is John Smith from ACME Inc. and I need a quote", "ACME Inc."),
        ("trabajo en talleres ruiz y quería información", "Talleres Ruiz"),
        ("I work for Globex Corporation in Boston", "Globex Corporation"),
    ],
)
def test_companies(text: str, company: str) -> None:
    assert extract(text).company.value == company


def test_job_title_city_and_interest() -> None:
    result = extract(
        "Soy el director comercial de Bodegas Ruiz, estamos en Logroño "
        "y me interesa el renting de furgonetas."
    )
    assert result.job_title.value == "director comercial"
    assert result.city.value == "Logroño"
    assert result.interest.value == "el renting de furgonetas"


def test_asr_lowercase_with_fillers() -> None:
    text = (
        "hola eh mira me llamo juan pérez y quería información sobre el seguro de hogar "
        "mi correo es juan arroba hotmail punto es"
    )
    result = extract(text)
    assert result.name.value == "Juan Pérez"
    assert result.email.value == "juan@hotmail.es"


# --- consent ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer, granted",
    [
        ("Sí, claro.", True),
        ("No, prefiero que no.", False),
        ("Sí, no hay problema.", True),
        ("Vale", True),
    ],
)
def test_consent_answer_in_spanish(answer: str, granted: bool) -> None:
    text = f"Agente: ¿Nos autoriza a guardar sus datos para contactarle?\nCliente: {answer}"
    consent = extract(text).consent
    assert consent.granted is granted
    assert consent.evidence == answer
    assert consent.speaker == "Cliente"
    assert text[consent.start : consent.end] == answer


@pytest.mark.parametrize(
    "answer, granted",
    [
        ("Yes, that's fine.", True),
        ("No, I'd rather not.", False),
        ("Sure, why not", True),
        ("No thanks", False),
    ],
)
def test_consent_answer_in_english(answer: str, granted: bool) -> None:
    text = f"Agent: Is it okay if we store your details and contact you?\nCustomer: {answer}"
    assert extract(text).consent.granted is granted


def test_volunteered_refusal_and_no_consent_question() -> None:
    assert extract("Customer: please don't call me again").consent.granted is False
    assert extract("Cliente: hola, quería información").consent is None


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t",
        "😀😀🎉🙈",
        "\x00\x01\x02\xff\ufffd" * 50,
        "ok",
        "?!?!",
        "B\ud800 me llamo Juan\udfff Pérez",
        "Hola! I'm interested, me llamo... what? 123 456",
    ],
)
def test_degenerate_inputs_give_a_result(text: str) -> None:
    result = extract(text)
    assert result.language in {"es", "en"}
    json.dumps(result.to_dict())


def test_volunteered_statements() -> None:
    text = "Cliente: me llamo José Antonio y mi correo es ja.martin@yahoo.es pero no quiero que me llaméis"
    result = extract(text)
    assert result.consent.granted is False
    assert result.email.value == "ja.martin@yahoo.es"
    assert extract("Customer: I run Carter Family Dental in Austin").company.value == "Carter Family Dental"


@pytest.mark.parametrize(
    "text", ["Cliente: el problema es Windows, no arranca", "Customer: I'm Interested in the plan"]
)
def test_bare_cues_need_a_real_name(text: str) -> None:
    assert extract(text).name is None
