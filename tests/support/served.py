"""``captura up`` as an operator runs it, in a folder (and a home) of its own, on a free port.

For tests about serving itself (slow clients, what gunicorn logs or believes,
what it leaves on the machine): those are properties of the gunicorn process
that ``captura up`` starts, which an in-thread test server would not show.
``bench/abuse.py`` serves its product the same way. Free of pytest, so the
benchmark can import it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVED_SECRET_KEY = "served-only-secret-key-of-at-least-32-bytes"
CLEARED = {"DATABASE_URL", "REDIS_URL", "CAPTURA_INLINE_QUEUE", "TELEGRAM_BOT_TOKEN", "XDG_RUNTIME_DIR", "HOME"}


def served_env(folder: Path, **extra: str) -> dict[str, str]:
    """The machine's environment without Captura's own variables, with a home inside ``folder``."""
    env = {key: value for key, value in os.environ.items() if key not in CLEARED}
    (folder / "home").mkdir(exist_ok=True)
    env.update(PYTHONPATH=str(REPO_ROOT), SECRET_KEY=SERVED_SECRET_KEY, HOME=str(folder / "home"),
               CAPTURA_INLINE_QUEUE="1", **extra)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServedCaptura:
    """A running ``captura up`` (SQLite in ``folder``); its output goes to ``folder/up.log``."""

    def __init__(self, folder: Path, *, workers: int = 2, **extra_env: str) -> None:
        self.folder = folder
        self.env = served_env(folder, **extra_env)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / "up.log"
        self.workers = workers
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> ServedCaptura:
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "captura", "up", "--port", str(self.port), "--workers", str(self.workers)],
            cwd=self.folder, env=self.env, stdout=log, stderr=subprocess.STDOUT, text=True)
        log.close()
        self._wait_until_answering()
        return self

    def __exit__(self, *_exc: object) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def _wait_until_answering(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"captura up exited early:\n{self.log()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"captura up did not answer in time:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_after(self, mark: int) -> list[str]:
        """The log's lines written after ``mark`` (a length of ``log()`` taken earlier)."""
        time.sleep(0.3)  # gunicorn writes the access line after the response
        return self.log()[mark:].splitlines()
