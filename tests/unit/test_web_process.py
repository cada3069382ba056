"""What a gunicorn web worker sets up by itself: it never goes through the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import TEST_SECRET_KEY


def test_a_web_process_started_without_the_cli_masks_and_filters_its_logs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """gunicorn imports ``webforms:create_app()`` directly: the factory must configure logging itself."""
    script = ("import structlog; from webforms import create_app; create_app(); log = structlog.get_logger('t');"
              "log.debug('door.debug', email='ana@ejemplo.es'); log.warning('door.warning', email='ana@ejemplo.es')")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/c.db", "CAPTURA_INLINE_QUEUE": "1",
           "SECRET_KEY": TEST_SECRET_KEY}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
                            check=True)
    warning = [json.loads(line) for line in result.stderr.splitlines() if "door.warning" in line]
    assert warning and warning[0]["email"] == "a***@ejemplo.es"
    assert "door.debug" not in result.stderr and "ana@ejemplo.es" not in result.stderr


def test_web_workers_freeze_what_they_loaded_before_serving() -> None:
    """gunicorn runs the hook in each worker: full collections then skip the app's long-lived objects."""
    from captura.cli import gunicorn_command

    assert "python:captura.gunicorn_hooks" in gunicorn_command("webforms:create_app()", "127.0.0.1", 8000, 2)
    script = ("import gc; import captura.gunicorn_hooks as hooks; from webforms import create_app;"
              "before = gc.get_freeze_count(); hooks.post_worker_init(None); print(before, gc.get_freeze_count())")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    before, after = map(int, result.stdout.split())
    assert before == 0 and after > 50_000
