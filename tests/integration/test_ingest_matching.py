"""Matching on ingest (SQLite and PostgreSQL): exact keys, shared contacts, fuzzy candidates, the review queue."""

from __future__ import annotations

from sqlalchemy import func, select

from captura.intake import LeadDraft, submit_lead
from captura.jobs import run_ingest
from captura.runtime import Runtime
from store.matching import DEFAULT_THRESHOLDS
from store.models import DuplicateCandidate, Lead, MatchKey
from tests.integration.test_intake import draft, submit


def leads(runtime: Runtime) -> list[tuple[int, str]]:
    with runtime.sessions() as session:
        return [(row.id, row.display_name) for row in session.execute(select(Lead.id, Lead.display_name)
                                                                      .order_by(Lead.id))]


def open_pairs(runtime: Runtime) -> list[tuple[int, int, float, dict]]:
    with runtime.sessions() as session:
        return [(p.lead_id, p.other_lead_id, p.score, p.parts) for p in session.scalars(
            select(DuplicateCandidate).where(DuplicateCandidate.status == "open"))]


def test_a_gmail_address_written_differently_is_the_same_person(inline_runtime: Runtime) -> None:
    submit(inline_runtime, draft(name="John Smith", email="j.smith@gmail.com", phone=None, company=None))
    submit(inline_runtime, draft(name="Jon Smith", email="jsmith+crm@gmail.com", phone=None, company=None))
    assert leads(inline_runtime) == [(1, "John Smith")]
    assert open_pairs(inline_runtime) == []


def test_a_shared_phone_with_the_same_name_is_the_same_person(inline_runtime: Runtime) -> None:
    submit(inline_runtime, draft(name="María García", email="maria@ejemplo.es", phone="612 345 678"))
    submit(inline_runtime, draft(name="Maria Garcia Lopez", email="mgarcia@otra.es", phone="+34 612345678"))
    assert leads(inline_runtime) == [(1, "María García")]


def test_a_switchboard_phone_does_not_glue_different_people(inline_runtime: Runtime) -> None:
    for index, name in enumerate(["Ana Ruiz", "Pedro Gómez", "Lucía Martín", "Jorge Sanz"]):
        submit(inline_runtime, draft(name=name, email=f"p{index}@acme.es", phone="+34 912 345 678"))
    assert [name for _, name in leads(inline_runtime)] == ["Ana Ruiz", "Pedro Gómez", "Lucía Martín", "Jorge Sanz"]
    assert {(a, b) for a, b, _, _ in open_pairs(inline_runtime)} == {(1, 2), (1, 3), (1, 4)}


def test_a_role_inbox_does_not_glue_a_company_staff(inline_runtime: Runtime) -> None:
    submit(inline_runtime, draft(name="Ana Ruiz", email="info@acme.es", phone=None))
    submit(inline_runtime, draft(name="Pedro Gómez", email="INFO@acme.es", phone=None))
    submit(inline_runtime, draft(name="Ana Ruiz", email="info@acme.es", phone=None, interest="Otra vez"))
    assert [name for _, name in leads(inline_runtime)] == ["Ana Ruiz", "Pedro Gómez"]


def test_a_likely_duplicate_goes_to_the_review_queue_with_its_reasons(inline_runtime: Runtime) -> None:
    submit(inline_runtime, draft(name="María García", company="Talleres Ruiz S.L.", city="Sevilla",
                                 email="maria@talleresruiz.es", phone=None))
    submit(inline_runtime, draft(name="Maria Garcia", company="TALLERES RUIZ SL", city="sevilla",
                                 email="mgarcia@gmail.com", phone=None))
    assert len(leads(inline_runtime)) == 2
    [(first, second, score, parts)] = open_pairs(inline_runtime)
    assert (first, second) == (1, 2) and score >= DEFAULT_THRESHOLDS.review
    assert parts["company"][0] == "exact"
    assert parts["contact"][0] == "email_differs"  # named people with no personal evidence in common: a person decides


def test_every_lead_is_indexed_for_later_candidates(inline_runtime: Runtime) -> None:
    submit(inline_runtime, draft(name="María García", email="maria@ejemplo.es", phone="612 345 678"))
    with inline_runtime.sessions() as session:
        keys = set(session.scalars(select(MatchKey.key).where(MatchKey.lead_id == 1)))
        assert {"e:maria@ejemplo.es", "p:+34612345678"} <= keys
        assert session.scalar(select(func.count()).select_from(MatchKey)) == len(keys)
    submit(inline_runtime, draft(name="María García", email="maria@ejemplo.es", phone="612 345 678"))
    with inline_runtime.sessions() as session:
        assert session.scalar(select(func.count()).select_from(MatchKey)) == len(keys)  # not indexed twice


def test_a_rescan_queues_duplicates_ingest_could_not_see(inline_runtime: Runtime) -> None:
    from store.db import unit_of_work
    from store.rescan import rescan_duplicates

    submit(inline_runtime, draft(name="María García", company="Talleres Ruiz S.L.", city="Sevilla",
                                 email="maria@talleresruiz.es", phone=None))
    submit(inline_runtime, draft(name="Pedro Gómez", company=None, email="pedro@ejemplo.es", phone=None))
    with inline_runtime.engine.begin() as connection:  # as if imported before matching existed
        connection.exec_driver_sql("DELETE FROM match_keys")
    submit(inline_runtime, draft(name="Maria Garcia", company="TALLERES RUIZ SL", city="sevilla",
                                 email="maria.garcia@talleresruiz.es", phone="612 000 111"))
    assert open_pairs(inline_runtime) == []
    with unit_of_work(inline_runtime.sessions) as session:
        report = rescan_duplicates(session, region="ES", thresholds=inline_runtime.settings.thresholds)
    assert (report.leads, report.queued) == (3, 1)
    assert [(a, b) for a, b, _, _ in open_pairs(inline_runtime)] == [(1, 3)]
    with unit_of_work(inline_runtime.sessions) as session:
        assert rescan_duplicates(session, region="ES", thresholds=inline_runtime.settings.thresholds).queued == 0


class _HeldQueue:
    """Accepts submissions without running them, so several are stored by one batch."""

    kind = "held"

    def enqueue_submission(self, submission_id: int, force: bool = False) -> None:
        pass


def _one_batch(runtime: Runtime, *drafts: LeadDraft) -> None:
    ids = [submit_lead(lead, runtime.engine, _HeldQueue(), region="ES").submission_id for lead in drafts]
    outcome = run_ingest(runtime, ids)
    assert sorted(outcome.stored) == sorted(ids)


def test_two_new_records_of_one_batch_are_matched_to_each_other(inline_runtime: Runtime) -> None:
    _one_batch(inline_runtime,
               draft(name="John Smith", email="j.smith@gmail.com", phone=None, company=None),
               draft(name="Ana Ruiz", email="ana@ejemplo.es", phone=None, company=None),
               draft(name="Jon Smith", email="jsmith+crm@gmail.com", phone=None, company=None))
    assert leads(inline_runtime) == [(1, "John Smith"), (2, "Ana Ruiz")]
    assert open_pairs(inline_runtime) == []


def test_a_likely_duplicate_within_one_batch_goes_to_the_review_queue(inline_runtime: Runtime) -> None:
    _one_batch(inline_runtime,
               draft(name="María García", company="Talleres Ruiz S.L.", city="Sevilla",
                     email="maria@talleresruiz.es", phone=None),
               draft(name="Maria Garcia", company="TALLERES RUIZ SL", city="sevilla",
                     email="mgarcia@gmail.com", phone=None))
    assert len(leads(inline_runtime)) == 2
    [(first, second, score, parts)] = open_pairs(inline_runtime)
    assert (first, second) == (1, 2) and score >= DEFAULT_THRESHOLDS.review and parts["company"][0] == "exact"
