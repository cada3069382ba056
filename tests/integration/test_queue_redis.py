"""The intake path through real Redis and a real rq worker (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from sqlalchemy import func, select

from captura.intake import submit_lead
from captura.jobs import sweep_pending
from captura.queue import RedisQueue
from captura.runtime import Runtime
from store.models import Lead, Submission
from tests.conftest import drain
from tests.integration.test_intake import draft


def statuses(runtime: Runtime) -> list[str]:
    with runtime.sessions() as session:
        return list(session.scalars(select(Submission.status).order_by(Submission.id)))


def test_the_door_only_enqueues_and_the_worker_stores(redis_runtime: Runtime) -> None:
    queue = redis_runtime.queue
    assert isinstance(queue, RedisQueue)
    for index in range(5):
        submit_lead(draft(email=f"p{index}@ejemplo.es", phone=None), redis_runtime.engine, queue, region="ES")
    assert statuses(redis_runtime) == ["pending"] * 5
    assert queue.depth() == 1  # coalesced: the waiting job will take every pending submission
    drain(redis_runtime)
    assert statuses(redis_runtime) == ["stored"] * 5
    assert queue.depth() == 0
    with redis_runtime.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Lead)) == 5


def test_with_redis_down_the_door_still_accepts_and_the_sweeper_catches_up(redis_runtime: Runtime) -> None:
    dead_settings = dataclasses.replace(redis_runtime.settings, redis_url="redis://127.0.0.1:1/0")
    dead = Runtime.start(dead_settings)
    try:
        receipt = submit_lead(draft(), dead.engine, dead.queue, region="ES")
        assert not dead.queue.ping()
    finally:
        dead.close()
    assert statuses(redis_runtime) == ["pending"]
    assert sweep_pending(redis_runtime, older_than=timedelta(0)) == 1
    drain(redis_runtime)
    assert statuses(redis_runtime) == ["stored"]
    with redis_runtime.sessions() as session:
        assert session.scalars(select(Lead.id)).one() == session.get(Submission, receipt.submission_id).lead_id



def test_a_backlog_larger_than_a_batch_is_drained_by_several_jobs(redis_runtime: Runtime) -> None:
    from captura import jobs

    count = jobs.BATCH_SIZE * 2 + 7
    for index in range(count):
        submit_lead(draft(email=f"b{index}@ejemplo.es", phone=None), redis_runtime.engine, redis_runtime.queue,
                    region="ES")
    drain(redis_runtime)
    assert statuses(redis_runtime) == ["stored"] * count


def test_submissions_arriving_while_a_job_waits_are_stored_by_it(redis_runtime: Runtime) -> None:
    queue = redis_runtime.queue
    assert isinstance(queue, RedisQueue)
    submit_lead(draft(email="first@ejemplo.es", phone=None), redis_runtime.engine, queue, region="ES")
    assert queue.connection.exists(queue.armed_key)
    submit_lead(draft(email="second@ejemplo.es", phone=None), redis_runtime.engine, queue, region="ES")
    assert queue.depth() == 1
    drain(redis_runtime)
    assert statuses(redis_runtime) == ["stored", "stored"]
    assert not queue.connection.exists(queue.armed_key)
