"""Two workers storing the same person at the same moment (PostgreSQL: SQLite has one writer at a time).

The second worker cannot see the first one's lead until it commits, so it
creates its own, and its contact point then collides on the unique index.
Ingest must take that as "this person exists now": redo the submission
alone, join the first lead, and lose nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text

from captura.intake import submit_lead
from captura.runtime import Runtime
from store.db import unit_of_work
from store.ingest import ingest_batch
from store.models import ContactPoint, Interaction, Lead, Submission
from tests.conftest import make_runtime
from tests.integration.test_ingest_matching import _HeldQueue
from tests.integration.test_intake import draft

pytestmark = pytest.mark.postgres

WAIT_FOR_BLOCKED_SECONDS = 10.0


@pytest.fixture
def postgres_runtime(private_postgres_url: str) -> Iterator[Runtime]:
    """A database of its own: nothing else may claim these pending submissions while the race runs."""
    runtime = make_runtime(private_postgres_url, redis=False)
    yield runtime
    runtime.close()


def _held(runtime: Runtime, name: str, email: str) -> int:
    lead = draft(name=name, email=email, phone=None, company=None)
    return submit_lead(lead, runtime.engine, _HeldQueue(), region="ES").submission_id


def _someone_waits_on_a_lock(runtime: Runtime) -> bool:
    """Whether another session of this database is blocked on a row lock, within a few seconds.

    Each look is a transaction of its own: PostgreSQL takes one snapshot of
    ``pg_stat_activity`` per transaction, so polling inside one would keep
    reading the first answer.
    """
    deadline = time.monotonic() + WAIT_FOR_BLOCKED_SECONDS
    with runtime.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        while time.monotonic() < deadline:
            if connection.execute(_WAITING).scalar():
                return True
            time.sleep(0.02)
    return False


_WAITING = text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'")


def test_the_second_of_two_simultaneous_workers_joins_the_first_ones_lead(postgres_runtime: Runtime) -> None:
    first_id = _held(postgres_runtime, "Ana Pérez", "ana.perez@example.com")
    second_id = _held(postgres_runtime, "Ana Pérez Ruiz", "ana.perez@example.com")
    first_wrote, outcomes, errors = threading.Event(), {}, []

    def first_worker() -> None:
        with unit_of_work(postgres_runtime.sessions) as session:
            outcomes["first"] = ingest_batch(session, [first_id], "ES")
            first_wrote.set()
            outcomes["second_blocked"] = _someone_waits_on_a_lock(postgres_runtime)  # on our contact point

    def second_worker() -> None:
        first_wrote.wait(10)
        try:
            with unit_of_work(postgres_runtime.sessions) as session:
                outcomes["second"] = ingest_batch(session, [second_id], "ES")
        except Exception as error:  # reported by the assertion below, with its type
            errors.append(error)

    workers = [threading.Thread(target=first_worker), threading.Thread(target=second_worker)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)

    assert errors == []
    assert outcomes["second_blocked"], f"no race happened: the second worker never waited ({outcomes})"
    assert outcomes["first"].stored == [first_id] and outcomes["second"].stored == [second_id]
    with postgres_runtime.sessions() as session:
        lead_ids = session.scalars(select(Submission.lead_id).where(Submission.id.in_([first_id, second_id]))).all()
        assert len(set(lead_ids)) == 1
        assert session.scalar(select(func.count()).select_from(Lead)) == 1
        assert session.scalar(select(func.count()).select_from(ContactPoint)) == 1
        assert session.scalar(select(func.count()).select_from(Interaction)) == 2
