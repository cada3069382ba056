"""Breaking things on purpose: every accepted lead is stored exactly once, whatever dies.

Each test owns the services it breaks (``tests/faults/services.py``) and ends
with an exact count: accepted = stored + rejected-with-reason, no duplicates.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from captura.intake import submit_lead
from captura.runtime import Runtime
from store import migrations
from tests.conftest import REPO_ROOT, TEST_SECRET_KEY, LiveServer, make_runtime
from tests.faults.services import PrivatePostgres, PrivateRedis
from tests.integration.test_intake import draft
from webforms import create_app

pytestmark = pytest.mark.skipif(not PrivateRedis.available(), reason="redis-server is not installed")


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


def counts(runtime: Runtime) -> dict[str, int]:
    with runtime.engine.connect() as connection:
        by_status = dict(connection.execute(text("SELECT status, count(*) FROM submissions GROUP BY status")).all())
        return {
            **{status: by_status.get(status, 0) for status in ("pending", "stored", "failed", "rejected")},
            "leads": connection.execute(text("SELECT count(*) FROM leads")).scalar_one(),
            "emails": connection.execute(text(
                "SELECT count(DISTINCT value) FROM contact_points WHERE kind = 'email'")).scalar_one(),
            "interactions": connection.execute(text("SELECT count(*) FROM interactions")).scalar_one(),
        }


def run_worker(runtime: Runtime, *, burst: bool) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "DATABASE_URL": runtime.settings.database_url,
           "REDIS_URL": runtime.settings.redis_url or "", "CAPTURA_QUEUE": runtime.settings.queue_name,
           "SECRET_KEY": TEST_SECRET_KEY}
    return subprocess.Popen([sys.executable, "-m", "captura", "worker", *(["--burst"] if burst else [])],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def lead_body(index: int) -> dict[str, object]:
    return {"name": f"Persona {index}", "email": f"persona{index}@ejemplo.es", "consent": {"granted": True}}


API_TOKEN = "faults:s3cret-token"  # a server-to-server caller: not held back by the public door's rate limit


def headers(index: int) -> dict[str, str]:
    return {"Idempotency-Key": f"lead-{index}", "Authorization": f"Bearer {API_TOKEN.split(':')[1]}"}


def post(client: httpx.Client, index: int) -> int:
    """Post lead ``index`` until it is answered (retrying with the same key); returns the final status."""
    for _ in range(20):
        try:
            status = client.post("/api/v1/leads", json=lead_body(index), headers=headers(index)).status_code
        except httpx.HTTPError:
            status = 0
        if status == 202:
            return status
        time.sleep(0.25)
    return status


@contextmanager
def served(runtime: Runtime) -> Iterator[httpx.Client]:
    """The app over real HTTP, and a client of it."""
    with LiveServer(create_app(runtime=runtime)) as live, \
            httpx.Client(base_url=live.url, timeout=10) as client:
        yield client


@pytest.fixture
def runtime_on_private_redis(database_url: str, private_redis: PrivateRedis) -> Iterator[Runtime]:
    runtime = make_runtime(database_url, redis=True, redis_url=private_redis.url, api_tokens=API_TOKEN)
    if runtime.engine.dialect.name == "postgresql":
        from tests.conftest import _truncate_all

        _truncate_all(runtime)
    yield runtime
    runtime.close()


def test_redis_down_while_posting_loses_nothing(runtime_on_private_redis: Runtime,
                                                private_redis: PrivateRedis) -> None:
    runtime = runtime_on_private_redis
    with served(runtime) as client:
        statuses = [post(client, i) for i in range(40)]
        private_redis.stop()
        statuses += [post(client, i) for i in range(40, 80)]  # Redis is down: still accepted
        assert counts(runtime)["pending"] == 80 and runtime.queue.ping() is False
        private_redis.start()  # back, and empty: its queue and flags are gone
        statuses += [post(client, i) for i in range(80, 120)]
    assert statuses == [202] * 120
    assert run_worker(runtime, burst=True).wait(timeout=120) == 0
    assert counts(runtime) == {"pending": 0, "stored": 120, "failed": 0, "rejected": 0, "leads": 120,
                               "emails": 120, "interactions": 120}


def test_worker_killed_mid_batch_is_redone_exactly_once(runtime_on_private_redis: Runtime) -> None:
    runtime = runtime_on_private_redis
    total = 2_000
    for index in range(total):
        submit_lead(draft(email=f"k{index}@ejemplo.es", phone=None, idempotency_key=f"k{index}"),
                    runtime.engine, runtime.queue, region="ES")
    worker = run_worker(runtime, burst=False)
    deadline = time.monotonic() + 60
    while counts(runtime)["stored"] == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    halfway = counts(runtime)
    assert 0 < halfway["stored"] < total, halfway
    assert run_worker(runtime, burst=True).wait(timeout=180) == 0
    assert counts(runtime) == {"pending": 0, "stored": total, "failed": 0, "rejected": 0, "leads": total,
                               "emails": total, "interactions": total}


@pytest.mark.skipif(not PrivatePostgres.available(), reason="PostgreSQL server binaries are not installed")
def test_postgres_restart_while_posting_answers_503_and_loses_nothing(private_redis: PrivateRedis) -> None:
    server = PrivatePostgres(Path(tempfile.mkdtemp(prefix="captura-pg-")))
    server.init()
    try:
        migrations.upgrade(server.url)
        runtime = make_runtime(server.url, redis=True, redis_url=private_redis.url, api_tokens=API_TOKEN)
        with served(runtime) as client:
            statuses = [post(client, i) for i in range(30)]
            server.stop("immediate")
            refused = client.post("/api/v1/leads", headers={"Idempotency-Key": "while-down"},
                                  json={"email": "down@ejemplo.es", "consent": {"granted": True}})
            assert refused.status_code == 503 and refused.headers["Retry-After"]
            server.start()
            statuses += [post(client, i) for i in range(30, 60)]  # the first may meet a stale connection: retried
        assert statuses == [202] * 60
        assert run_worker(runtime, burst=True).wait(timeout=120) == 0
        assert counts(runtime) == {"pending": 0, "stored": 60, "failed": 0, "rejected": 0, "leads": 60,
                                   "emails": 60, "interactions": 60}
        runtime.close()
    finally:
        server.stop("fast")


def test_the_whole_product_killed_mid_stream_stores_every_lead_exactly_once(tmp_path: Path,
                                                                           private_redis: PrivateRedis) -> None:
    """SIGKILL ``captura up`` (web, worker) while posting; restart; retry what was not acknowledged."""
    import sqlite3
    import threading

    port = PrivateRedis().port  # any free port
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "REDIS_URL": private_redis.url, "SECRET_KEY": TEST_SECRET_KEY,
           "CAPTURA_QUEUE": "kill-test", "CAPTURA_API_TOKENS": API_TOKEN}
    env.pop("DATABASE_URL", None)

    def start() -> subprocess.Popen[bytes]:
        process = subprocess.Popen([sys.executable, "-m", "captura", "up", "--port", str(port), "--workers", "1"],
                                   cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    return process
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError("captura up did not start")

    total, acknowledged = 300, set()

    def stream(client: httpx.Client) -> None:
        for index in range(total):
            try:
                answer = client.post("/api/v1/leads", json=lead_body(index), headers=headers(index))
            except httpx.HTTPError:
                continue
            if answer.status_code == 202:
                acknowledged.add(index)

    product = start()
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
        poster = threading.Thread(target=stream, args=(client,))
        poster.start()
        while len(acknowledged) < 60:
            time.sleep(0.01)
        os.killpg(product.pid, signal.SIGKILL)
        product.wait(timeout=10)
        poster.join(timeout=120)
    assert 60 <= len(acknowledged) < total
    product = start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            for index in range(total):  # the client retries everything (acknowledged ones are replays)
                assert post(client, index) == 202
        database = tmp_path / "captura.db"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with sqlite3.connect(database) as db:
                stored = db.execute("SELECT count(*) FROM submissions WHERE status = 'stored'").fetchone()[0]
            if stored == total:
                break
            time.sleep(0.5)
        with sqlite3.connect(database) as db:
            assert db.execute("SELECT count(*) FROM submissions").fetchone()[0] == total
            assert db.execute("SELECT count(*) FROM leads").fetchone()[0] == total
            assert db.execute("SELECT count(DISTINCT value) FROM contact_points").fetchone()[0] == total
            assert db.execute("SELECT count(*) FROM interactions").fetchone()[0] == total
            keys = {row[0] for row in db.execute("SELECT idempotency_key FROM submissions WHERE status='stored'")}
        assert {f"api-token:faults:lead-{index}" for index in acknowledged} <= keys
    finally:
        os.killpg(product.pid, signal.SIGTERM)
        product.wait(timeout=30)


@pytest.mark.skipif(not PrivatePostgres.available(), reason="PostgreSQL server binaries are not installed")
def test_without_redis_the_rate_limited_door_survives_a_postgres_restart() -> None:
    """Without Redis the per-address counters are in PostgreSQL too: down, the door says 503 (not 500); back,
    it counts in the store again."""
    server = PrivatePostgres(Path(tempfile.mkdtemp(prefix="captura-pg-")))
    server.init()
    try:
        migrations.upgrade(server.url)
        runtime = make_runtime(server.url, redis=False)

        def anonymous(client: httpx.Client, index: int) -> int:
            return client.post("/api/v1/leads", json=lead_body(index),
                               headers={"Idempotency-Key": f"anonymous-{index}"}).status_code

        with served(runtime) as client:
            assert anonymous(client, 0) == 202
            server.stop("immediate")
            down = client.post("/api/v1/leads", json=lead_body(1), headers={"Idempotency-Key": "anonymous-1"})
            assert down.status_code == 503 and down.headers["Retry-After"]
            server.start()
            statuses = [anonymous(client, 1) for _ in range(3)]  # the first may meet a stale connection
            assert 202 in statuses and 500 not in statuses
        with runtime.engine.connect() as connection:
            assert connection.execute(text("SELECT sum(hits) FROM rate_limits")).scalar_one() >= 1
        runtime.close()
    finally:
        server.stop("fast")
