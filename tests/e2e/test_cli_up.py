"""``captura up`` as a user runs it: a real process, real HTTP, the default SQLite file."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import REDIS_TEST_URL, REPO_ROOT, TEST_SECRET_KEY, free_port, needs_redis


def captura(*args: str, cwd: Path, env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "captura", *args], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=60, **kwargs)


def base_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "REDIS_URL", "CAPTURA_INLINE_QUEUE", "TELEGRAM_BOT_TOKEN"}}
    env.update(PYTHONPATH=str(REPO_ROOT), SECRET_KEY=TEST_SECRET_KEY, **extra)
    return env


@pytest.fixture
def running(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, Path, dict[str, str]]]:
    env = base_env(**request.param)
    port = free_port()
    log = (tmp_path / "up.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "captura", "up", "--port", str(port), "--workers", "1"],
                               cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{url}/healthz", process, tmp_path / "up.log")
        yield url, tmp_path, env
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def _wait_for(url: str, process: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"captura up exited early:\n{log.read_text()}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"captura up did not answer in time:\n{log.read_text()}")


def _stored_leads(folder: Path, expected: int) -> list[tuple]:
    deadline = time.monotonic() + 20
    rows: list[tuple] = []
    while time.monotonic() < deadline:
        with sqlite3.connect(folder / "captura.db") as db:
            rows = db.execute("SELECT l.display_name, c.purpose, c.granted FROM leads l "
                              "JOIN consents c ON c.lead_id = l.id ORDER BY l.id").fetchall()
        if len(rows) >= expected:
            return rows
        time.sleep(0.2)
    return rows


def _post_both_doors(url: str) -> None:
    with httpx.Client(base_url=url) as client:
        page = client.get("/form")
        hidden = dict(re.findall(r'name="(csrf_token|form_token)" type="hidden" value="([^"]+)"', page.text))
        posted = client.post("/form", data={**hidden, "name": "Ana Form", "email": "ana@ejemplo.es",
                                            "consent": "y"})
        assert posted.status_code == 302
        for _ in range(2):
            api = client.post("/api/v1/leads", headers={"Idempotency-Key": "cli-1"},
                              json={"name": "Bob Api", "phone": "+34 699 111 222", "consent": {"granted": True}})
            assert api.status_code == 202


@pytest.mark.parametrize("running", [{"CAPTURA_INLINE_QUEUE": "1"}], indirect=True)
def test_up_on_embedded_defaults_serves_the_form_and_stores_leads(running) -> None:  # type: ignore[no-untyped-def]
    url, folder, env = running
    assert "inline" in (folder / "up.log").read_text()
    _post_both_doors(url)
    assert _stored_leads(folder, 2) == [("Ana Form", "contact", 1), ("Bob Api", "contact", 1)]
    status = captura("status", cwd=folder, env=env).stdout
    assert re.search(r"stored: 2", status) and re.search(r"pending: 0", status)


@needs_redis
@pytest.mark.parametrize("running", [{"REDIS_URL": REDIS_TEST_URL, "CAPTURA_QUEUE": f"cli-{uuid.uuid4().hex[:8]}"}],
                         indirect=True)
def test_up_with_redis_runs_a_worker_that_stores_leads(running) -> None:  # type: ignore[no-untyped-def]
    url, folder, env = running
    assert "Queue: Redis" in (folder / "up.log").read_text()
    _post_both_doors(url)
    assert _stored_leads(folder, 2) == [("Ana Form", "contact", 1), ("Bob Api", "contact", 1)]
    assert "queue: 0 (redis)" in captura("status", cwd=folder, env=env).stdout


def test_worker_and_web_refuse_an_unmigrated_database(tmp_path: Path) -> None:
    result = captura("worker", "--burst", cwd=tmp_path, env=base_env(REDIS_URL=REDIS_TEST_URL))
    assert result.returncode != 0 and "captura db upgrade" in result.stderr
    upgraded = captura("db", "upgrade", cwd=tmp_path, env=base_env())
    assert upgraded.returncode == 0 and "up to date" in upgraded.stdout
    assert (tmp_path / "captura.db").exists()
