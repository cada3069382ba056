"""The field register (``nlp.fields``) and the postcode it adds, through every layer on a real store.

Every layer's list of fields must come from the register: the postcode, added there once, has to
reach the extractor, the chat (only when asked for), the form (optional), the desk, the API and its
schema, the store (normalized per country, latest wins), the review page, the export and the
right of access and erasure.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

import bot.rights
import nlp
import nlp.findings
import store.ingest
import store.merge
import webforms.transcripts
from bot.engine import FIELD_LABELS, ConversationEngine
from captura.config import Settings, SettingsError
from captura.i18n import translate
from captura.intake import LeadDraft
from captura.runtime import Runtime
from nlp.contact import InvalidContact
from nlp.fields import (
    CHAT_QUESTIONS,
    FIELD_NAMES,
    FORM_OPTIONAL,
    REGISTRY,
    VALUE_FIELDS,
    normalize_lead_postcode,
)
from store.db import unit_of_work
from store.export import EXPORT_COLUMNS
from store.models import Lead, LeadValue, Submission
from store.privacy import access_report, erase_leads
from store.scoring import COMPLETENESS_FIELDS
from tests.integration.test_conversation_engine import Chat, text_of
from tests.integration.test_desk import CALL_ES, csrf, review_form
from tests.web.review_fixtures import review_app  # noqa: F401  (fixture)
from tests.web.staff_helpers import signed_in_client
from webforms.desk import ReviewForm
from webforms.embed import CONFIG_KEY, OPTIONAL_FIELDS, FieldRule, FormConfig
from webforms.form import LeadForm

API_BODY = {"name": "John Smith", "email": "john@acme.com", "phone": "+1 617 555 0123", "company": "ACME Inc.",
            "message": "Wants a demo", "consent": {"granted": True}}


def test_every_layer_takes_its_fields_from_the_register() -> None:
    assert "postcode" in FIELD_NAMES
    assert nlp.findings.FIELDS == FIELD_NAMES  # the extractor
    assert webforms.transcripts.FIELDS == FIELD_NAMES  # the desk
    assert set(FIELD_LABELS) == set(FIELD_NAMES)  # the chat's summary
    assert set(FIELD_NAMES) <= set(LeadDraft.model_fields)  # intake and the API
    assert (*VALUE_FIELDS, "language") == store.ingest.TRACKED_FIELDS
    assert "postcode" in store.ingest.LATEST_WINS and "postcode" in store.ingest.LEAD_COLUMNS
    assert "postcode" in store.merge.CHOOSABLE_FIELDS and "postcode" in store.merge.SNAPSHOT_COLUMNS
    assert bot.rights.VALUE_FIELDS == VALUE_FIELDS
    assert tuple(field.on_form for field in FORM_OPTIONAL) == OPTIONAL_FIELDS and "postcode" in OPTIONAL_FIELDS
    assert FormConfig().fields["postcode"] == FieldRule(show=False)  # optional, hidden unless configured
    assert all(hasattr(LeadForm, field.on_form) for field in REGISTRY)
    assert all(hasattr(ReviewForm, field.name) for field in REGISTRY)
    assert EXPORT_COLUMNS[-1] == "Postcode"
    assert "postcode" in Lead.__table__.columns
    # The completeness score keeps its seven fields, so existing scores do not move.
    assert set(COMPLETENESS_FIELDS) == {"name", "company", "job_title", "city", "interest", "email", "phone"}


def test_every_label_and_question_has_its_spanish() -> None:
    texts = [field.label for field in REGISTRY] + [field.chat_question or "" for field in REGISTRY if field.name
                                                   in CHAT_QUESTIONS]
    untranslated = [text for text in texts if translate("es", text) == text]
    assert untranslated == []
    assert translate("es", "Postcode") == "Código postal"


@pytest.mark.parametrize(("raw", "phone", "language", "expected"), [
    ("28034", None, "es", "28034"),
    ("sw1a1aa", None, "en", "SW1A 1AA"),
    (" SW1A-1AA ", "+34 612 345 678", "es", "SW1A 1AA"),  # fits no country of the phone or language
    ("941051234", "+1 617 555 0123", "en", "94105-1234"),
    ("94105", None, "en", "94105"),
])
def test_a_postcode_is_written_as_its_country_writes_it(raw: str, phone: str | None, language: str,
                                                        expected: str) -> None:
    assert normalize_lead_postcode(raw, phone=phone, language=language, region="ES") == expected


@pytest.mark.parametrize("raw", ["ABC", "12", "1234567890", "W1 ABC 2ZZ"])
def test_a_value_no_country_writes_is_refused(raw: str) -> None:
    with pytest.raises(InvalidContact) as refused:
        normalize_lead_postcode(raw, language="en", region="ES")
    assert refused.value.code in {"postcode.invalid", "postcode.too_long"}


def test_the_chat_questions_setting_names_only_questions_the_chat_has() -> None:
    assert Settings.from_env({}).chat_questions == ("company", "interest")
    assert Settings.from_env({"CAPTURA_CHAT_QUESTIONS": "company, Postcode"}).chat_questions == ("company",
                                                                                                 "postcode")
    assert Settings.from_env({"CAPTURA_CHAT_QUESTIONS": "none"}).chat_questions == ()
    with pytest.raises(SettingsError, match=r"CAPTURA_CHAT_QUESTIONS.*zip"):
        Settings.from_env({"CAPTURA_CHAT_QUESTIONS": "company,zip"})


# --- the API -------------------------------------------------------------------------------------------


def _lead(runtime: Runtime, email: str) -> Lead:
    from store.models import ContactPoint

    with runtime.sessions() as session:
        return session.scalars(select(Lead).join(ContactPoint, ContactPoint.lead_id == Lead.id)
                               .where(ContactPoint.value == email)).one()


def _submissions(runtime: Runtime) -> int:
    with runtime.sessions() as session:
        return len(session.scalars(select(Submission.id)).all())


def test_the_api_stores_the_postcode_normalized_per_country(review_app: tuple[Flask, Runtime]) -> None:  # noqa: F811
    app, runtime = review_app
    client = app.test_client()
    english = client.post("/api/v1/leads", json={**API_BODY, "postcode": "sw1a1aa", "language": "en"})
    spanish = client.post("/api/v1/leads", json={**API_BODY, "email": "ana@ejemplo.es", "phone": "612 345 678",
                                                 "postcode": "28034", "language": "es"})
    assert english.status_code == spanish.status_code == 202
    assert _lead(runtime, "john@acme.com").postcode == "SW1A 1AA"
    assert _lead(runtime, "ana@ejemplo.es").postcode == "28034"
    moved = client.post("/api/v1/leads", json={**API_BODY, "postcode": "SW1A 2AA", "language": "en",
                                               "message": "Moved offices"})
    assert moved.status_code == 202
    lead = _lead(runtime, "john@acme.com")
    assert lead.postcode == "SW1A 2AA"  # a later answer wins, like the city
    with runtime.sessions() as session:
        history = session.scalars(select(LeadValue.value).where(LeadValue.lead_id == lead.id,
                                                                LeadValue.field == "postcode")).all()
    assert sorted(history) == ["SW1A 1AA", "SW1A 2AA"]
    schema = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    lead_schema = next(schema[name] for name in schema if name.startswith("ApiLead"))
    assert "postcode" in lead_schema["properties"]


def test_a_bad_postcode_is_a_clear_422_and_nothing_is_stored(review_app: tuple[Flask, Runtime]) -> None:  # noqa: F811
    app, runtime = review_app
    client = app.test_client()
    answer = client.post("/api/v1/leads", json={**API_BODY, "postcode": "XYZ 123", "language": "en"},
                         headers={"Idempotency-Key": "crm-1"})
    assert answer.status_code == 422
    error = answer.get_json()["errors"]["postcode"]
    assert error["code"] == "postcode.invalid" and "postcode" in error["message"]
    too_long = client.post("/api/v1/leads", json={**API_BODY, "postcode": "1" * 30})
    assert too_long.status_code == 422 and "postcode" in too_long.get_json()["errors"]
    assert _submissions(runtime) == 0
    fixed = client.post("/api/v1/leads", json={**API_BODY, "postcode": "94105", "language": "en"},
                        headers={"Idempotency-Key": "crm-1"})
    assert fixed.status_code == 202 and not fixed.get_json()["replayed"]  # the refused body left no trace
    assert _lead(runtime, "john@acme.com").postcode == "94105"


# --- the chat ----------------------------------------------------------------------------------------


def _chat(runtime: Runtime, questions: tuple[str, ...], key: str) -> Chat:
    runtime.settings = dataclasses.replace(runtime.settings, chat_questions=questions)
    return Chat(runtime, key, engine=ConversationEngine(runtime))


ALL_AT_ONCE = "Soy Luis Pérez, luis@perez.es, trabajo en Pérez Hermanos, quiero un presupuesto para una web"


def test_the_chat_asks_for_the_postcode_only_when_configured(inline_runtime: Runtime) -> None:
    default = _chat(inline_runtime, ("company", "interest"), "700")
    volunteered = ALL_AT_ONCE + ", código postal 28034"
    assert nlp.extract(volunteered).postcode is not None  # there to take…
    replies = text_of(default.send(volunteered))
    assert default.state["step"] == "awaiting_consent" and "código postal" not in replies.lower()
    assert "postcode" not in default.state["fields"]  # …but this chat does not keep postcodes

    asking = _chat(inline_runtime, ("company", "interest", "postcode"), "701")
    replies = text_of(asking.send(ALL_AT_ONCE))
    assert asking.state["step"] == "asking_postcode" and "¿Cuál es tu código postal? (opcional)" in replies
    assert any(payload == "skip:postcode" for reply in asking.turns[-1].replies for _, payload in reply.buttons)
    assert "no es válido" in text_of(asking.send("123"))  # told why, and not kept
    assert "postcode" not in asking.state["fields"]


def test_a_postcode_answered_in_the_chat_is_stored(inline_runtime: Runtime) -> None:
    chat = _chat(inline_runtime, ("postcode",), "702")
    chat.send(ALL_AT_ONCE)
    assert chat.state["step"] == "asking_postcode"
    replies = text_of(chat.send("28034"))
    assert "Código postal: 28034" in replies and chat.state["step"] == "awaiting_consent"
    chat.send("sí")
    assert _lead(inline_runtime, "luis@perez.es").postcode == "28034"


# --- the form, the desk, the review page, rights -------------------------------------------------------


def _form_tokens(client: FlaskClient, lang: str) -> dict[str, str]:
    page = client.get(f"/form?lang={lang}").get_data(as_text=True)
    return dict(re.findall(r'name="(csrf_token|form_token)" type="hidden" value="([^"]+)"', page))


def test_the_form_shows_the_postcode_only_when_configured(review_app: tuple[Flask, Runtime]) -> None:  # noqa: F811
    app, runtime = review_app
    client = app.test_client()
    assert 'name="postcode"' not in client.get("/form?lang=es").get_data(as_text=True)
    app.config[CONFIG_KEY] = FormConfig(fields={**FormConfig().fields, "postcode": FieldRule(show=True)})
    page = client.get("/form?lang=es").get_data(as_text=True)
    assert 'name="postcode"' in page and 'autocomplete="postal-code"' in page and "Código postal" in page
    person = {"name": "Lucía Fernández", "email": "lucia@ejemplo.es", "consent": "y"}
    refused = client.post("/form?lang=es", data={**_form_tokens(client, "es"), **person, "postcode": "XYZ"})
    assert refused.status_code == 422 and "Ese código postal no es válido" in refused.get_data(as_text=True)
    assert 'value="XYZ"' in refused.get_data(as_text=True)  # what was typed is kept for the correction
    stored = client.post("/form?lang=es", data={**_form_tokens(client, "es"), **person, "postcode": "28 034"})
    assert stored.status_code == 302
    assert _lead(runtime, "lucia@ejemplo.es").postcode == "28034"


@pytest.fixture
def agent(review_app: tuple[Flask, Runtime]) -> Iterator[tuple[FlaskClient, Runtime]]:  # noqa: F811
    app, runtime = review_app
    yield signed_in_client(app, runtime, "agent"), runtime


def test_the_desk_prefills_the_postcode_it_found(agent: tuple[FlaskClient, Runtime]) -> None:
    client, runtime = agent
    transcript = CALL_ES.replace("Agente: ¿Nos permite", "Agente: ¿Y su código postal?\nCliente: El 28034.\n"
                                                         "Agente: ¿Nos permite")
    page = client.post("/desk/review", data={"csrf_token": csrf(client.get("/desk").get_data(as_text=True)),
                                             "transcript": transcript, "language": ""}).get_data(as_text=True)
    form = review_form(page)
    assert form["postcode"] == "28034" and 'class="mark-postcode"' in page
    done = client.post("/desk/submit", data={**form, "consent_confirmed": "y"})
    assert done.status_code == 200
    assert _lead(runtime, "maria@talleresruiz.es").postcode == "28034"


def test_the_review_page_access_report_and_erasure_know_the_postcode(
        review_app: tuple[Flask, Runtime]) -> None:  # noqa: F811
    app, runtime = review_app
    assert app.test_client().post("/api/v1/leads", json={**API_BODY, "postcode": "sw1a1aa",
                                                         "language": "en"}).status_code == 202
    lead_id = _lead(runtime, "john@acme.com").id
    sales = signed_in_client(app, runtime, "sales")
    page = sales.get(f"/review/leads/{lead_id}?lang=es").get_data(as_text=True)
    assert re.search(r"Código postal</th><td[^>]*>SW1A 1AA<", page)
    found = sales.get("/review/leads?search=SW1A1AA").get_data(as_text=True)
    assert f"/review/leads/{lead_id}" in found
    with unit_of_work(runtime.sessions) as session:
        assert access_report(session, [lead_id])["leads"][0]["postcode"] == "SW1A 1AA"
        assert store.merge.field_values(session.get(Lead, lead_id))["postcode"] == "SW1A 1AA"
        erase_leads(session, [lead_id], actor="test")
    with runtime.sessions() as session:
        assert session.get(Lead, lead_id).postcode is None
