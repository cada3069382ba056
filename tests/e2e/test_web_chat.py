"""The web chat endpoint over HTTP, driving the real conversation engine (``bot.engine``) to a stored lead."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from captura.runtime import Runtime
from store.models import Consent, Conversation, Lead, Submission
from tests.conftest import make_runtime
from webforms import create_app
from webforms.chat import BACKEND_KEY
from webforms.limits import POST_LIMITS


@pytest.fixture
def chat(sqlite_url: str) -> Iterator[tuple[Flask, Runtime]]:
    runtime = make_runtime(sqlite_url, redis=False, secure_cookies=False)
    yield create_app(runtime=runtime), runtime
    runtime.close()


class Visitor:
    """One person in the widget: keeps the session token the server hands back, like the JavaScript does."""

    def __init__(self, client: FlaskClient, lang: str = "es") -> None:
        self.client, self.lang, self.session = client, lang, None

    def send(self, text: str, kind: str = "text", payload: str | None = None) -> dict:
        answer = self.client.post("/chat/api/messages", json={
            "session": self.session, "kind": kind, "text": text, "payload": payload, "lang": self.lang})
        assert answer.status_code == 200, answer.get_data(as_text=True)
        assert answer.headers["Access-Control-Allow-Origin"] == "*"
        body = answer.get_json()
        self.session = body["session"]
        return body


def buttons(body: dict) -> dict[str, str]:
    return {button["label"]: button["payload"] for reply in body["replies"] for button in reply["buttons"]}


def test_a_whole_chat_ends_in_one_consented_lead(chat: tuple[Flask, Runtime]) -> None:
    app, runtime = chat
    person = Visitor(app.test_client())
    greeting = person.send("/start", kind="command")
    assert "Captura" in greeting["replies"][0]["text"] and greeting["finished"] is False
    person.send("Soy Lucía Fernández, mi correo es lucia@ejemplo.es y trabajo en Panadería Sol")
    body = person.send("Quiero un presupuesto de hornos")
    for _ in range(3):  # the engine may still ask an optional question; skip until it asks for consent
        choices = buttons(body)
        consent = next((payload for payload in choices.values() if payload.startswith("consent:yes")), None)
        if consent:
            break
        skip = next(payload for payload in choices.values() if payload.startswith("skip:"))
        body = person.send("", kind="button", payload=skip)
    assert consent, body
    label = next(label for label, payload in buttons(body).items() if payload == consent)
    done = person.send(label, kind="button", payload=consent)
    assert done["finished"] is True
    with runtime.sessions() as session:
        lead = session.scalars(select(Lead)).one()
        submission = session.scalars(select(Submission)).one()
        granted = session.scalars(select(Consent)).one()
        conversation = session.scalars(select(Conversation)).one()
    assert submission.channel == "webchat" and granted.granted and granted.language == "es"
    assert "lucia@ejemplo.es" in str(submission.payload)
    assert lead.display_name.startswith("Lucía Fernández")
    assert conversation.channel == "webchat"


def test_a_forged_or_missing_session_starts_a_new_chat(chat: tuple[Flask, Runtime]) -> None:
    app, _ = chat
    client = app.test_client()
    first = client.post("/chat/api/messages", json={"kind": "command", "text": "/start"}).get_json()
    forged = client.post("/chat/api/messages", json={"session": first["session"][:-3] + "xyz", "kind": "command",
                                                     "text": "/start"}).get_json()
    assert forged["session"] != first["session"] and forged["replies"]


@pytest.mark.parametrize("body", [{"kind": "sticker"}, {"text": "x" * 3000}, {"text": 5}, {"unknown": 1}])
def test_bad_messages_are_refused_as_json(chat: tuple[Flask, Runtime], body: dict) -> None:
    answer = chat[0].test_client().post("/chat/api/messages", json=body)
    assert answer.status_code == 422 and answer.is_json and answer.get_json()["errors"]
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight_and_rate_limit(chat: tuple[Flask, Runtime]) -> None:
    client = chat[0].test_client()
    preflight = client.options("/chat/api/messages")
    assert preflight.status_code == 204 and "POST" in preflight.headers["Access-Control-Allow-Methods"]
    statuses = [client.post("/chat/api/messages", json={"text": "hola"}).status_code
                for _ in range(int(POST_LIMITS["chat"].split("/")[0]) + 1)]
    assert statuses[-1] == 429 and set(statuses[:-1]) == {200}


def test_without_the_engine_the_chat_says_it_is_unavailable(chat: tuple[Flask, Runtime],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    app, _ = chat
    monkeypatch.setitem(sys.modules, "bot.engine", None)  # import fails as if bot/ were not installed
    app.extensions.pop(BACKEND_KEY, None)
    answer = app.test_client().post("/chat/api/messages", json={"text": "hola"})
    assert answer.status_code == 503 and answer.get_json()["error"] == "chat_unavailable"


@pytest.fixture(scope="module")
def chat_app(sqlite_template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("chatfuzz") / "captura.db"
    shutil.copy(sqlite_template, path)
    runtime = make_runtime(f"sqlite:///{path}", redis=False)
    app = create_app(runtime=runtime)
    for limiter in app.extensions["limiter"]:
        limiter.enabled = False
    yield app
    runtime.close()


JSON_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=300),
                        st.sampled_from(["text", "button", "command", "/start", "consent:yes:1"]))


@settings(max_examples=30, deadline=None)
@given(body=st.one_of(
    st.dictionaries(st.sampled_from(["session", "kind", "text", "payload", "lang", "other"]), JSON_VALUES),
    st.lists(st.integers(), max_size=3), st.text(max_size=50)))
def test_no_message_breaks_the_chat(chat_app: Flask, body: object) -> None:
    answer = chat_app.test_client().post("/chat/api/messages", json=body)
    assert answer.status_code in (200, 422), (answer.status_code, answer.get_data(as_text=True)[:300])
    assert answer.is_json
