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
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from captura.intake import submit_lead
from captura.runtime import Runtime
from store import migrations
from tests.conftest import REPO_ROOT, LiveServer, make_runtime
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
           "SECRET_KEY": "faults"}
    return subprocess.Popen([sys.executable, "-m", "captura", "worker", *(["--burst"] if burst else [])],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def post(client: httpx.Client, index: int) -> int:
    """Post lead ``index`` until it is answered (retrying with the same key); returns the final status."""
    body = {"name": f"Persona {index}", "email": f"persona{index}@ejemplo.es", "consent": {"granted": True}}
    for _ in range(20):
        try:
            status = client.post("/api/v1/leads", json=body, headers={"Idempotency-Key": f"lead-{index}"}).status_code
        except httpx.HTTPError:
            status = 0
        if status == 202:
            return status
        time.sleep(0.25)
    return status


@pytest.fixture
def runtime_on_private_redis(database_url: str, private_redis: PrivateRedis) -> Iterator[Runtime]:
    runtime = make_runtime(database_url, redis=True, redis_url=private_redis.url)
    if runtime.engine.dialect.name == "postgresql":
        from tests.conftest import _truncate_all

        _truncate_all(runtime)
    yield runtime
    runtime.close()


def test_redis_down_while_posting_loses_nothing(runtime_on_private_redis: Runtime,
                                                private_redis: PrivateRedis) -> None:
    runtime = runtime_on_private_redis
    with LiveServer(create_app(runtime=runtime)) as live, httpx.Client(base_url=live.url, timeout=10) as client:
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
        runtime = make_runtime(server.url, redis=True, redis_url=private_redis.url)
        with LiveServer(create_app(runtime=runtime)) as live, httpx.Client(base_url=live.url, timeout=10) as client:
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
