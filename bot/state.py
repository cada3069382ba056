"""Each chat's conversation state, kept in the ``conversations`` table.

The state is saved after every turn, so a bot restarted mid-conversation
continues where it stopped, and several bot processes (webhook mode) share
it. One row per ``(channel, chat_key)``: two prospects never share a state.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

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
