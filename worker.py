"""The intake worker: ``python worker.py`` (or ``captura worker``).

A thin entry point: an rq ``SimpleWorker`` on the intake queue (no fork per
job: rq's fork costs ~11 ms, more than our job), plus a sweeper thread that
re-queues submissions left pending by an outage (Redis down at accept time, a
worker killed mid-job, a job whose immediate retries ran out).
"""

from __future__ import annotations

import gc
import sys
import threading
from datetime import timedelta

import structlog
from rq import SimpleWorker

from captura.config import Settings
from captura.jobs import sweep_pending
from captura.logs import configure_logging
from captura.queue import RedisQueue
from captura.runtime import Runtime, install_runtime

log = structlog.get_logger(__name__)

SWEEP_EVERY_SECONDS = 15.0


def run_worker(settings: Settings, *, burst: bool = False) -> int:
    """Work the intake queue until stopped (or until empty with ``burst``); returns an exit code."""
    runtime = Runtime.start(settings)
    install_runtime(runtime)
    if not isinstance(runtime.queue, RedisQueue):
        print("No Redis answers, so there is no queue to work: submissions are stored inline by the "
              "process that accepts them. Set REDIS_URL or start Redis to run a separate worker.",
              file=sys.stderr)
        return 2
    # Whatever an earlier worker left pending (killed mid-job, Redis restarted empty) is queued again now.
    sweep_pending(runtime, older_than=timedelta(0))
    stop = threading.Event()
    if not burst:
        threading.Thread(target=_sweep_forever, args=(runtime, stop), daemon=True, name="sweeper").start()
    worker = SimpleWorker([runtime.queue.rq], connection=runtime.queue.connection)
    gc.freeze()  # what lives as long as the worker stays out of every full collection (captura.gunicorn_hooks)
    try:
        # No rq scheduler: it forks a child that would inherit this process's database sockets and keep a
        # killed worker's transaction (and its row locks) open. Retries after a delay are the sweeper's.
        worker.work(burst=burst, with_scheduler=False, logging_level="WARNING")
    finally:
        stop.set()
        runtime.close()
    return 0


def _sweep_forever(runtime: Runtime, stop: threading.Event) -> None:
    while not stop.wait(SWEEP_EVERY_SECONDS):
        try:
            sweep_pending(runtime)
        except Exception as error:  # the database may be restarting; try again next round
            log.warning("sweeper.error", error=type(error).__name__)


if __name__ == "__main__":
    configure_logging()
    sys.exit(run_worker(Settings.from_env()))
