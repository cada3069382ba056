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
    assert queue.depth() == 5
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

