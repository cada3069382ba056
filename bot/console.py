"""The console adapter: the same conversation on stdin/stdout (``captura chat``).

For trying the bot without Telegram, and for demos. Buttons are printed as
numbered choices; typing the number presses the button. Leads made here
enter intake as channel "demo" (see ``bot.engine.INTAKE_CHANNELS``).
"""

from __future__ import annotations

from typing import IO

from bot.engine import ChatEvent, ConversationEngine, Reply
from bot.state import take_turn
from captura.runtime import Runtime
from store.text import is_whole_number

CHANNEL = "console"


def event_from_line(line: str, chat_key: str, language: str | None, buttons: list[tuple[str, str]]) -> ChatEvent:
    """A typed line as a ChatEvent: "/cmd" is a command, a button's number presses it, anything else is text."""
    text = line.strip()
    common = {"channel": CHANNEL, "chat_key": chat_key, "language_hint": language}
    if is_whole_number(text, 3) and 1 <= int(text) <= len(buttons):
        label, payload = buttons[int(text) - 1]
        return ChatEvent(kind="button", text=label, payload=payload, **common)
    if text.startswith("/"):
        return ChatEvent(kind="command", text=text, **common)
    return ChatEvent(kind="text", text=text, **common)


def render(reply: Reply) -> str:
    lines = [reply.text]
    lines += [f"  {number}) {label}" for number, (label, _) in enumerate(reply.buttons, start=1)]
    return "\n".join(lines)


def run_console(runtime: Runtime, stdin: IO[str], stdout: IO[str], *, chat_key: str, language: str | None) -> None:
    """Talk until end of input; starts with /start so the person is greeted first."""
    engine = ConversationEngine(runtime, rate_limit=None)  # one person at a keyboard (or a pasted script)
    buttons: list[tuple[str, str]] = []
    for line in ["/start", *stdin]:
        if not line.strip():
            continue
        event = event_from_line(line, chat_key, language, buttons)
        turn = take_turn(runtime, engine, event)
        for reply in turn.replies:
            print("bot> " + render(reply).replace("\n", "\n     "), file=stdout, flush=True)
        buttons = [button for reply in turn.replies for button in reply.buttons]
