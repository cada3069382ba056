"""The intake job and the sweeper.

``ingest_job`` is what rq runs: it takes a submission id (never an object,
so a retry reloads fresh state), and stores that submission together with
other pending ones in one batch; re-running it for a stored submission does
nothing, which is what makes rq's retries and our sweeper safe.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import structlog
from sqlalchemy import select

from captura.runtime import Runtime, current_runtime
from store.db import read_only, unit_of_work
from store.ingest import BatchOutcome, ingest_batch
from store.models import Submission

log = structlog.get_logger(__name__)

BATCH_SIZE = 50
SWEEP_AFTER = timedelta(seconds=30)


def ingest_job(submission_id: int) -> dict[str, int]:
    """rq entry point: store this submission (and up to BATCH_SIZE-1 other pending ones)."""
    runtime = current_runtime()
    others = pending_ids(runtime, BATCH_SIZE - 1, exclude=submission_id)
    outcome = run_ingest(runtime, [submission_id, *others])
    return {"stored": len(outcome.stored), "failed": len(outcome.failed), "skipped": len(outcome.skipped)}


def run_ingest(runtime: Runtime, submission_ids: list[int]) -> BatchOutcome:
    """Store ``submission_ids`` in one transaction (a savepoint each)."""
    with unit_of_work(runtime.sessions) as session:
        outcome = ingest_batch(session, submission_ids, runtime.settings.default_region)
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
    for submission_id in ids:
        if not runtime.queue.enqueue_submission(submission_id):
            break
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
