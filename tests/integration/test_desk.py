"""The transcript desk: reading files, the review page, submitting through intake, bulk uploads.

Agents sign in through the real staff sign-in (``webforms.auth``).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from captura.runtime import Runtime
from store.models import Consent, Lead, StaffUser, Submission
from tests.conftest import _truncate_all, make_runtime
from tests.web.staff_helpers import signed_in_client
from webforms import create_app
from webforms.transcripts import Agent, TranscriptUnreadable, idempotency_key, read_transcript

CALL_ES = (
    "Agente: Buenos días, le llamo de Captura. ¿Con quién hablo?\n"
    "Cliente: Soy María García, de Talleres Ruiz.\n"
    "Agente: ¿Me da un correo o un teléfono de contacto?\n"
    "Cliente: Mi correo es maria@talleresruiz.es y mi teléfono 612 345 678.\n"
    "Agente: ¿Nos permite guardar sus datos y contactarla sobre su solicitud?\n"
    "Cliente: Sí, claro.\n"
)
VTT = (
    "WEBVTT\n\n00:00.000 --> 00:03.000\n<v Agent>Hello, who am I speaking with?\n\n"
    "00:03.000 --> 00:07.000\n<v Customer>This is John Smith from Acme Corp, john.smith@acme.com\n\n"
    "00:07.000 --> 00:10.000\n<v Agent>May we store your details and contact you about your request?\n\n"
    "00:10.000 --> 00:12.000\n<v Customer>Yes, that's fine.\n"
)
SRT = (
    "1\n00:00:00,000 --> 00:00:02,000\nAgente: ¿Su nombre?\n\n"
    "2\n00:00:02,000 --> 00:00:04,000\n<i>Cliente:</i> Pedro López, pedro@lopez.es\n"
)


@pytest.fixture
def desk(database_url: str) -> Iterator[tuple[Flask, Runtime]]:
    runtime = make_runtime(database_url, redis=False, secure_cookies=False)
    if runtime.engine.dialect.name == "postgresql":
        _truncate_all(runtime)
    yield create_app(runtime=runtime), runtime
    runtime.close()


def agent_client(desk: tuple[Flask, Runtime]) -> FlaskClient:
    return signed_in_client(desk[0], desk[1], "agent")


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def review_form(page: str) -> dict[str, str]:
    """Every named input of the review page with its value, as a browser would post it."""
    fields = dict(re.findall(r'<input[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', page))
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', page):
        fields[name] = value
    fields.pop("consent_confirmed", None)
    fields["consent_method"] = re.search(r'<option selected value="([^"]+)"', page).group(1)
    return {name: html.unescape(value.lstrip("\r\n")) for name, value in fields.items()}


def test_txt_vtt_and_srt_become_speaker_lines() -> None:
    assert read_transcript("call.txt", CALL_ES.encode()) == CALL_ES.strip()
    assert read_transcript("call.vtt", VTT.encode()).splitlines()[1] == (
        "Customer: This is John Smith from Acme Corp, john.smith@acme.com")
    assert read_transcript("call.srt", SRT.encode()).splitlines() == [
        "Agente: ¿Su nombre?", "Cliente: Pedro López, pedro@lopez.es"]
    assert "María" in read_transcript("old.txt", CALL_ES.encode("cp1252"))


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("call.docx", b"x", "only .txt"),
    ("call.vtt", b"not a subtitle file", "not a valid WebVTT"),
    ("call.srt", b"nothing here", "no cues"),
    ("call.txt", b"   \n  ", "no text"),
    ("call.txt", b"x" * 3_000_000, "larger than"),
])
def test_unreadable_files_say_why(name: str, content: bytes, reason: str) -> None:
    with pytest.raises(TranscriptUnreadable, match=reason):
        read_transcript(name, content)


def test_the_same_transcript_from_the_same_agent_has_one_key() -> None:
    agent, other = Agent("7", "a"), Agent("8", "b")
    assert idempotency_key("hola", agent) == idempotency_key("hola", agent) != idempotency_key("hola", other)
    assert idempotency_key("hola", agent).startswith("desk:") and len(idempotency_key("hola", agent)) == 69


def test_the_desk_is_for_signed_in_staff_only(desk: tuple[Flask, Runtime]) -> None:
    anonymous = desk[0].test_client()
    assert anonymous.get("/desk").status_code == 302 and "/login" in anonymous.get("/desk").headers["Location"]
    assert anonymous.post("/desk/files").status_code in (302, 400)
    for role in ("agent", "sales", "admin"):
        assert signed_in_client(desk[0], desk[1], role).get("/desk").status_code == 200


def test_paste_review_correct_confirm_and_submit(desk: tuple[Flask, Runtime]) -> None:
    runtime = desk[1]
    client = agent_client(desk)
    token = csrf(client.get("/desk").text)
    page = client.post("/desk/review", data={"csrf_token": token, "transcript": CALL_ES,
                                                            "language": ""}).text
    assert '<mark class="mark-email"' in page and '<mark class="mark-consent"' in page
    assert "Found with confidence" in page
    form = review_form(page)
    assert form["email"] == "maria@talleresruiz.es" and form["consent_statement"] == "Sí, claro."
    unconfirmed = client.post("/desk/submit", data=form)
    assert unconfirmed.status_code == 422 and "nothing was stored" in unconfirmed.text
    corrected = {**form, "company": "Talleres Ruiz S.L.", "consent_confirmed": "y", "consent_method": "recorded_call"}
    done = client.post("/desk/submit", data=corrected)
    assert done.status_code == 200 and "Lead submitted" in done.text
    again = client.post("/desk/submit", data=corrected)
    assert "It had already been submitted." in again.text
    changed = client.post("/desk/submit", data={**corrected, "city": "Vigo"})
    assert changed.status_code == 409
    with runtime.sessions() as session:
        submission = session.scalars(select(Submission)).one()
        consent = session.scalars(select(Consent)).one()
        lead = session.scalars(select(Lead)).one()
        agent_id = session.scalar(select(StaffUser.id).where(StaffUser.email == "agent@captura.test"))
    assert submission.channel == "desk"
    assert submission.idempotency_key == idempotency_key(form["transcript"], Agent(str(agent_id), ""))
    assert consent.granted and consent.channel == "desk" and consent.language == "es"
    assert consent.evidence["method"] == "recorded_call" and consent.evidence["statement"] == "Sí, claro."
    assert consent.evidence["detected"] is True and consent.evidence["confirmed_by"] == str(agent_id)
    assert lead.display_name == "María García"


def test_a_bulk_upload_goes_on_past_a_bad_file(desk: tuple[Flask, Runtime]) -> None:
    runtime = desk[1]
    client = agent_client(desk)
    token = csrf(client.get("/desk").text)
    files = [(io.BytesIO(VTT.encode()), "john.vtt"), (io.BytesIO(b"\x00garbage"), "broken.vtt"),
             (io.BytesIO(SRT.encode()), "pedro.srt"), (io.BytesIO(CALL_ES.encode()), "maria.txt")]
    page = client.post("/desk/files", content_type="multipart/form-data", data={
        "csrf_token": token, "consent_method": "phone_call", "consent_confirmed": "y", "files": files}).text
    rows = re.findall(r'<tr class="result-(\w+)"><td>([^<]+)</td>', page)
    assert rows == [("submitted", "john.vtt"), ("failed", "broken.vtt"), ("needs_review", "pedro.srt"),
                    ("submitted", "maria.txt")]
    with runtime.sessions() as session:
        assert sorted(session.scalars(select(Submission.source_ref)).all()) == [
            "desk-file:john.vtt", "desk-file:maria.txt"]


def test_one_file_per_request_for_the_progress_bar(desk: tuple[Flask, Runtime]) -> None:
    client = agent_client(desk)
    token = csrf(client.get("/desk").text)
    no_token = client.post("/desk/api/files", data={"file": (io.BytesIO(VTT.encode()), "a.vtt")})
    assert no_token.status_code == 400
    answer = client.post("/desk/api/files", headers={"X-CSRFToken": token},
                         data={"file": (io.BytesIO(VTT.encode()), "a.vtt"), "consent_confirmed": "y"})
    assert answer.status_code == 200 and answer.json["status"] == "submitted"
    assert answer.json["fields"]["email"] == "john.smith@acme.com"
    unconfirmed = client.post("/desk/api/files", headers={"X-CSRFToken": token},
                              data={"file": (io.BytesIO(CALL_ES.encode()), "b.txt")})
    assert unconfirmed.json["status"] == "needs_review"


def test_the_desk_speaks_spanish(desk: tuple[Flask, Runtime]) -> None:
    client = agent_client(desk)
    index = client.get("/desk?lang=es").text
    assert "Escritorio de transcripciones" in index and "Pega la transcripción de una llamada" in index
    token = csrf(index)
    review_page = client.post("/desk/review?lang=es", data={"csrf_token": token, "transcript": CALL_ES,
                                                            "language": ""}).text
    for english in ("Check the details", "Found with confidence", "Submit the lead", "How consent was given"):
        assert english not in review_page
    assert "Revisa los datos" in review_page and "Encontrado con una confianza del" in review_page


def test_a_tampered_review_form_is_refused_not_a_crash(desk: tuple[Flask, Runtime]) -> None:
    runtime = desk[1]
    client = agent_client(desk)
    token = csrf(client.get("/desk").text)
    base = {"csrf_token": token, "transcript": CALL_ES, "language": "es", "email": "maria@talleresruiz.es",
            "consent_method": "phone_call", "consent_confirmed": "y", "consent_statement": "Sí"}
    assert client.post("/desk/submit", data={**base, "language": "xx"}).status_code == 200  # read as English
    assert client.post("/desk/submit", data={**base, "transcript": "x" * 210_000}).status_code == 413
    assert client.post("/desk/submit", data={**base, "consent_method": "telepathy"}).status_code == 422
    assert client.post("/desk/submit", data={**base, "name": "<script>alert(1)</script>" * 50}).status_code == 422
    assert client.post("/desk/submit", data={**base, "csrf_token": "forged"}).status_code == 400
    with runtime.sessions() as session:
        assert len(session.scalars(select(Submission)).all()) == 1
