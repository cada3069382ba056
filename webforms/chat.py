"""The web chat widget: ``/chat/widget.js`` and its JSON endpoint ``POST /chat/api/messages``.

The widget drives the same channel-agnostic conversation engine as the
Telegram bot (``bot.engine``); this module only carries messages. The
conversation is named by a random chat key held in a *signed token* the
widget sends back with each message (no cookie: the widget lives on other
companies' pages, where third-party cookies are blocked), and its state is
kept in the ``conversations`` table through ``bot.state``. The engine, not
this door, asks for consent and submits the lead through intake.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from flask import Blueprint, current_app, g, jsonify, send_from_directory
from itsdangerous import BadSignature, URLSafeTimedSerializer
from pydantic import BaseModel, ConfigDict, Field

from captura.runtime import Runtime
from webforms.auth import public
from webforms.json_body import json_object
from webforms.runtime import runtime

blueprint = Blueprint("chat", __name__, url_prefix="/chat")
BACKEND_KEY = "captura.chat_backend"
CHANNEL = "webchat"
SESSION_MAX_AGE_SECONDS = 24 * 3600
MAX_MESSAGE = 2_000


class ChatMessage(BaseModel):
    """One thing the person did in the widget: typed text, pressed a button, or opened the chat."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    session: str | None = Field(default=None, max_length=500)
    kind: Literal["text", "button", "command"] = "text"
    text: str = Field(default="", max_length=MAX_MESSAGE)
    payload: str | None = Field(default=None, max_length=200)
    lang: str | None = Field(default=None, max_length=8)


@dataclass(frozen=True)
class ChatReply:
    text: str
    buttons: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ChatTurn:
    replies: list[ChatReply]
    finished: bool


class ChatBackend(Protocol):
    """What the endpoint needs: one turn of the engine, with the state loaded and saved around it."""

    def turn(self, chat_key: str, message: ChatMessage, language: str) -> ChatTurn: ...


class ChatUnavailable(Exception):
    """The conversation engine is not installed in this deployment."""


class EngineBackend:
    """``bot.engine`` + ``bot.state``: the production backend."""

    def __init__(self, services: Runtime) -> None:
        try:
            from bot.engine import ConversationEngine
        except ImportError as error:
            raise ChatUnavailable("the conversation engine (bot.engine) is not installed") from error
        self.runtime = services
        self.engine = ConversationEngine(services)

    def turn(self, chat_key: str, message: ChatMessage, language: str) -> ChatTurn:
        from bot.engine import ChatEvent
        from bot.state import load_state, save_state

        state = load_state(self.runtime, CHANNEL, chat_key)
        event = ChatEvent(kind=message.kind, text=message.text, channel=CHANNEL, chat_key=chat_key,
                          language_hint=language, payload=message.payload)
        result = self.engine.handle(state, event)
        save_state(self.runtime, CHANNEL, chat_key, result.state)
        return ChatTurn([ChatReply(reply.text, [(str(label), str(payload)) for label, payload in reply.buttons])
                         for reply in result.replies], bool(result.finished))


def chat_backend() -> ChatBackend:
    """The app's backend, built on first use (tests install their own under BACKEND_KEY)."""
    backend = current_app.extensions.get(BACKEND_KEY)
    if backend is None:
        backend = current_app.extensions[BACKEND_KEY] = EngineBackend(runtime())
    return backend


def _sessions() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="captura-webchat")


def chat_key_from(token: str | None) -> str:
    """The chat key inside a valid token; a new key for a missing, forged or expired one."""
    if token:
        try:
            return str(_sessions().loads(token, max_age=SESSION_MAX_AGE_SECONDS)["k"])
        except (BadSignature, KeyError, TypeError):
            pass
    return uuid.uuid4().hex


@blueprint.get("/widget.js")
@public
def widget_script():  # type: ignore[no-untyped-def]
    response = send_from_directory(Path(current_app.static_folder or ""), "chat-widget.js", max_age=300)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@blueprint.route("/api/messages", methods=["OPTIONS"])
@public
def preflight():  # type: ignore[no-untyped-def]
    return current_app.response_class(status=204)


@blueprint.post("/api/messages")
@public
def post_message():  # type: ignore[no-untyped-def]
    """Parse the message, run one engine turn, answer the replies and the (renewed) session token."""
    message = ChatMessage.model_validate(json_object(required=False))
    chat_key = chat_key_from(message.session)
    try:
        turn = chat_backend().turn(chat_key, message, message.lang or g.lang)
    except ChatUnavailable:
        return jsonify({"error": "chat_unavailable", "message": "The chat is not available right now."}), 503
    return jsonify({
        "session": _sessions().dumps({"k": chat_key}),
        "replies": [{"text": reply.text, "buttons": [{"label": label, "payload": payload}
                                                      for label, payload in reply.buttons]}
                    for reply in turn.replies],
        "finished": turn.finished,
    })


@blueprint.after_request
def _cors(response: Any) -> Any:
    """The widget runs on other sites; it sends no cookies, so any origin may call."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    response.headers["Access-Control-Max-Age"] = "600"
    return response
