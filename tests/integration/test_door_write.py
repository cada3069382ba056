"""The door's durable write (``store.db.insert_returning``) on SQLite and PostgreSQL.

It goes to the driver directly, outside SQLAlchemy's transactions, so these
tests check what that could break: the stored values, the idempotency
conflict, the pooled connection handed back in a usable state, a stale
connection, and the SQLite write lock.
"""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone

import psycopg
import pytest
from sqlalchemy import select

from captura.intake import _insert_statement
from captura.runtime import Runtime
from store.db import insert_returning, read_only
from store.models import Submission
from tests.conftest import make_runtime

SUBMISSIONS = Submission.__table__


def _values(key: str) -> dict[str, object]:
    now = datetime.now(timezone.utc)
    return {"idempotency_key": key, "fingerprint": "f" * 64, "channel": "api", "source_ref": None,
            "payload": {"name": "Ana Pérez", "consents": [{"purpose": "contact"}], "n": 1.5},
            "status": "pending", "attempts": 0, "created_at": now, "updated_at": now}


def _insert(runtime: Runtime, key: str) -> tuple[object, ...] | None:
    return insert_returning(runtime.engine, _insert_statement(runtime.engine.dialect.name), _values(key))


def test_the_row_reads_back_as_core_wrote_it_and_a_repeated_key_inserts_nothing(inline_runtime: Runtime) -> None:
    key = f"door-{uuid.uuid4()}"
    row = _insert(inline_runtime, key)
    assert row is not None and isinstance(row[0], int)
    assert _insert(inline_runtime, key) is None
    with read_only(inline_runtime.engine) as connection:
        stored = connection.execute(select(SUBMISSIONS).where(SUBMISSIONS.c.idempotency_key == key)).one()
    assert stored.id == row[0]
    assert stored.payload == {"name": "Ana Pérez", "consents": [{"purpose": "contact"}], "n": 1.5}
    assert stored.status == "pending" and stored.attempts == 0
    created = stored.created_at if stored.created_at.tzinfo else stored.created_at.replace(tzinfo=timezone.utc)
    assert abs((datetime.now(timezone.utc) - created).total_seconds()) < 60


def test_the_pooled_connection_comes_back_transactional(inline_runtime: Runtime) -> None:
    """After the autocommitted write, a Core transaction that fails must still roll back entirely."""
    _insert(inline_runtime, f"door-{uuid.uuid4()}")
    key = f"door-{uuid.uuid4()}"
    with pytest.raises(RuntimeError), inline_runtime.engine.begin() as connection:
        connection.execute(_insert_statement(inline_runtime.engine.dialect.name), _values(key))
        raise RuntimeError("abort the transaction")
    with read_only(inline_runtime.engine) as connection:
        assert connection.execute(select(SUBMISSIONS.c.id).where(SUBMISSIONS.c.idempotency_key == key)).first() \
            is None


@pytest.fixture
def postgres_runtime(postgres_url: str) -> Iterator[Runtime]:
    runtime = make_runtime(postgres_url, redis=False)
    yield runtime
    runtime.close()


@pytest.fixture
def sqlite_runtime(sqlite_url: str) -> Iterator[Runtime]:
    runtime = make_runtime(sqlite_url, redis=False)
    yield runtime
    runtime.close()


def test_a_connection_the_server_dropped_costs_no_request(postgres_runtime: Runtime) -> None:
    """Only a server can drop a pooled connection: PostgreSQL."""
    engine = postgres_runtime.engine
    _insert(postgres_runtime, f"door-{uuid.uuid4()}")  # leaves one connection in the pool
    with psycopg.connect(engine.url.set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as admin:
        terminated = admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                   "WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchone()
    assert terminated is not None and terminated[0] >= 1
    key = f"door-{uuid.uuid4()}"
    row = _insert(postgres_runtime, key)
    assert row is not None
    with read_only(engine) as connection:
        assert connection.execute(select(SUBMISSIONS.c.id).where(SUBMISSIONS.c.idempotency_key == key)).scalar() \
            == row[0]


def test_sqlite_write_lock_is_free_again_after_the_write(sqlite_runtime: Runtime) -> None:
    engine = sqlite_runtime.engine
    _insert(sqlite_runtime, f"door-{uuid.uuid4()}")
    descriptor = os.open(f"{engine.url.database}-writelock", os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError if still held
        fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
