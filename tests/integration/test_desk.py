"""The transcript desk: reading files, the review page, submitting through intake, bulk uploads.

Staff sign-in (``webforms.auth``, Flask-Login + Argon2) is built on another
branch; until it is merged these tests install a *test double* of its one
contract, ``role_required(*roles)``, with a Flask-Login ``request_loader``
reading an ``X-Test-Staff: id:role:email`` header. The desk itself is real.
"""

from __future__ import annotations

import functools
import html
import io
import re
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask, abort
from flask_login import LoginManager, current_user
from sqlalchemy import select

from captura.runtime import Runtime
from store.models import Consent, Lead, Submission
from tests.conftest import make_runtime
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


@dataclass
class StaffStub:
    id: str
    role: str
    email: str
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        return self.id


def _role_required(*roles: str):  # type: ignore[no-untyped-def]
    def decorate(view):  # type: ignore[no-untyped-def]
        @functools.wraps(view)
        def guarded(*args, **kwargs):  # type: ignore[no-untyped-def]
            if not current_user.is_authenticated:
                abort(401)
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return guarded
    return decorate


def staff_app(runtime: Runtime) -> Flask:
    """The real app, with the test double of ``webforms.auth`` in place while it is built."""
    module = types.ModuleType("webforms.auth")
    module.role_required = _role_required  # type: ignore[attr-defined]
    sys.modules["webforms.auth"] = module
    sys.modules.pop("webforms.desk", None)
    try:
        app = create_app(runtime=runtime)
    finally:
        del sys.modules["webforms.auth"]
        sys.modules.pop("webforms.desk", None)
    logins = LoginManager(app)

    @logins.request_loader
    def _from_header(request):  # type: ignore[no-untyped-def]
        identity, _, rest = request.headers.get("X-Test-Staff", "").partition(":")
        role, _, email = rest.partition(":")
        return StaffStub(identity, role, email) if identity else None

    return app


AGENT = {"X-Test-Staff": "7:agent:agente@captura.test"}


@pytest.fixture
def desk(database_url: str) -> Iterator[tuple[Flask, Runtime]]:
    runtime = make_runtime(database_url, redis=False)
    if runtime.engine.dialect.name == "postgresql":
        from tests.conftest import _truncate_all
        _truncate_all(runtime)
    yield staff_app(runtime), runtime
    runtime.close()


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
    client = desk[0].test_client()
    assert client.get("/desk").status_code == 401
    assert client.get("/desk", headers={"X-Test-Staff": "9:viewer:x@y.z"}).status_code == 403
    assert client.get("/desk", headers=AGENT).status_code == 200


def test_the_desk_is_off_without_sign_in(sqlite_url: str) -> None:
    runtime = make_runtime(sqlite_url, redis=False)
    assert create_app(runtime=runtime).test_client().get("/desk").status_code == 404
    runtime.close()


def test_paste_review_correct_confirm_and_submit(desk: tuple[Flask, Runtime]) -> None:
    app, runtime = desk
    client = app.test_client()
    token = csrf(client.get("/desk", headers=AGENT).text)
    page = client.post("/desk/review", headers=AGENT, data={"csrf_token": token, "transcript": CALL_ES,
                                                            "language": ""}).text
    assert '<mark class="mark-email"' in page and '<mark class="mark-consent"' in page
    assert "Found with confidence" in page
    form = review_form(page)
    assert form["email"] == "maria@talleresruiz.es" and form["consent_statement"] == "Sí, claro."
    unconfirmed = client.post("/desk/submit", headers=AGENT, data=form)
    assert unconfirmed.status_code == 422 and "nothing was stored" in unconfirmed.text
    corrected = {**form, "company": "Talleres Ruiz S.L.", "consent_confirmed": "y", "consent_method": "recorded_call"}
    done = client.post("/desk/submit", headers=AGENT, data=corrected)
    assert done.status_code == 200 and "Lead submitted" in done.text
    again = client.post("/desk/submit", headers=AGENT, data=corrected)
    assert "It had already been submitted." in again.text
    changed = client.post("/desk/submit", headers=AGENT, data={**corrected, "city": "Vigo"})
    assert changed.status_code == 409
    with runtime.sessions() as session:
        submission = session.scalars(select(Submission)).one()
        consent = session.scalars(select(Consent)).one()
        lead = session.scalars(select(Lead)).one()
    assert submission.channel == "desk" and submission.idempotency_key == idempotency_key(form["transcript"],
                                                                                           Agent("7", ""))
    assert consent.granted and consent.channel == "desk" and consent.language == "es"
    assert consent.evidence["method"] == "recorded_call" and consent.evidence["statement"] == "Sí, claro."
    assert consent.evidence["detected"] is True and consent.evidence["confirmed_by"] == "7"
    assert lead.display_name == "María García"


def test_a_bulk_upload_goes_on_past_a_bad_file(desk: tuple[Flask, Runtime]) -> None:
    app, runtime = desk
    client = app.test_client()
    token = csrf(client.get("/desk", headers=AGENT).text)
    files = [(io.BytesIO(VTT.encode()), "john.vtt"), (io.BytesIO(b"\x00garbage"), "broken.vtt"),
             (io.BytesIO(SRT.encode()), "pedro.srt"), (io.BytesIO(CALL_ES.encode()), "maria.txt")]
    page = client.post("/desk/files", headers=AGENT, content_type="multipart/form-data", data={
        "csrf_token": token, "consent_method": "phone_call", "consent_confirmed": "y", "files": files}).text
    rows = re.findall(r'<tr class="result-(\w+)"><td>([^<]+)</td>', page)
    assert rows == [("submitted", "john.vtt"), ("failed", "broken.vtt"), ("needs_review", "pedro.srt"),
                    ("submitted", "maria.txt")]
    with runtime.sessions() as session:
        assert sorted(session.scalars(select(Submission.source_ref)).all()) == [
            "desk-file:john.vtt", "desk-file:maria.txt"]


def test_one_file_per_request_for_the_progress_bar(desk: tuple[Flask, Runtime]) -> None:
    client = desk[0].test_client()
    token = csrf(client.get("/desk", headers=AGENT).text)
    no_token = client.post("/desk/api/files", headers=AGENT, data={"file": (io.BytesIO(VTT.encode()), "a.vtt")})
    assert no_token.status_code == 400
    answer = client.post("/desk/api/files", headers={**AGENT, "X-CSRFToken": token},
                         data={"file": (io.BytesIO(VTT.encode()), "a.vtt"), "consent_confirmed": "y"})
    assert answer.status_code == 200 and answer.json["status"] == "submitted"
    assert answer.json["fields"]["email"] == "john.smith@acme.com"
    unconfirmed = client.post("/desk/api/files", headers={**AGENT, "X-CSRFToken": token},
                              data={"file": (io.BytesIO(CALL_ES.encode()), "b.txt")})
    assert unconfirmed.json["status"] == "needs_review"
