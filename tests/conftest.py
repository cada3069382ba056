"""Shared fixtures: real SQLite and PostgreSQL stores, a real Redis queue, a real HTTP server.

PostgreSQL and Redis are the machine's own (127.0.0.1:5432 as root with
trust auth, 127.0.0.1:6379); ``.ci/run`` starts them. When one is not
running, the tests that need it are skipped with the reason, so the suite
also passes on embedded defaults alone.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import text
from werkzeug.serving import make_server

from captura.config import Settings
from captura.queue import RedisQueue
from captura.runtime import Runtime, install_runtime
from store import migrations
from store.models import Base
from tests.e2e.browser_support import browser, page  # noqa: F401  (Playwright fixtures for every browser test)
from tests.support.served import free_port

REPO_ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("CAPTURA_TEST_PG_ADMIN", "postgresql://root@127.0.0.1:5432/postgres")
REDIS_TEST_URL = os.environ.get("CAPTURA_TEST_REDIS", "redis://127.0.0.1:6379/0")
TEST_SECRET_KEY = "tests-only-secret-key-of-at-least-32-bytes"


def _postgres_answers() -> bool:
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=2):
            return True
    except psycopg.Error:
        return False


def _redis_answers() -> bool:
    try:
        return bool(Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping())
    except RedisError:
        return False


POSTGRES_UP = _postgres_answers()
REDIS_UP = _redis_answers()
needs_postgres = pytest.mark.skipif(not POSTGRES_UP, reason="PostgreSQL is not running on 127.0.0.1:5432")
needs_redis = pytest.mark.skipif(not REDIS_UP, reason="Redis is not running on 127.0.0.1:6379")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once is the slow part)."""
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    migrations.upgrade(f"sqlite:///{path}")
    return path


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A new, migrated PostgreSQL database; dropped on exit."""
    if not POSTGRES_UP:
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    name = f"captura_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        migrations.upgrade(url)
        yield url
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The PostgreSQL database of this test session (tables emptied by the fixtures that use it)."""
    with fresh_postgres_database() as url:
        yield url


@pytest.fixture
def private_postgres_url() -> Iterator[str]:
    """A PostgreSQL database of the test's own, for tests that must know nobody else touches it."""
    with fresh_postgres_database() as url:
        yield url


def _truncate_all(runtime: Runtime) -> None:
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with runtime.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """Each store test runs on both SQLite and PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "captura.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    path = tmp_path / "captura.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


def make_runtime(database_url: str, *, redis: bool, **overrides: object) -> Runtime:
    """A runtime on ``database_url``; with ``redis`` a private rq queue, else inline jobs."""
    queue_name = f"test-intake-{uuid.uuid4().hex[:8]}"
    environ = {"DATABASE_URL": database_url, "CAPTURA_QUEUE": queue_name, "SECRET_KEY": TEST_SECRET_KEY,
               "CAPTURA_DEFAULT_REGION": "ES"}
    if redis:
        environ["REDIS_URL"] = REDIS_TEST_URL
    else:
        environ["CAPTURA_INLINE_QUEUE"] = "1"  # the embedded default, even when a local Redis answers
    settings = dataclasses.replace(Settings.from_env(environ), **overrides)
    return Runtime.start(settings)


@pytest.fixture
def inline_runtime(database_url: str) -> Iterator[Runtime]:
    runtime = make_runtime(database_url, redis=False)
    if runtime.engine.dialect.name == "postgresql":
        _truncate_all(runtime)
    install_runtime(runtime)
    yield runtime
    install_runtime(None)
    runtime.close()


@pytest.fixture
def redis_runtime(database_url: str) -> Iterator[Runtime]:
    if not REDIS_UP:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    runtime = make_runtime(database_url, redis=True)
    if runtime.engine.dialect.name == "postgresql":
        _truncate_all(runtime)
    install_runtime(runtime)
    yield runtime
    assert isinstance(runtime.queue, RedisQueue)
    runtime.queue.rq.empty()
    runtime.queue.rq.delete(delete_jobs=True)
    runtime.queue.disarm()
    install_runtime(None)
    runtime.close()


def drain(runtime: Runtime) -> None:
    """Run the real rq worker over the runtime's queue until it is empty."""
    from rq import SimpleWorker

    assert isinstance(runtime.queue, RedisQueue)
    SimpleWorker([runtime.queue.rq], connection=runtime.queue.connection).work(burst=True)


class LiveServer:
    """A Flask app served over real HTTP on 127.0.0.1, in a thread."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = make_server("127.0.0.1", self.port, app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)
