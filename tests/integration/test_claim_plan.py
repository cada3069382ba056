"""A worker's claim reads its batch, not the whole backlog (PostgreSQL's plan, migration 0004).

Checked on the plan rather than on a time: the claim must walk the partial
index of pending submissions in id order and stop at the batch, with no sort
of every pending row.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event, text

from captura.runtime import Runtime
from store.db import unit_of_work
from store.ingest import claim_submissions
from tests.conftest import _truncate_all, make_runtime

pytestmark = pytest.mark.postgres

BACKLOG = 3_000


@pytest.fixture
def postgres_runtime(postgres_url: str) -> Iterator[Runtime]:
    runtime = make_runtime(postgres_url, redis=False)
    _truncate_all(runtime)
    yield runtime
    _truncate_all(runtime)
    runtime.close()


def _fill_backlog(runtime: Runtime) -> None:
    """``BACKLOG`` stored and ``BACKLOG`` pending submissions, then fresh planner statistics."""
    with runtime.engine.begin() as connection:
        connection.execute(text("""
            INSERT INTO submissions (idempotency_key, fingerprint, channel, payload, status, attempts,
                                     created_at, updated_at)
            SELECT 'k' || n, 'f', 'api', '{}', CASE WHEN n <= :backlog THEN 'stored' ELSE 'pending' END, 0,
                   now(), now()
            FROM generate_series(1, 2 * :backlog) AS n"""), {"backlog": BACKLOG})
    with runtime.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE submissions"))


def _claim_statement(runtime: Runtime) -> tuple[str, object]:
    """The SQL and parameters of the claim of other pending submissions, as the worker sends them."""
    sent: list[tuple[str, object]] = []

    def remember(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        sent.append((statement, parameters))

    event.listen(runtime.engine, "before_cursor_execute", remember)
    try:
        with unit_of_work(runtime.sessions) as session:
            claimed = claim_submissions(session, [], 200)
    finally:
        event.remove(runtime.engine, "before_cursor_execute", remember)
    assert len(claimed) == 200 and min(each.id for each in claimed) == BACKLOG + 1
    return next((statement, parameters) for statement, parameters in sent if "LIMIT" in statement)


def test_the_claim_walks_the_pending_index_and_stops_at_the_batch(postgres_runtime: Runtime) -> None:
    _fill_backlog(postgres_runtime)
    statement, parameters = _claim_statement(postgres_runtime)
    with postgres_runtime.engine.connect() as connection:
        driver = connection.connection.driver_connection
        plan = "\n".join(row[0] for row in driver.execute("EXPLAIN " + statement, parameters))
    assert "ix_submissions_pending_id" in plan, plan
    assert "Sort" not in plan, plan
