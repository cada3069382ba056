"""The process's shared services: settings, database engine, sessions, queue.

Built once per process (web, worker, bot, CLI) and handed to whoever needs
it; the rq job function, which rq imports by name, reaches it through
``current_runtime``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from captura.config import Settings
from captura.queue import IntakeQueue, connect_queue
from store.db import make_engine, make_session_factory


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    queue: IntakeQueue

    @classmethod
    def start(cls, settings: Settings) -> Runtime:
        from captura.jobs import run_ingest  # jobs imports runtime for the rq entry point

        engine = make_engine(settings.database_url)
        sessions = make_session_factory(engine)
        runtime = cls(settings, engine, sessions, queue=None)  # type: ignore[arg-type]
        runtime.queue = connect_queue(settings, run_inline=lambda sid: run_ingest(runtime, [sid]))
        return runtime

    def close(self) -> None:
        self.engine.dispose()


_current: Runtime | None = None
_lock = threading.Lock()


def current_runtime() -> Runtime:
    """The runtime of this process, started from the environment on first use."""
    global _current
    with _lock:
        if _current is None:
            _current = Runtime.start(Settings.from_env())
        return _current


def install_runtime(runtime: Runtime | None) -> None:
    """Make ``runtime`` the process's runtime (the worker and tests set it explicitly)."""
    global _current
    with _lock:
        _current = runtime
