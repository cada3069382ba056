"""Ingest's bulk writes (``store.db.insert_rows`` and ``insert_rows_returning_ids``) on SQLite and PostgreSQL.

On PostgreSQL they go around SQLAlchemy (COPY, ids taken from the sequence),
so these tests check what that could break: values stored as Core stores
them, ids handed back in the rows' order, the sequence still right for
ordinary inserts, the writes inside the caller's transaction, and Python-side
defaults still applied when a row leaves a column out.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from captura.runtime import Runtime
from store.db import _copy_form, insert_rows, insert_rows_returning_ids, unit_of_work
from store.models import AuditEvent, ContactPoint, Lead

AUDITS = AuditEvent.__table__
LEADS = Lead.__table__
POINTS = ContactPoint.__table__
WHEN = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=timezone.utc)  # the store writes UTC


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite stores naive UTC


def _audit(index: int, lead_id: int | None) -> dict[str, object]:
    return {"at": WHEN, "actor": "intake:api", "action": "lead.created", "lead_id": lead_id,
            "details": {"submission_id": index, "matched_by": None, "note": "tab\tand \"quotes\" \\ ñ"}}


def test_rows_read_back_as_core_would_store_them(inline_runtime: Runtime) -> None:
    rows = [_audit(index, None if index == 2 else index) for index in range(1, 4)]
    with unit_of_work(inline_runtime.sessions) as session:
        insert_rows(session, AUDITS, rows)
    with inline_runtime.sessions() as session:
        stored = session.execute(select(AUDITS).order_by(AUDITS.c.id)).all()
    assert [(row.actor, row.action, row.lead_id, row.details) for row in stored] == \
        [(row["actor"], row["action"], row["lead_id"], row["details"]) for row in rows]
    assert all(_aware(row.at) == WHEN for row in stored)


def test_postgresql_copies_and_sqlite_inserts(inline_runtime: Runtime) -> None:
    """The fast path is taken where it exists; a check that the tests above exercise it."""
    form = _copy_form(inline_runtime.engine.dialect, AUDITS, tuple(_audit(1, 1)))
    assert (form is not None) == (inline_runtime.engine.dialect.name == "postgresql")


def test_the_rows_belong_to_the_callers_transaction(inline_runtime: Runtime) -> None:
    with pytest.raises(RuntimeError), unit_of_work(inline_runtime.sessions) as session:
        insert_rows(session, AUDITS, [_audit(1, 1)])
        insert_rows_returning_ids(session, LEADS, [{"display_name": "Ana", "first_channel": "api"}])
        raise RuntimeError("roll the batch back")
    with inline_runtime.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AUDITS)) == 0
        assert session.scalar(select(func.count()).select_from(LEADS)) == 0


def test_new_ids_come_back_in_the_rows_order_and_the_sequence_stays_right(inline_runtime: Runtime) -> None:
    now = datetime.now(timezone.utc)
    names = ["Ana", "Bea", "Carla", "Dora"]
    rows = [{"display_name": name, "name_key": name.lower(), "first_channel": "api", "status": "new", "score": 0,
             "created_at": now, "updated_at": now} for name in names]
    with unit_of_work(inline_runtime.sessions) as session:
        ids = insert_rows_returning_ids(session, LEADS, rows)
        later = session.execute(insert(LEADS).values(display_name="Eva", created_at=now, updated_at=now)
                                .returning(LEADS.c.id)).scalar_one()
    assert len(set(ids)) == len(names) and later > max(ids)
    with inline_runtime.sessions() as session:
        by_id = dict(session.execute(select(LEADS.c.id, LEADS.c.display_name)).all())
    assert [by_id[lead_id] for lead_id in ids] == names and by_id[later] == "Eva"


def test_a_column_left_out_still_gets_its_python_default(inline_runtime: Runtime) -> None:
    """``details`` defaults to {} in Python, which COPY cannot know: such rows go through Core."""
    with unit_of_work(inline_runtime.sessions) as session:
        insert_rows(session, AUDITS, [{"actor": "staff:1", "action": "lead.viewed", "lead_id": 7}])
    with inline_runtime.sessions() as session:
        stored = session.execute(select(AUDITS)).one()
    assert stored.details == {} and stored.lead_id == 7
    assert abs((datetime.now(timezone.utc) - _aware(stored.at)).total_seconds()) < 60


def test_a_unique_violation_is_sqlalchemys_integrity_error_and_the_savepoint_recovers(
        inline_runtime: Runtime) -> None:
    """Ingest's fallback (one submission at a time) catches ``sqlalchemy.exc.IntegrityError``; COPY must raise it."""
    now = datetime.now(timezone.utc)
    point = {"kind": "email", "value": "ana@example.com", "raw_value": "ana@example.com", "verified": False,
             "created_at": now}
    with unit_of_work(inline_runtime.sessions) as session:
        lead_id = insert_rows_returning_ids(session, LEADS, [{"display_name": "Ana", "first_channel": "api"}])[0]
        insert_rows(session, POINTS, [{**point, "lead_id": lead_id}])
        with pytest.raises(IntegrityError), session.begin_nested():
            insert_rows(session, POINTS, [{**point, "lead_id": lead_id, "raw_value": "ANA@example.com"}])
        insert_rows(session, AUDITS, [_audit(1, lead_id)])  # the transaction goes on after the savepoint
    with inline_runtime.sessions() as session:
        assert session.execute(select(POINTS.c.raw_value)).scalars().all() == ["ana@example.com"]
        assert session.scalar(select(func.count()).select_from(AUDITS)) == 1
