"""The Telegram bot end to end: the real python-telegram-bot Application over HTTP against our own Bot API server."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select
from telegram import Update

from bot.engine import ConversationEngine
from bot.telegram import _publish_commands, _serve_webhook, build_application
from captura.consent import CONTACT, wording_for
from captura.runtime import Runtime
from store.models import Consent, ContactPoint, Conversation, Lead, Submission
from tests.conftest import free_port
from tests.support.bot_api_server import BotApiServer, TelegramUser

SECRET = "s3cret-webhook-token"


class RunningBot:
    """A polling Application in a background thread, started and stopped like a bot process."""

    def __init__(self, runtime: Runtime, **engine_options: Any) -> None:
        self.application = build_application(runtime, engine=ConversationEngine(runtime, **engine_options))
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    async def _main(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        async with self.application:
            await _publish_commands(self.application)
            await self.application.start()
            assert self.application.updater is not None
            await self.application.updater.start_polling(poll_interval=0.0, timeout=1,
                                                         allowed_updates=Update.ALL_TYPES)
            self._ready.set()
            await self._stop.wait()
            await self.application.updater.stop()
            await self.application.stop()

    def __enter__(self) -> RunningBot:
        self._thread.start()
        assert self._ready.wait(30), "the bot did not start"
        return self

    def __exit__(self, *_exc: object) -> None:
        assert self._loop is not None and self._stop is not None
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=30)
        assert not self._thread.is_alive(), "the bot did not stop"


@pytest.fixture
def api() -> Iterator[BotApiServer]:
    with BotApiServer() as server:
        yield server


@pytest.fixture
def runtime(inline_runtime: Runtime, api: BotApiServer) -> Runtime:
    return dataclasses.replace(inline_runtime, settings=dataclasses.replace(
        inline_runtime.settings, telegram_bot_token=api.token, telegram_api_base_url=api.url,
        telegram_webhook_secret=SECRET))


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(message["text"] for message in messages)


def stored(runtime: Runtime) -> list[tuple[str, set[tuple[str, str]]]]:
    with runtime.sessions() as session:
        leads = session.scalars(select(Lead).where(Lead.erased_at.is_(None)).order_by(Lead.id)).all()
        return [(lead.display_name, {(c.kind, c.value) for c in session.scalars(
            select(ContactPoint).where(ContactPoint.lead_id == lead.id))}) for lead in leads]


def submissions(runtime: Runtime) -> int:
    with runtime.sessions() as session:
        return session.scalar(select(func.count()).select_from(Submission)) or 0


def test_spanish_conversation_over_http_ends_with_one_consented_lead(runtime: Runtime, api: BotApiServer) -> None:
    marta = TelegramUser(api, 5001, "Marta", "es")
    with RunningBot(runtime):
        assert "¿Cómo te llamas?" in texts(marta.says("/start", expect="¿Cómo te llamas?"))
        marta.says("Soy Marta Ruiz de Talleres Ruiz, marta@talleresruiz.es, 612 345 678", expect="¿Qué necesitas")
        replies = marta.says("Un presupuesto para reformar la nave", expect="¿Estás de acuerdo?")
        assert wording_for(CONTACT, "es", "Captura") in texts(replies)
        buttons = replies[-1]["reply_markup"]["inline_keyboard"]
        assert [button["text"] for row in buttons for button in row] == ["Sí, acepto", "No"]
        assert stored(runtime) == []
        marta.presses("Sí", expect="Gracias, Marta Ruiz")
    assert stored(runtime) == [("Marta Ruiz", {("email", "marta@talleresruiz.es"), ("phone", "+34612345678")})]
    with runtime.sessions() as session:
        consent = session.scalars(select(Consent)).one()
    assert consent.channel == "telegram" and consent.granted and consent.language == "es"
    assert consent.evidence["answer_kind"] == "button" and "Sí, acepto" in consent.evidence["answer"]
    assert consent.evidence["source_ref"] == "telegram:5001" and consent.evidence["event_id"]
    expected = {"getMe", "getUpdates", "sendMessage", "answerCallbackQuery", "editMessageText", "setMyCommands"}
    assert expected <= set(api.methods())


def test_english_conversation_refused_stores_nothing(runtime: Runtime, api: BotApiServer) -> None:
    john = TelegramUser(api, 5002, "John", "en")
    with RunningBot(runtime):
        john.says("Hi, I'm John Smith from Acme Ltd", expect="How can we reach you")
        john.says("john@acme", expect="no domain after the @")
        john.says("john@acme.com", expect="What do you need")
        john.presses("Skip", expect="Do you agree?")
        john.says("nope", expect="I have not stored your details")
    assert stored(runtime) == [] and submissions(runtime) == 0


def test_restart_mid_conversation_continues(runtime: Runtime, api: BotApiServer) -> None:
    ana = TelegramUser(api, 5003, "Ana", "es")
    with RunningBot(runtime):
        ana.says("Hola, me llamo Ana Gómez", expect="¿Cómo podemos contactarte")
    with RunningBot(runtime):  # a new process: nothing in memory, the state is in the database
        ana.says("ana@gomez.es", expect="¿Desde qué empresa")
        ana.says("Gómez Asesores", expect="¿Qué necesitas")
        ana.presses("Saltar", expect="¿Estás de acuerdo?")
        ana.says("vale", expect="Gracias, Ana Gómez")
    assert stored(runtime) == [("Ana Gómez", {("email", "ana@gomez.es")})]


def test_two_chats_interleaved(runtime: Runtime, api: BotApiServer) -> None:
    ana, bob = TelegramUser(api, 5004, "Ana", "es"), TelegramUser(api, 5005, "Bob", "en")
    with RunningBot(runtime):
        ana.says("Soy Ana Torres", expect="¿Cómo podemos contactarte, Ana Torres?")
        bob.says("I'm Bob Stone", expect="How can we reach you, Bob Stone?")
        ana.says("ana@torres.es", expect="¿Desde qué empresa")
        bob.says("+44 20 7946 0958", expect="Which company")
        ana.says("saltar", expect="¿Qué necesitas")
        bob.says("skip", expect="What do you need")
        ana.says("saltar", expect="¿Estás de acuerdo?")
        bob.says("skip", expect="Do you agree?")
        assert "Ana" not in texts(bob.received()) and "Bob" not in texts(ana.received())
        bob.says("yes", expect="Thank you, Bob Stone")
        ana.says("sí", expect="Gracias, Ana Torres")
    assert sorted(stored(runtime)) == [("Ana Torres", {("email", "ana@torres.es")}),
                                       ("Bob Stone", {("phone", "+442079460958")})]


def test_a_redelivered_update_makes_no_second_lead(runtime: Runtime, api: BotApiServer) -> None:
    pablo = TelegramUser(api, 5006, "Pablo", "es")
    with RunningBot(runtime):
        pablo.says("Soy Pablo Díaz, pablo@diaz.es, de Díaz SA, quiero un presupuesto para una web",
                   expect="¿Estás de acuerdo?")
        pablo.says("sí", expect="Gracias")
    before = len(pablo.received())
    api.redeliver(pablo.last_update_id)  # Telegram sends the "sí" again, e.g. to a freshly started bot
    with RunningBot(runtime):
        pablo.says("/help", expect="/mydata")
    assert len(pablo.received()) == before + 1  # only the /help answer: the redelivery got no reply
    assert submissions(runtime) == 1 and len(stored(runtime)) == 1


def test_bad_input_never_crashes_nor_half_stores(runtime: Runtime, api: BotApiServer) -> None:
    rosa = TelegramUser(api, 5007, "Rosa", "es")
    with RunningBot(runtime):
        rosa.sends("solo puedo leer texto", sticker={"file_id": "s1", "file_unique_id": "u1", "width": 512,
                                                    "height": 512, "is_animated": False, "is_video": False,
                                                    "type": "regular"})
        rosa.sends("solo puedo leer texto", photo=[{"file_id": "p1", "file_unique_id": "u2", "width": 90,
                                                   "height": 90}])
        rosa.sends("solo puedo leer texto", voice={"file_id": "v1", "file_unique_id": "u3", "duration": 3})
        rosa.says("x" * 5000, expect="demasiado largo")
        rosa.says("/forget", expect="he borrado")
        rosa.says("/frobnicate", expect="No conozco ese comando")
        rosa.sends("¿Desde qué empresa", contact={"phone_number": "34699111222", "first_name": "Rosa",
                                                   "last_name": "Vidal", "user_id": 5007})
        rosa.edits("Soy Rosa Vidal, de Vidal Consultores", expect="¿Qué necesitas")
        rosa.presses("Saltar", expect="¿Estás de acuerdo?")
        rosa.says("/cancel", expect="he olvidado esta conversación")
        rosa.says("sí", expect="¿Cómo te llamas?")  # after cancelling, a "sí" starts over: nothing to consent to
    assert submissions(runtime) == 0 and stored(runtime) == []


def test_a_spam_burst_gets_one_polite_reply(runtime: Runtime, api: BotApiServer) -> None:
    spammer = TelegramUser(api, 5008, "Spam", "en")
    with RunningBot(runtime, clock=lambda: 1_000_000.0):  # all within one instant, however slow the machine
        for index in range(20):
            api.push("message", api.message(spammer.user, text=f"buy cheap stuff {index}"))
        api.wait_for(lambda: any("faster than I can read" in m["text"] for m in spammer.received()))
        time.sleep(1)
    notes = [m for m in spammer.received() if "faster than I can read" in m["text"]]
    assert len(notes) == 1 and len(spammer.received()) < 20 * 2
    assert submissions(runtime) == 0


@pytest.fixture
def webhook(runtime: Runtime, api: BotApiServer) -> Iterator[int]:
    """The bot in webhook mode on a free port; yields the port."""
    port = free_port()
    application = build_application(runtime)
    stop: dict[str, Any] = {}

    async def serve() -> None:
        stop["event"], stop["loop"] = asyncio.Event(), asyncio.get_running_loop()
        await _serve_webhook(application, "https://bot.example/telegram/hook", SECRET, "127.0.0.1", port,
                             stop=stop["event"])

    thread = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
    thread.start()
    api.wait_for(lambda: "setWebhook" in api.methods())
    yield port
    stop["loop"].call_soon_threadsafe(stop["event"].set)
    thread.join(timeout=30)
    assert not thread.is_alive()


def test_webhook_mode_checks_the_secret_token(webhook: int, api: BotApiServer) -> None:
    assert dict(api.calls)["setWebhook"]["secret_token"] == SECRET
    user = TelegramUser(api, 5009, "Eva", "es")
    update = {"update_id": 900001, "message": api.message(user.user, text="Soy Eva Martín")}

    def post(secret: str | None) -> int:
        request = urllib.request.Request(f"http://127.0.0.1:{webhook}/telegram/hook", data=json.dumps(update).encode(),
                                         headers={"Content-Type": "application/json"})
        if secret is not None:
            request.add_header("X-Telegram-Bot-Api-Secret-Token", secret)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    assert post(None) == 403 and post("wrong") == 403
    assert user.received() == []
    assert post(SECRET) == 200
    api.wait_for(lambda: any("¿Cómo podemos contactarte, Eva Martín?" in m["text"] for m in user.received()))


def _raw_post(port: int, headers: str, body: bytes = b"") -> bytes:
    """The status line the webhook answers to a hand-written request (whose body may never come)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(f"POST /telegram/hook HTTP/1.1\r\nHost: bot\r\n{headers}\r\n".encode() + body)
        return connection.recv(256).split(b"\r\n", 1)[0]


def test_the_webhook_refuses_from_the_headers_before_reading_any_body(webhook: int) -> None:
    secret = f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\n"
    # No secret: 403 at once, however long the body claims to be (it is never sent here).
    assert _raw_post(webhook, "Content-Length: -1\r\n") == b"HTTP/1.0 403 Forbidden"
    assert _raw_post(webhook, "Content-Length: 300000000\r\n") == b"HTTP/1.0 403 Forbidden"
    # With the secret: a length that is not a number is the sender's mistake, a huge one is refused unread.
    assert _raw_post(webhook, secret + "Content-Length: abc\r\n") == b"HTTP/1.0 400 Bad Request"
    assert _raw_post(webhook, secret + "Content-Length: -1\r\n") == b"HTTP/1.0 400 Bad Request"
    assert _raw_post(webhook, secret + "Content-Length: 300000000\r\n").startswith(b"HTTP/1.0 413")
    assert _raw_post(webhook, secret).startswith(b"HTTP/1.0 411")
    deep = b"[" * 5000 + b"]" * 5000
    assert _raw_post(webhook, secret + f"Content-Length: {len(deep)}\r\n", deep) == b"HTTP/1.0 400 Bad Request"


def test_group_chats_are_pointed_to_a_private_chat(runtime: Runtime, api: BotApiServer) -> None:
    user = {"id": 5010, "is_bot": False, "first_name": "Grupo", "language_code": "es"}
    group = {"id": -100123, "type": "group", "title": "Clientes"}
    with RunningBot(runtime):
        api.push("message", {"message_id": 1, "date": int(time.time()), "from": user, "chat": group,
                             "text": "Soy Ana, ana@ana.es"})
        api.push("message", {"message_id": 2, "date": int(time.time()), "from": user, "chat": group,
                             "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}]})
        api.wait_for(lambda: bool(api.messages_to(-100123)))
    assert [m["text"] for m in api.messages_to(-100123)] == ["Escríbeme en un chat privado, por favor."]
    with runtime.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 0
