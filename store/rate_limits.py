"""Fixed-window counters in the store (``rate_limits``), which every web process sees.

Without Redis, counters kept in each process's memory let one address post
once per worker (56 form posts a minute against 20 promised, with four
workers). Here a hit is one ``INSERT … ON CONFLICT DO UPDATE … RETURNING``:
it starts a window or counts in the current one and says the count, in one
statement. Used by the doors' rate limits (``webforms.limits``) and by the
sign-in throttle (``store.staff``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Connection, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from store.models import RateLimit

LIMITS = RateLimit.__table__
PRUNE_BATCH = 1_000


@dataclass(frozen=True)
class Window:
    """A key's hits in its current window, and when that window ends (seconds since the epoch)."""

    hits: int
    ends: float


def hit(db: Connection | Session, key: str, window_seconds: float, *, amount: int = 1,
        now: float | None = None) -> Window:
    """Count ``amount`` more hits on ``key``; a window over (or none yet) starts afresh. The caller commits."""
    now = time.time() if now is None else now
    dialect_insert = postgresql.insert if _dialect(db) == "postgresql" else sqlite.insert
    statement = dialect_insert(LIMITS).values(key=key, hits=amount, window_ends=now + window_seconds)
    expired = LIMITS.c.window_ends <= now
    statement = statement.on_conflict_do_update(index_elements=["key"], set_={
        "hits": case((expired, amount), else_=LIMITS.c.hits + amount),
        "window_ends": case((expired, now + window_seconds), else_=LIMITS.c.window_ends),
    }).returning(LIMITS.c.hits, LIMITS.c.window_ends)
    row = db.execute(statement).one()
    return Window(hits=row.hits, ends=row.window_ends)


def current(db: Connection | Session, key: str, *, now: float | None = None) -> Window:
    """The key's current window (no hits when it has none, or it is over)."""
    now = time.time() if now is None else now
    row = db.execute(select(LIMITS.c.hits, LIMITS.c.window_ends).where(LIMITS.c.key == key)).first()
    if row is None or row.window_ends <= now:
        return Window(hits=0, ends=now)
    return Window(hits=row.hits, ends=row.window_ends)


def clear(db: Connection | Session, key: str) -> None:
    db.execute(delete(LIMITS).where(LIMITS.c.key == key))


def clear_prefix(db: Connection | Session, prefix: str) -> int:
    """Forget every counter whose key starts with ``prefix`` (an account's failed sign-ins from any address)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return db.execute(delete(LIMITS).where(LIMITS.c.key.like(f"{escaped}%", escape="\\"))).rowcount or 0


def prune(db: Connection | Session, *, now: float | None = None) -> None:
    """Delete windows that are over (at most PRUNE_BATCH at a time, so a prune stays short)."""
    now = time.time() if now is None else now
    over = select(LIMITS.c.key).where(LIMITS.c.window_ends <= now).limit(PRUNE_BATCH).scalar_subquery()
    db.execute(delete(LIMITS).where(LIMITS.c.key.in_(over)))


def _dialect(db: Connection | Session) -> str:
    return db.get_bind().dialect.name if isinstance(db, Session) else db.dialect.name
