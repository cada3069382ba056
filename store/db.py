"""Engines and sessions for SQLite (embedded default) and PostgreSQL.

SQLite gets WAL, ``synchronous=NORMAL``, a busy timeout and foreign keys, and
every transaction that may write starts with ``BEGIN IMMEDIATE``: a deferred
transaction that reads and then writes can fail with "database is locked"
without waiting, an immediate one queues on the busy timeout instead.

SQLite has one writer at a time, and a writer that finds the lock taken
sleeps in SQLite's busy handler (1, 2, 5, 10… ms) before it looks again:
under a burst, those sleeps, not the writes, become the limit. So writers
first queue on an ``flock`` of a file beside the database, which wakes the
next one the moment the lock is released, across threads and processes.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, Insert, Table, create_engine, event, insert, text
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_ONLY_OPTION = "captura_read_only"


def make_engine(database_url: str, *, pool_size: int = 5) -> Engine:
    """Create the engine for ``database_url`` with Captura's connection settings."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return _make_sqlite_engine(database_url)
    if url.drivername == "postgresql":
        database_url = url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    # No pre-ping: it costs a round trip per checkout on the door's hot path. A connection broken by a
    # database restart fails one request (503, retry; the door's write retries it itself, see insert_returning)
    # and SQLAlchemy then invalidates the whole pool.
    # A client that dies mid-transaction must not hold row locks for long: the server ends such a session.
    engine = create_engine(database_url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800,
                           connect_args={"options": "-c idle_in_transaction_session_timeout=60000"})
    # Bulk inserts without RETURNING that do not go by COPY (``insert_rows``), e.g. a merge's or a rescan's,
    # go as multi-row VALUES like those with RETURNING, rather than row by row.
    engine.dialect.use_insertmanyvalues_wo_returning = True
    return engine


def _make_sqlite_engine(database_url: str) -> Engine:
    engine = create_engine(database_url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    lock_path = _write_lock_path(make_url(database_url).database)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        if connection.get_execution_options().get(READ_ONLY_OPTION, False):
            connection.exec_driver_sql("BEGIN")
            return
        if lock_path:
            _take_write_lock(connection.connection.info, lock_path)
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine.pool, "checkin")
    def _on_checkin(_dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
        _release_write_lock(record.info)

    @event.listens_for(engine.pool, "close")
    def _on_close(_dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
        _release_write_lock(record.info)
        descriptor = record.info.pop(LOCK_FD, None)
        if descriptor is not None:
            os.close(descriptor)

    return engine


def _write_lock_path(database: str | None) -> str | None:
    """The file writers queue on, beside the database file (none for an in-memory database)."""
    return f"{database}-writelock" if database and database != ":memory:" else None


LOCK_FD, LOCK_HELD = "captura_lock_fd", "captura_lock_held"
_held_by_thread = threading.local()


def _take_write_lock(info: dict, lock_path: str) -> None:  # type: ignore[type-arg]
    """Queue for the database's write lock (released when the connection goes back to the pool).

    A thread that already holds it through another connection does not wait
    on itself: SQLite's own busy timeout then reports the nesting as an error.
    """
    if info.get(LOCK_HELD) or getattr(_held_by_thread, "count", 0):
        return
    descriptor = info.get(LOCK_FD)
    if descriptor is None:
        descriptor = info[LOCK_FD] = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    info[LOCK_HELD] = True
    _held_by_thread.count = getattr(_held_by_thread, "count", 0) + 1


def _release_write_lock(info: dict) -> None:  # type: ignore[type-arg]
    if info.pop(LOCK_HELD, False):
        fcntl.flock(info[LOCK_FD], fcntl.LOCK_UN)
        _held_by_thread.count = max(0, getattr(_held_by_thread, "count", 1) - 1)


def read_only(engine: Engine) -> Connection:
    """A connection for reads: on SQLite its transactions do not take the write lock."""
    return engine.connect().execution_options(**{READ_ONLY_OPTION: True})


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def unit_of_work(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    with sessions() as session, session.begin():
        yield session


def insert_returning(engine: Engine, statement: Insert, params: dict[str, Any]) -> tuple[Any, ...] | None:
    """Run one ``INSERT … RETURNING`` as a transaction of its own; its row, or None when nothing was inserted.

    This is the door's durable write, so it skips SQLAlchemy's execution
    machinery: through ``engine.begin()`` it costs BEGIN, the statement and
    COMMIT (three round trips on PostgreSQL) and about 0.3 ms of CPU; sent
    straight to the driver in autocommit it is one round trip, committed
    before it returns. The statement is compiled by SQLAlchemy once and the
    values go through the columns' own bind processors, so what is stored is
    exactly what Core would store. On SQLite the write still queues on the
    write lock. If the driver raises, that connection is invalidated and the
    statement is run once more through Core on a fresh connection: a stale
    pooled connection costs nothing, and real errors surface (and invalidate
    the pool) the way they always have. Dialects without a driver form go
    straight through Core.
    """
    form = _driver_form(engine.dialect, statement, tuple(params))
    if form is not None:
        try:
            return form.run(engine, params)
        except engine.dialect.loaded_dbapi.Error:
            pass  # retried below, through Core
    with engine.begin() as connection:
        row = connection.execute(statement, params).first()
    return tuple(row) if row is not None else None


@dataclass(frozen=True)
class _DriverForm:
    """A compiled statement and the bind processors of its parameters, for one dialect."""

    sql: str
    processors: dict[str, Callable[[Any], Any]]
    sqlite: bool

    def run(self, engine: Engine, params: dict[str, Any]) -> tuple[Any, ...] | None:
        values = {key: (process(value) if (process := self.processors.get(key)) else value)
                  for key, value in params.items()}
        pooled = engine.raw_connection()
        try:
            return self._sqlite(engine, pooled, values) if self.sqlite else self._psycopg(pooled, values)
        except engine.dialect.loaded_dbapi.Error:
            pooled.invalidate()
            raise
        finally:
            pooled.close()

    def _sqlite(self, engine: Engine, pooled: Any, values: dict[str, Any]) -> tuple[Any, ...] | None:
        lock_path = _write_lock_path(engine.url.database)
        if lock_path:
            _take_write_lock(pooled.info, lock_path)  # released when the connection is checked in
        cursor = pooled.driver_connection.execute(self.sql, values)  # isolation_level None: autocommit
        try:
            return cursor.fetchone()
        finally:
            cursor.close()

    def _psycopg(self, pooled: Any, values: dict[str, Any]) -> tuple[Any, ...] | None:
        driver = pooled.driver_connection
        driver.autocommit = True
        try:
            return driver.execute(self.sql, values, prepare=True).fetchone()
        finally:
            driver.autocommit = False  # the pool's other users expect transactions


@lru_cache(maxsize=32)
def _driver_form(dialect: Dialect, statement: Insert, keys: tuple[str, ...]) -> _DriverForm | None:
    sqlite = dialect.name == "sqlite" and dialect.driver == "pysqlite"
    if not sqlite and (dialect.name, dialect.driver) != ("postgresql", "psycopg"):
        return None
    # sqlite3 takes named parameters from a dict; SQLAlchemy's pysqlite dialect compiles to qmark.
    compiler_dialect = type(dialect)(paramstyle="named") if sqlite else dialect
    processors = _bind_processors(dialect, statement.table, keys)  # type: ignore[attr-defined]
    return _DriverForm(str(statement.compile(dialect=compiler_dialect, column_keys=list(keys))), processors, sqlite)


def _bind_processors(dialect: Dialect, table: Table, keys: tuple[str, ...]) -> dict[str, Callable[[Any], Any]]:
    """What SQLAlchemy would do to each value before the driver sees it (JSON to text, and so on)."""
    return {key: processor for key in keys
            if (processor := table.c[key].type.dialect_impl(dialect).bind_processor(dialect))}


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows (no RETURNING) in the session's transaction: COPY on PostgreSQL, executemany elsewhere.

    Why: ingest writes about ten rows per lead. As one multi-row ``INSERT …
    VALUES`` per table, psycopg re-parses a statement of tens of kilobytes
    for every batch (it caches only short ones), and that parsing was a third
    of the worker's CPU. COPY sends the same rows with no SQL to parse. Rows
    must all have the same keys; a column left out that has a Python-side
    default, or rows of mixed shapes, go through Core, which knows defaults.
    """
    if not rows:
        return
    session.flush()  # as session.execute would: pending ORM rows first
    connection = session.connection()
    copy = _copy_form(connection.dialect, table, tuple(rows[0]))
    if copy is None or any(len(row) != len(copy.keys) for row in rows):
        connection.execute(insert(table), rows)
        return
    copy.run(connection, rows)


def insert_rows_returning_ids(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows and return their new ids, in the rows' order (see ``insert_rows`` for why COPY).

    On PostgreSQL the ids are taken from the table's sequence first (one
    round trip), then the rows are copied with them. Elsewhere it is one
    ``INSERT … RETURNING id`` in parameter order.
    """
    if not rows:
        return []
    connection = session.connection()
    if _copy_form(connection.dialect, table, ("id", *rows[0])) is None:
        returning = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(connection.execute(returning, rows).scalars())
    ids = sorted(connection.execute(_RESERVE_IDS, {"table": table.name, "count": len(rows)}).scalars())
    insert_rows(session, table, [{"id": row_id, **row} for row_id, row in zip(ids, rows, strict=True)])
    return ids


_RESERVE_IDS = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)")


@dataclass(frozen=True)
class _CopyForm:
    """``COPY table (columns) FROM STDIN`` and the bind processors of those columns."""

    sql: str
    keys: tuple[str, ...]
    processors: dict[str, Callable[[Any], Any]]

    def run(self, connection: Connection, rows: list[dict[str, Any]]) -> None:
        """Copy the rows; a driver error is raised as SQLAlchemy's (a unique violation as ``IntegrityError``).

        Callers catch SQLAlchemy's exceptions, as for any statement: ingest's
        fallback, for one, retries a batch one submission at a time on an
        ``IntegrityError`` (two workers storing the same person at once).
        """
        steps = [(key, self.processors.get(key)) for key in self.keys]
        dbapi = connection.dialect.loaded_dbapi
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            with cursor, cursor.copy(self.sql) as copy:
                for row in rows:
                    copy.write_row([process(row[key]) if process else row[key] for key, process in steps])
        except dbapi.Error as error:
            raise DBAPIError.instance(self.sql, None, error, dbapi.Error, dialect=connection.dialect) from error


@lru_cache(maxsize=64)
def _copy_form(dialect: Dialect, table: Table, keys: tuple[str, ...]) -> _CopyForm | None:
    if (dialect.name, dialect.driver) != ("postgresql", "psycopg"):
        return None
    left_out = [column for column in table.c if column.key not in keys]
    if any(key not in table.c for key in keys) or any(column.default is not None for column in left_out):
        return None
    quote = dialect.identifier_preparer
    columns = ", ".join(quote.quote(key) for key in keys)
    return _CopyForm(f"COPY {quote.format_table(table)} ({columns}) FROM STDIN", keys,
                     _bind_processors(dialect, table, keys))
