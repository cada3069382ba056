"""The intake queue: rq on Redis, or inline when no Redis answers.

With Redis the web and bot processes only enqueue; ``captura worker`` runs
the jobs. Without Redis (the embedded default) each job runs in the process
that accepted the submission, right after the submission's commit, and the
log says so once. rq's own synchronous mode is not used for that: it still
needs a Redis connection to save the job.
"""

from __future__ import annotations

from typing import Protocol

import structlog
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry

from captura.config import DEFAULT_REDIS_URL, Settings

log = structlog.get_logger(__name__)

JOB_FUNCTION = "captura.jobs.ingest_job"
# Immediate retries only: later ones are the sweeper's (pending submissions are re-queued after
# SWEEP_AFTER), so the worker needs no rq scheduler, which would run as a forked child process.
JOB_RETRY = Retry(max=2)
JOB_TIMEOUT_SECONDS = 600
REDIS_PROBE_TIMEOUT_SECONDS = 0.5
ARMED_TTL_SECONDS = 30


class IntakeQueue(Protocol):
    """What the intake path needs from a queue."""

    kind: str

    def enqueue_submission(self, submission_id: int, *, force: bool = False) -> bool:
        """Queue the submission's job; False (logged) when the queue is unreachable."""

    def depth(self) -> int | None:
        """Jobs waiting; None when unknown."""

    def ping(self) -> bool:
        """Whether the queue answers now."""

    def disarm(self) -> None:
        """Let the next submission enqueue a job again (see RedisQueue)."""


class RedisQueue:
    """rq on Redis, with jobs coalesced while one is already waiting.

    A job stores the submission it names *and every other pending one* (see
    ``captura.jobs``), so while a job waits in the queue there is no need for
    another: the door sets an "armed" flag with ``SET NX`` and enqueues only
    when it set it; the job clears the flag before it looks for pending work.
    A submission committed while the flag is set is therefore always seen by
    the job that clears it. This keeps rq's ~4 ms of bookkeeping per job off
    each lead. The flag expires, so a lost job only delays (the sweeper
    re-arms it).
    """

    kind = "redis"

    def __init__(self, connection: Redis, name: str) -> None:
        self.connection = connection
        self.rq = Queue(name, connection=connection, default_timeout=JOB_TIMEOUT_SECONDS)
        self.armed_key = f"captura:{name}:armed"

    def enqueue_submission(self, submission_id: int, *, force: bool = False) -> bool:
        """Queue a job unless one is already waiting; ``force`` queues one regardless.

        The sweeper forces: a flag left by a process killed between setting
        it and enqueueing must not hold back its submissions until it expires.
        """
        try:
            if self.connection.set(self.armed_key, submission_id, nx=not force, ex=ARMED_TTL_SECONDS):
                self.rq.enqueue_call(JOB_FUNCTION, args=(submission_id,), retry=JOB_RETRY,
                                     description=f"ingest from submission {submission_id}")
        except RedisError as error:
            log.warning("queue.unreachable", submission_id=submission_id, error=type(error).__name__)
            return False
        return True

    def disarm(self) -> None:
        """Called by a job before it looks for pending work: the next submission enqueues again."""
        self.connection.delete(self.armed_key)

    def depth(self) -> int | None:
        try:
            return self.rq.count
        except RedisError:
            return None

    def ping(self) -> bool:
        try:
            return bool(self.connection.ping())
        except RedisError:
            return False


class InlineQueue:
    """Runs each job at once in this process: the embedded default, no Redis needed."""

    kind = "inline"

    def __init__(self, run_job) -> None:  # type: ignore[no-untyped-def]
        self._run_job = run_job

    def enqueue_submission(self, submission_id: int, *, force: bool = False) -> bool:
        try:
            self._run_job(submission_id)
        except Exception as error:  # the submission stays pending; the sweeper retries it
            log.error("queue.inline_job_failed", submission_id=submission_id, error=repr(error))
        return True

    def depth(self) -> int | None:
        return 0

    def disarm(self) -> None:
        """Nothing to clear: inline jobs are never waiting."""

    def ping(self) -> bool:
        return True


def connect_queue(settings: Settings, run_inline=None) -> IntakeQueue:  # type: ignore[no-untyped-def]
    """Redis when ``REDIS_URL`` is set or Redis answers on localhost; inline otherwise.

    ``CAPTURA_INLINE_QUEUE=1`` asks for inline jobs even when Redis answers
    (one-process set-ups, and the tests of the embedded default).

    An explicit ``REDIS_URL`` that does not answer still gives a Redis queue:
    the operator asked for it, submissions wait in SQL until it is back.
    """
    if settings.force_inline_queue and run_inline is not None:
        log.warning("queue.inline", reason="CAPTURA_INLINE_QUEUE is set")
        return InlineQueue(run_inline)
    if settings.redis_url:
        return RedisQueue(Redis.from_url(settings.redis_url), settings.queue_name)
    local = Redis.from_url(DEFAULT_REDIS_URL, socket_connect_timeout=REDIS_PROBE_TIMEOUT_SECONDS)
    try:
        local.ping()
    except RedisError:
        log.warning("queue.inline", reason="no REDIS_URL and no Redis on 127.0.0.1:6379; "
                    "jobs run inline in the accepting process")
        if run_inline is None:
            raise RuntimeError("no Redis reachable and no inline runner given") from None
        return InlineQueue(run_inline)
    return RedisQueue(local, settings.queue_name)
