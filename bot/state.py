"""Each chat's conversation state, kept in the ``conversations`` table.

The state is saved after every turn, so a bot restarted mid-conversation
continues where it stopped, and several bot processes (webhook mode) share
it. One row per ``(channel, chat_key)``: two prospects never share a state.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.dialects import postgresql, sqlite

from bot.engine import ChatEvent, ConversationEngine, Turn
from captura.runtime import Runtime
from store.db import read_only
from store.models import Conversation, utcnow


def load_state(runtime: Runtime, channel: str, chat_key: str) -> dict[str, Any] | None:
    """The saved state of this chat, or None when it has none."""
    with read_only(runtime.engine) as connection:
        return connection.execute(
            select(Conversation.state).where(Conversation.channel == channel, Conversation.chat_key == chat_key)
        ).scalar_one_or_none()


def save_state(runtime: Runtime, channel: str, chat_key: str, state: dict[str, Any]) -> None:
    """Insert or replace this chat's state in one statement (an upsert on SQLite and PostgreSQL)."""
    dialect_insert = postgresql.insert if runtime.engine.dialect.name == "postgresql" else sqlite.insert
    now = utcnow()
    statement = dialect_insert(Conversation).values(channel=channel, chat_key=chat_key, state=state, updated_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=["channel", "chat_key"], set_={"state": statement.excluded.state, "updated_at": now}
    )
    with runtime.engine.begin() as connection:
        connection.execute(statement)


def drop_state(runtime: Runtime, channel: str, chat_key: str) -> None:
    """Forget this chat's state (nothing happens when it has none)."""
    with runtime.engine.begin() as connection:
        connection.execute(
            delete(Conversation).where(Conversation.channel == channel, Conversation.chat_key == chat_key)
        )


def take_turn(runtime: Runtime, engine: ConversationEngine, event: ChatEvent) -> Turn:
    """Load the chat's state, let the engine answer, save the new state before any reply is sent.

    Every adapter calls this, so "saved after every turn" holds for every channel;
    saving before replying means a crash can lose a reply, never an answer.
    """
    with chat_lock(runtime, event.channel, event.chat_key):
        turn = engine.handle(load_state(runtime, event.channel, event.chat_key), event)
        if turn.state:
            save_state(runtime, event.channel, event.chat_key, turn.state)
        else:
            drop_state(runtime, event.channel, event.chat_key)
    return turn


@contextmanager
def chat_lock(runtime: Runtime, channel: str, chat_key: str) -> Iterator[None]:
    """One turn at a time per chat, across processes (webhook mode behind a load balancer).

    On PostgreSQL a transaction-scoped advisory lock keyed by the chat: two
    updates of one chat reaching two processes cannot both read the old
    state and overwrite each other. It locks no rows, so the turn's own
    writes (intake, erasure) on other connections never wait on it. SQLite
    is the one-process embedded default, where updates already come one by one.
    """
    if runtime.engine.dialect.name != "postgresql":
        yield
        return
    digest = hashlib.sha256(f"{channel}:{chat_key}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    with runtime.engine.connect() as connection, connection.begin():
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
        yield
