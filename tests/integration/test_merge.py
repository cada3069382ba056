"""Merging two leads loses nothing, and an undo puts both back exactly (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from captura.runtime import Runtime
from store.db import unit_of_work
from store.merge import MergeError, MergeNotFound, merge_leads, undo_merge
from store.models import AuditEvent, DuplicateCandidate, Lead, LeadValue
from tests.integration.test_intake import draft, submit

STATE_QUERIES = {
    "leads": "SELECT id, display_name, name_key, company_id, job_title, city, interest, language, status, score, "
             "owner_id, notes, merged_into_id FROM leads ORDER BY id",
    "contact_points": "SELECT id, lead_id, kind, value FROM contact_points ORDER BY id",
    "consents": "SELECT id, lead_id, purpose, granted FROM consents ORDER BY id",
    "interactions": "SELECT id, lead_id, summary FROM interactions ORDER BY id",
    "lead_values": "SELECT id, lead_id, field, value FROM lead_values ORDER BY id",
    "submissions": "SELECT id, lead_id FROM submissions ORDER BY id",
    "duplicate_candidates": "SELECT id, lead_id, other_lead_id, status FROM duplicate_candidates ORDER BY id",
}


def state(runtime: Runtime) -> dict[str, list[tuple[object, ...]]]:
    with runtime.engine.connect() as connection:
        return {table: [tuple(row) for row in connection.execute(text(query))]
                for table, query in STATE_QUERIES.items()}


def two_records_of_one_person(runtime: Runtime) -> None:
    """Lead 1 (email A, phone A), lead 2 (email B, phone B), then a submission with email A + phone B."""
    submit(runtime, draft(job_title="Gerente", city="Sevilla"))
    submit(runtime, draft(name="Mª Carmen García", email="carmen@talleres-ruiz.es", phone="+34 699 000 111",
                          company="Talleres Ruiz Hermanos", city="Madrid", interest="Demo del producto"))
    submit(runtime, draft(name="Carmen", email="maria.garcia@ejemplo.es", phone="+34 699 000 111", company=None))


def test_the_intake_queues_the_pair(inline_runtime: Runtime) -> None:
    two_records_of_one_person(inline_runtime)
    with inline_runtime.sessions() as session:
        candidate = session.scalars(select(DuplicateCandidate)).one()
    assert (candidate.lead_id, candidate.other_lead_id, candidate.status) == (1, 2, "open")


def test_merge_moves_everything_and_records_every_value(inline_runtime: Runtime) -> None:
    two_records_of_one_person(inline_runtime)
    with unit_of_work(inline_runtime.sessions) as session:
        merge = merge_leads(session, 1, 2, actor="test", winning_values={"city": "Madrid"})
    after = state(inline_runtime)
    assert {row[1] for row in after["contact_points"]} == {1}
    assert {row[1] for row in after["consents"]} == {1} and {row[1] for row in after["interactions"]} == {1}
    assert {row[1] for row in after["submissions"]} == {1}
    with inline_runtime.sessions() as session:
        kept, merged = session.get(Lead, 1), session.get(Lead, 2)
        assert (kept.city, kept.job_title, kept.interest) == ("Madrid", "Gerente", "Quiere un presupuesto")
        assert kept.display_name == "María del Carmen García de la Fuente" and merged.merged_into_id == 1
        values = {(v.field, v.value) for v in session.scalars(select(LeadValue).where(LeadValue.lead_id == 1))}
        for kept_value in [("city", "Sevilla"), ("city", "Madrid"), ("name", "Mª Carmen García"),
                           ("company", "Talleres Ruiz Hermanos"), ("interest", "Demo del producto")]:
            assert kept_value in values
        assert session.get(DuplicateCandidate, 1).status == "merged"
        assert session.scalar(select(AuditEvent.details).where(AuditEvent.action == "lead.merged"))["merge_id"] \
            == merge.id


def test_undo_restores_both_leads_exactly(inline_runtime: Runtime) -> None:
    two_records_of_one_person(inline_runtime)
    before = state(inline_runtime)
    with unit_of_work(inline_runtime.sessions) as session:
        merge_id = merge_leads(session, 2, 1, actor="test", winning_values={"name": "Mª Carmen García",
                                                                            "company": "Talleres Ruiz S.L."}).id
    assert state(inline_runtime) != before
    with unit_of_work(inline_runtime.sessions) as session:
        undo_merge(session, merge_id, "test")
    assert state(inline_runtime) == before
    with unit_of_work(inline_runtime.sessions) as session, pytest.raises(MergeError):
        undo_merge(session, merge_id, "test")


@pytest.mark.parametrize(("kept", "merged", "winners", "error"), [
    (1, 1, None, MergeError), (1, 99, None, MergeNotFound), (1, 2, {"city": "Narnia"}, MergeError),
    (1, 2, {"password": "x"}, MergeError)])
def test_impossible_merges_are_refused_and_change_nothing(inline_runtime: Runtime, kept: int, merged: int,
                                                          winners: dict[str, str] | None, error: type) -> None:
    two_records_of_one_person(inline_runtime)
    before = state(inline_runtime)
    with pytest.raises(error), unit_of_work(inline_runtime.sessions) as session:
        merge_leads(session, kept, merged, actor="test", winning_values=winners)
    assert state(inline_runtime) == before


def test_a_merged_lead_cannot_be_merged_again_and_the_chain_undoes_in_order(inline_runtime: Runtime) -> None:
    two_records_of_one_person(inline_runtime)
    submit(inline_runtime, draft(name="Tercero", email="tercero@ejemplo.es", phone=None))
    before = state(inline_runtime)
    with unit_of_work(inline_runtime.sessions) as session:
        first = merge_leads(session, 1, 2, actor="test").id
    with pytest.raises(MergeError), unit_of_work(inline_runtime.sessions) as session:
        merge_leads(session, 3, 2, actor="test")
    with unit_of_work(inline_runtime.sessions) as session:
        second = merge_leads(session, 3, 1, actor="test").id
    with pytest.raises(MergeError), unit_of_work(inline_runtime.sessions) as session:
        undo_merge(session, first, "test")  # lead 1 now lives in lead 3: undo that first
    with unit_of_work(inline_runtime.sessions) as session:
        undo_merge(session, second, "test")
    with unit_of_work(inline_runtime.sessions) as session:
        undo_merge(session, first, "test")
    assert state(inline_runtime) == before
