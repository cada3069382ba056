"""The Telegram adapter: python-telegram-bot in front of the conversation engine.

One handler for every update: ``event_from_update`` turns it into a
``ChatEvent`` (the only place that knows Telegram's shapes), the engine
answers in a worker thread (it touches the database and spaCy), and the
replies go back as messages with inline buttons. The conversation itself —
states, prompts, consent — lives in ``bot.engine``.

``TELEGRAM_API_BASE_URL`` points the bot at another Bot API server (a local
``telegram-bot-api``, or the tests' own): the bot then calls
``{TELEGRAM_API_BASE_URL}/bot<token>/<method>``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import structlog
from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.engine import ChatEvent, ConversationEngine, Reply
from bot.state import take_turn
from captura.i18n import LANGUAGES, N_, supported, translate
from captura.runtime import Runtime

log = structlog.get_logger(__name__)

CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_MESSAGE_CHARS = 4096
"""Telegram refuses longer messages."""
MAX_UPDATE_BYTES = 1_000_000
"""The largest update body the webhook reads (Telegram's are a few kilobytes)."""
BODY_READ_SECONDS = 10
COMMANDS = {
    "start": N_("Begin"),
    "privacy": N_("How we use your data"),
    "mydata": N_("What we keep about you"),
    "forget": N_("Erase everything we keep about you"),
    "cancel": N_("Forget this conversation"),
    "help": N_("What I can do"),
}
"""The command menu Telegram shows: English by default, Spanish for Spanish-speaking users."""


def build_application(runtime: Runtime, *, engine: ConversationEngine | None = None) -> Application:
    """The python-telegram-bot Application for ``runtime``'s token and Bot API server."""
    settings = runtime.settings
    if not settings.telegram_bot_token:
        raise RuntimeError("TELEGRAM_BOT_TOKEN is not set")
    builder = ApplicationBuilder().token(settings.telegram_bot_token).post_init(_publish_commands)
    if settings.telegram_api_base_url:
        base = settings.telegram_api_base_url.rstrip("/")
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    application = builder.build()
    application.bot_data.update(runtime=runtime, engine=engine or ConversationEngine(runtime))
    application.add_handler(TypeHandler(Update, on_update))
    application.add_error_handler(on_error)
    return application


async def _publish_commands(application: Application) -> None:
    for language in LANGUAGES:
        commands = [BotCommand(name, translate(language, text)) for name, text in COMMANDS.items()]
        await application.bot.set_my_commands(commands, language_code=None if language == "en" else language)


def event_from_update(update: Update) -> ChatEvent | None:
    """The Telegram update as a ChatEvent; None for updates that are not a person talking to us."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or user.is_bot:
        return None
    common: dict[str, Any] = {"channel": CHANNEL, "chat_key": str(chat.id), "language_hint": user.language_code,
                              "event_id": str(update.update_id)}
    query = update.callback_query
    if query is not None:
        return ChatEvent(kind="button", text=_button_label(query.message, query.data), payload=query.data, **common)
    message = update.message or update.edited_message  # an edit is the person correcting themselves
    if message is None:
        return None
    if message.contact is not None:
        contact = message.contact
        phone = contact.phone_number if contact.phone_number.startswith("+") else f"+{contact.phone_number}"
        name = " ".join(part for part in (contact.first_name, contact.last_name) if part)
        return ChatEvent(kind="contact", text=phone, payload=name, **common)
    if message.text is None:
        return ChatEvent(kind="unsupported", **common)  # stickers, photos, voice notes, files…
    if message.text.startswith("/"):
        return ChatEvent(kind="command", text=message.text, **common)
    return ChatEvent(kind="text", text=message.text, **common)


def _button_label(message: Any, data: str | None) -> str:
    markup = getattr(message, "reply_markup", None)
    for row in getattr(markup, "inline_keyboard", ()) or ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return data or ""


async def on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every update: translate, let the engine answer (state saved first), send the replies."""
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        await _decline_group_chat(update, context)
        return
    event = event_from_update(update)
    if event is None:
        return
    runtime: Runtime = context.bot_data["runtime"]
    engine: ConversationEngine = context.bot_data["engine"]
    turn = await asyncio.to_thread(take_turn, runtime, engine, event)
    if update.callback_query is not None:
        await _acknowledge_button(update, event)
    for reply in turn.replies:
        await context.bot.send_message(chat_id=int(event.chat_key), text=_fit(reply.text),
                                       reply_markup=_keyboard(reply))


async def _acknowledge_button(update: Update, event: ChatEvent) -> None:
    """Stop the button's spinner and take the buttons off the message, so it cannot be pressed twice."""
    query = update.callback_query
    assert query is not None
    try:
        await query.answer()
        text = getattr(query.message, "text", None)
        if text:
            await query.edit_message_text(_fit(f"{text}\n\n» {event.text}"))
    except TelegramError as error:  # a query too old to answer, a message already edited: the turn still counts
        log.warning("bot.button_not_acknowledged", error=repr(error)[:300])


def _fit(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE_CHARS else text[:MAX_MESSAGE_CHARS - 1] + "…"


async def _decline_group_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Personal data belongs in a private chat: in groups, answer commands only, with a pointer."""
    message = update.effective_message
    if message is not None and (message.text or "").startswith("/") and update.effective_chat is not None:
        language = update.effective_user.language_code if update.effective_user else None
        await context.bot.send_message(update.effective_chat.id,
                                       translate(supported(language), "Please write to me in a private chat."))


def _keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=payload)]
                                 for label, payload in reply.buttons])


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Network trouble or a bug in the adapter: log it (masked); the engine already answered politely."""
    log.error("bot.update_failed", error=repr(context.error)[:300],
              update_id=getattr(update, "update_id", None))


# -- running -------------------------------------------------------------------------------------


def _quiet_http_logs() -> None:
    """httpx logs every request URL at INFO, and Bot API URLs contain the token."""
    logging.getLogger("httpx").setLevel(logging.WARNING)


def run_polling(runtime: Runtime) -> None:
    """Long-poll Telegram (the default: one process, no public URL needed)."""
    _quiet_http_logs()
    application = build_application(runtime)
    log.info("bot.polling", api=runtime.settings.telegram_api_base_url or "api.telegram.org")
    application.run_polling(allowed_updates=Update.ALL_TYPES)


def run_webhook(runtime: Runtime, url: str, *, listen: str = "0.0.0.0", port: int = 8443) -> None:
    """Receive updates on ``listen:port`` at ``url``'s path (several processes behind a proxy can share it)."""
    secret = runtime.settings.telegram_webhook_secret
    if not secret:
        raise RuntimeError("webhook mode needs TELEGRAM_WEBHOOK_SECRET (Telegram sends it back with every update)")
    _quiet_http_logs()
    asyncio.run(_serve_webhook(build_application(runtime), url, secret, listen, port))


async def _serve_webhook(application: Application, url: str, secret: str, listen: str, port: int,
                         stop: asyncio.Event | None = None) -> None:
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, stop.set)  # fails outside the main thread: then the caller stops us
    async with application:
        await _publish_commands(application)
        await application.start()
        server = WebhookServer(application, loop, secret, listen, port, path=_path_of(url))
        server.start()
        await application.bot.set_webhook(url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
        log.info("bot.webhook", url=url, listen=f"{listen}:{server.port}")
        await stop.wait()
        server.stop()
        await application.stop()


def _path_of(url: str) -> str:
    from urllib.parse import urlparse

    return urlparse(url).path or "/"


class WebhookServer:
    """The HTTP endpoint Telegram posts updates to.

    Everything that can be decided from the headers is decided before a byte
    of the body is read: the path, the secret header (compared in constant
    time), and a body length that is a plain number no larger than an update
    can be. A client without the secret gets its 403 at once, whatever it
    claims to send (``Content-Length: -1`` used to stream a body into memory
    until the client stopped), and a body that takes longer than
    ``BODY_READ_SECONDS`` to arrive is given up on.
    """

    def __init__(self, application: Application, loop: asyncio.AbstractEventLoop, secret: str,
                 listen: str, port: int, *, path: str) -> None:
        self.application, self.loop, self.secret, self.path = application, loop, secret.encode(), path
        self.http = ThreadingHTTPServer((listen, port), self._handler())
        self.http.daemon_threads = True
        self.port = self.http.server_address[1]
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()

    def refusal(self, path: str, headers: Any) -> int | None:
        """The status that refuses this request from its headers alone; None when its body may be read."""
        if path.rstrip("/") != self.path.rstrip("/"):
            return 404
        given = (headers.get(SECRET_HEADER) or "").encode()
        if not hmac.compare_digest(given, self.secret):
            log.warning("bot.webhook_refused", reason="secret token mismatch")
            return 403
        length = (headers.get("Content-Length") or "").strip()
        if not length:
            return 411
        if not length.isascii() or not length.isdigit():
            return 400
        return 413 if int(length) > MAX_UPDATE_BYTES else None

    def accept(self, body: bytes) -> int:
        """The HTTP status for an update whose headers passed: 400 for garbage, 200 once queued."""
        try:
            update = Update.de_json(json.loads(body), self.application.bot)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return 400
        if update is None:
            return 400
        asyncio.run_coroutine_threadsafe(self.application.update_queue.put(update), self.loop).result(timeout=10)
        return 200

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            timeout = BODY_READ_SECONDS  # per read of the socket: a stalled client is let go

            def log_message(self, *_args: object) -> None:
                pass

            def do_POST(self) -> None:
                status = server.refusal(self.path, self.headers)
                if status is None:
                    status = server.accept(self.rfile.read(int(self.headers["Content-Length"])))
                else:
                    self.close_connection = True  # the body, if any, is never read
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        return Handler
