"""A small Telegram Bot API server of our own, for tests: real HTTP on 127.0.0.1.

The real python-telegram-bot ``Application`` talks to it through
``ApplicationBuilder().base_url(...)`` exactly as it talks to
api.telegram.org: ``getMe``, long-polling ``getUpdates``, ``sendMessage``,
``answerCallbackQuery``, ``editMessageText``, ``setWebhook``… Tests push
updates as a Telegram user would (text, button presses, stickers, contact
cards, edits) and read what the bot sent. Updates stay until a ``getUpdates``
offset confirms them; ``redeliver`` offers one again with the same
``update_id``, as Telegram does when a bot did not confirm it.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

BOT_USER = {"id": 777000111, "is_bot": True, "first_name": "Captura", "username": "captura_test_bot",
            "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
MAX_POLL_SECONDS = 2.0


class BotApiServer:
    """The fake Bot API: a queue of updates in, a list of calls out."""

    def __init__(self, token: str = "123456:TEST-TOKEN") -> None:
        self.token = token
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.sent: list[dict[str, Any]] = []
        self._updates: list[dict[str, Any]] = []
        self._confirmed = 0
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._changed = threading.Condition()
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    def __enter__(self) -> BotApiServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        with self._changed:
            self._changed.notify_all()
        self._http.shutdown()
        self._http.server_close()

    # -- what a Telegram user does -------------------------------------------------

    def push(self, kind: str, body: dict[str, Any]) -> int:
        """Queue an update of ``kind`` ("message", "callback_query", "edited_message"…); returns its id."""
        update_id = next(self._ids)
        with self._changed:
            self._updates.append({"update_id": update_id, kind: body})
            self._changed.notify_all()
        return update_id

    def redeliver(self, update_id: int) -> None:
        """Forget that updates from ``update_id`` on were confirmed: Telegram offers them again, unchanged."""
        with self._changed:
            self._confirmed = min(self._confirmed, update_id)
            self._changed.notify_all()

    def message(self, user: dict[str, Any], **content: Any) -> dict[str, Any]:
        return {"message_id": next(self._message_ids), "date": int(time.time()), "from": user,
                "chat": {"id": user["id"], "type": "private", "first_name": user["first_name"]}, **content}

    # -- what the bot did -------------------------------------------------------------

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        with self._changed:
            return [m for m in self.sent if m["chat"]["id"] == chat_id]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError("timed out waiting for the bot")
                self._changed.wait(min(remaining, 0.2))

    def methods(self) -> list[str]:
        with self._changed:
            return [method for method, _ in self.calls]

    # -- the Bot API ----------------------------------------------------------------------

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Like Telegram: an ``offset`` confirms every update below it; unconfirmed ones come again."""
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), MAX_POLL_SECONDS)
        deadline = time.monotonic() + timeout
        with self._changed:
            if offset:
                self._confirmed = max(self._confirmed, offset)
            while True:
                ready = [u for u in self._updates if u["update_id"] >= self._confirmed]
                if ready or time.monotonic() >= deadline:
                    return ready
                self._changed.wait(max(0.0, min(deadline - time.monotonic(), 0.2)))

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "from": BOT_USER,
                   "chat": {"id": int(params["chat_id"]), "type": "private"}, "text": params["text"]}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        with self._changed:
            self.sent.append(message)
            self._changed.notify_all()
        return message

    def _edit_message(self, params: dict[str, Any]) -> dict[str, Any]:
        message = {"message_id": int(params["message_id"]), "date": int(time.time()), "from": BOT_USER,
                   "chat": {"id": int(params["chat_id"]), "type": "private"}, "text": params.get("text", "")}
        return message

    def call(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self._changed:
            self.calls.append((method, params))
            self._changed.notify_all()
        simple = {"deleteWebhook": True, "setWebhook": True, "setMyCommands": True, "answerCallbackQuery": True,
                  "close": True, "logOut": True, "sendChatAction": True}
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        if method == "sendMessage":
            return 200, {"ok": True, "result": self._send_message(params)}
        if method in ("editMessageText", "editMessageReplyMarkup"):
            return 200, {"ok": True, "result": self._edit_message(params)}
        if method in simple:
            return 200, {"ok": True, "result": simple[method]}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self._answer()

            def _answer(self) -> None:
                path = urlparse(self.path)
                prefix = f"/bot{server.token}/"
                if not path.path.startswith(prefix):
                    return self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                length = int(self.headers.get("Content-Length") or 0)
                params = _parameters(self.headers.get("Content-Type", ""), self.rfile.read(length), path.query)
                status, body = server.call(path.path[len(prefix):], params)
                return self._reply(status, body)

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # a bot stopping mid long-poll hangs up; its updates stay unconfirmed

        return Handler


def _parameters(content_type: str, body: bytes, query: str) -> dict[str, Any]:
    """Bot API parameters arrive as a query string, a form (values JSON-encoded when not strings) or JSON."""
    if "application/json" in content_type:
        return json.loads(body or b"{}")
    raw = {key: values[-1] for key, values in parse_qs(query).items()}
    if body and "multipart/form-data" not in content_type:
        raw.update({key: values[-1] for key, values in parse_qs(body.decode()).items()})
    params: dict[str, Any] = {}
    for key, value in raw.items():
        try:
            params[key] = json.loads(value) if value[:1] in "{[" else value
        except ValueError:
            params[key] = value
    return params


class TelegramUser:
    """A person in a private chat with the bot: sends updates, waits for the bot's answer."""

    def __init__(self, server: BotApiServer, user_id: int, first_name: str, language_code: str | None) -> None:
        self.server = server
        self.user = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            self.user["language_code"] = language_code
        self.last_update_id = 0

    @property
    def chat_id(self) -> int:
        return self.user["id"]

    def received(self) -> list[dict[str, Any]]:
        return self.server.messages_to(self.chat_id)

    def _push_and_wait(self, kind: str, body: dict[str, Any], expect: str | None) -> list[dict[str, Any]]:
        before = len(self.received())
        self.last_update_id = self.server.push(kind, body)
        if expect is None:
            return []
        self.server.wait_for(lambda: any(expect in m["text"] for m in self.server.messages_to(self.chat_id)[before:]))
        return self.received()[before:]

    def says(self, text: str, expect: str | None) -> list[dict[str, Any]]:
        """Send a text (a command when it starts with "/"), wait for a reply containing ``expect``."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self._push_and_wait("message", self.server.message(self.user, **content), expect)

    def sends(self, expect: str | None, **content: Any) -> list[dict[str, Any]]:
        """Send any message content (sticker=…, photo=…, voice=…, contact=…)."""
        return self._push_and_wait("message", self.server.message(self.user, **content), expect)

    def edits(self, text: str, expect: str | None) -> list[dict[str, Any]]:
        body = self.server.message(self.user, text=text, edit_date=int(time.time()))
        return self._push_and_wait("edited_message", body, expect)

    def presses(self, label_start: str, expect: str | None) -> list[dict[str, Any]]:
        """Press the inline button whose label starts with ``label_start`` on the latest message that has it."""
        for message in reversed(self.received()):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"].startswith(label_start):
                        query = {"id": str(time.monotonic_ns()), "from": self.user, "chat_instance": "1",
                                 "data": button["callback_data"],
                                 "message": {**message, "chat": {"id": self.chat_id, "type": "private"}}}
                        return self._push_and_wait("callback_query", query, expect)
        raise AssertionError(f"no button {label_start!r}")
