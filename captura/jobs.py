"""The intake job and the sweeper.

``ingest_job`` is what rq runs: it takes a submission id (never an object,
so a retry reloads fresh state), and stores that submission together with
other pending ones in one batch; re-running it for a stored submission does
nothing, which is what makes rq's retries and our sweeper safe.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import structlog
from sqlalchemy import select

from captura.runtime import Runtime, current_runtime
from store.db import read_only, unit_of_work
from store.ingest import BatchOutcome, ingest_batch
from store.models import Submission

log = structlog.get_logger(__name__)

BATCH_SIZE = 200
JOB_TIME_BUDGET_SECONDS = 10.0
SWEEP_AFTER = timedelta(seconds=30)


def ingest_job(submission_id: int) -> dict[str, int]:
    """rq entry point: store this submission, then drain the pending backlog in batches.

    Clears the queue's "armed" flag first (so submissions committed from now
    on enqueue a new job), fans out one more job when the backlog is larger
    than a batch (so idle workers join in), and hands over to a fresh job
    after ``JOB_TIME_BUDGET_SECONDS`` so no job runs into rq's timeout.
    """
    runtime = current_runtime()
    runtime.queue.disarm()
    deadline = time.monotonic() + JOB_TIME_BUDGET_SECONDS
    totals = {"stored": 0, "failed": 0, "skipped": 0}
    outcome = run_ingest(runtime, [submission_id], claim_more=BATCH_SIZE - 1)
    if _claimed(outcome) >= BATCH_SIZE:
        _hand_over(runtime)  # the backlog is larger than a batch: let an idle worker join in
    while True:
        _add(totals, outcome)
        if _claimed(outcome) < BATCH_SIZE:
            return totals
        if time.monotonic() > deadline:
            _hand_over(runtime)
            return totals
        outcome = run_ingest(runtime, [], claim_more=BATCH_SIZE)


def _claimed(outcome: BatchOutcome) -> int:
    return len(outcome.stored) + len(outcome.failed) + len(outcome.skipped)


def _hand_over(runtime: Runtime) -> None:
    """Enqueue another job for the rest of the backlog (another worker may take it)."""
    next_ids = pending_ids(runtime, 1)
    if next_ids:
        runtime.queue.enqueue_submission(next_ids[0])


def _add(totals: dict[str, int], outcome: BatchOutcome) -> None:
    totals["stored"] += len(outcome.stored)
    totals["failed"] += len(outcome.failed)
    totals["skipped"] += len(outcome.skipped)


def run_ingest(runtime: Runtime, submission_ids: list[int], *, claim_more: int = 0) -> BatchOutcome:
    """Store ``submission_ids`` (and up to ``claim_more`` other pending ones) in one transaction."""
    with unit_of_work(runtime.sessions) as session:
        outcome = ingest_batch(session, submission_ids, runtime.settings.default_region, claim_more=claim_more,
                               thresholds=runtime.settings.thresholds)
    log.info("ingest.batch", stored=len(outcome.stored), failed=len(outcome.failed),
             skipped=len(outcome.skipped))
    return outcome


def pending_ids(runtime: Runtime, limit: int, *, exclude: int | None = None,
                older_than: timedelta | None = None) -> list[int]:
    """Oldest pending submissions first."""
    query = select(Submission.id).where(Submission.status == "pending").order_by(Submission.id).limit(limit)
    if exclude is not None:
        query = query.where(Submission.id != exclude)
    if older_than is not None:
        query = query.where(Submission.created_at < datetime.now(timezone.utc) - older_than)
    with read_only(runtime.engine) as connection:
        return list(connection.scalars(query))


def sweep_pending(runtime: Runtime, older_than: timedelta = SWEEP_AFTER, limit: int = 1_000) -> int:
    """Enqueue submissions still pending after ``older_than`` (their job was lost); returns how many.

    A submission is pending after its job when Redis was down at accept time,
    when a worker died mid-job, or when the job's retries ran out on a
    transient fault: the sweeper is what makes "nothing lost" hold then.
    """
    ids = pending_ids(runtime, limit, older_than=older_than)
    if ids and runtime.queue.kind == "inline":
        for submission_id in ids:
            runtime.queue.enqueue_submission(submission_id)
    elif ids:
        runtime.queue.enqueue_submission(ids[0], force=True)  # one job drains them all
    if ids:
        log.info("sweeper.requeued", count=len(ids))
    return len(ids)


def retry_failed(runtime: Runtime, submission_ids: list[int] | None = None) -> int:
    """Put failed submissions back to pending and enqueue them; returns how many."""
    with unit_of_work(runtime.sessions) as session:
        query = select(Submission).where(Submission.status == "failed")
        if submission_ids:
            query = query.where(Submission.id.in_(submission_ids))
        failed = list(session.scalars(query))
        for submission in failed:
            submission.status, submission.error = "pending", None
    for submission in failed:
        runtime.queue.enqueue_submission(submission.id)
    return len(failed)
