"""Companies as entities (SQLite and PostgreSQL): one row per firm however it is written, a review queue
of look-alike companies, undoable company merges, and the re-scan of companies stored before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import delete, func, select

from captura.runtime import Runtime
from store.companies import (
    CompanyError,
    firm,
    mark_companies_distinct,
    merge_companies,
    merge_company_pair,
    undo_company_merge,
)
from store.db import unit_of_work
from store.matching import score_pair
from store.models import AuditEvent, Company, CompanyDuplicate, CompanyMatchKey, CompanyMerge, Lead
from store.rescan import rescan_duplicates
from tests.conftest import _truncate_all, make_runtime
from tests.integration.test_intake import draft, submit

# Two firms that may be one: the matcher cannot tell (a person can); the fixture below sets the
# thresholds around their score, so the tests hold whatever the model's numbers are.
DOUBTFUL = ("Talleres Ruiz", "Talleres Ruiz Hermanos")


@pytest.fixture
def doubtful_runtime(database_url: str) -> Iterator[Runtime]:
    score = score_pair(firm(DOUBTFUL[0]), firm(DOUBTFUL[1])).score
    runtime = make_runtime(database_url, redis=False, review_threshold=score - 0.01,
                           auto_merge_threshold=min(1.0, score + 0.01))
    if runtime.engine.dialect.name == "postgresql":
        _truncate_all(runtime)
    yield runtime
    runtime.close()


def company_of(runtime: Runtime) -> dict[str, int | None]:
    """Each lead's display name → its company id."""
    with runtime.sessions() as session:
        return dict(session.execute(select(Lead.display_name, Lead.company_id).order_by(Lead.id)).all())


def person(index: int, company: str) -> object:
    return draft(name=f"Persona{index} Apellido{index}", email=f"p{index}@mail{index}.es", phone=None,
                 company=company)


def open_company_pairs(runtime: Runtime) -> list[tuple[int, int]]:
    with runtime.sessions() as session:
        return list(session.execute(select(CompanyDuplicate.company_id, CompanyDuplicate.other_company_id)
                                    .where(CompanyDuplicate.status == "open")).all())


def test_leads_of_one_firm_written_many_ways_point_to_one_company(inline_runtime: Runtime) -> None:
    spellings = ["Talleres Ruiz S.L.", "TALLERES RUIZ, SL", "Talleres Ruíz Sociedad Limitada", "Talleres Ruis S.L."]
    for index, company in enumerate(spellings):
        submit(inline_runtime, person(index, company))
    assert len(set(company_of(inline_runtime).values())) == 1
    with inline_runtime.sessions() as session:
        assert session.scalar(select(Company.name)) == "Talleres Ruiz S.L."  # the first spelling names it
        assert session.scalar(select(func.count()).select_from(CompanyMatchKey)) > 0


def test_an_acronym_written_apart_is_the_same_firm(inline_runtime: Runtime) -> None:
    for index, company in enumerate(["IBM", "I.B.M.", "I BM", "I-B-M Corp."]):
        submit(inline_runtime, person(index, company))
    assert len(set(company_of(inline_runtime).values())) == 1


def test_a_look_alike_firm_is_another_company(inline_runtime: Runtime) -> None:
    submit(inline_runtime, person(1, "Talleres Ruiz S.L."))
    submit(inline_runtime, person(2, "Talleres Ruiz Hermanos S.A."))
    submit(inline_runtime, person(3, "Transportes Ruiz S.L."))
    assert len(set(company_of(inline_runtime).values())) == 3


def test_a_doubtful_firm_is_queued_then_merged_and_the_merge_undone(doubtful_runtime: Runtime) -> None:
    inline_runtime = doubtful_runtime
    submit(inline_runtime, person(1, DOUBTFUL[0]))
    submit(inline_runtime, person(2, DOUBTFUL[1]))
    companies = company_of(inline_runtime)
    first, second = companies["Persona1 Apellido1"], companies["Persona2 Apellido2"]
    assert first != second
    [pair] = open_company_pairs(inline_runtime)
    assert set(pair) == {first, second}
    with unit_of_work(inline_runtime.sessions) as session:
        candidate_id = session.scalar(select(CompanyDuplicate.id))
        merge = merge_company_pair(session, candidate_id, first, actor="test")
        merge_id = merge.id
    assert set(company_of(inline_runtime).values()) == {first}
    assert open_company_pairs(inline_runtime) == []
    submit(inline_runtime, person(3, DOUBTFUL[1]))  # the merged company's name leads to the kept one
    assert company_of(inline_runtime)["Persona3 Apellido3"] == first
    with unit_of_work(inline_runtime.sessions) as session:
        undo_company_merge(session, merge_id, actor="test")
    companies = company_of(inline_runtime)
    assert (companies["Persona1 Apellido1"], companies["Persona2 Apellido2"]) == (first, second)
    assert set(open_company_pairs(inline_runtime)) == {pair}
    with inline_runtime.sessions() as session:
        actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("company.%"))))
        assert actions == {"company.merged", "company.merge_undone"}
    with unit_of_work(inline_runtime.sessions) as session, pytest.raises(CompanyError):
        undo_company_merge(session, merge_id, actor="test")


def test_two_firms_kept_apart_leave_the_queue(doubtful_runtime: Runtime) -> None:
    inline_runtime = doubtful_runtime
    submit(inline_runtime, person(1, DOUBTFUL[0]))
    submit(inline_runtime, person(2, DOUBTFUL[1]))
    with unit_of_work(inline_runtime.sessions) as session:
        mark_companies_distinct(session, session.scalar(select(CompanyDuplicate.id)), staff_id=None, actor="test")
    assert open_company_pairs(inline_runtime) == []
    with unit_of_work(inline_runtime.sessions) as session, pytest.raises(CompanyError):
        mark_companies_distinct(session, session.scalar(select(CompanyDuplicate.id)), staff_id=None, actor="test")


def test_the_rescan_indexes_older_companies_and_queues_their_duplicates(inline_runtime: Runtime) -> None:
    with unit_of_work(inline_runtime.sessions) as session:  # as a store migrated from before 0005 holds them
        session.add_all([Company(name="Construcciones Pérez S.A.", key="construccionesperez"),
                         Company(name="CONSTRUCCIONES PEREZ, S.A.", key="construccionesperezsa"),
                         Company(name="Bodegas Soto", key="bodegassoto")])
    with unit_of_work(inline_runtime.sessions) as session:
        report = rescan_duplicates(session, region="ES", thresholds=inline_runtime.settings.thresholds)
    assert (report.companies, report.companies_queued) == (3, 1)
    with inline_runtime.sessions() as session:
        assert session.scalar(select(func.count(func.distinct(CompanyMatchKey.company_id)))) == 3
    with unit_of_work(inline_runtime.sessions) as session:
        assert rescan_duplicates(session, region="ES", thresholds=inline_runtime.settings.thresholds
                                 ).companies_queued == 0  # not queued twice


def test_a_merge_refuses_a_company_already_merged(doubtful_runtime: Runtime) -> None:
    inline_runtime = doubtful_runtime
    submit(inline_runtime, person(1, DOUBTFUL[0]))
    submit(inline_runtime, person(2, DOUBTFUL[1]))
    with unit_of_work(inline_runtime.sessions) as session:
        candidate_id = session.scalar(select(CompanyDuplicate.id))
        kept = session.scalar(select(CompanyDuplicate.company_id))
        merge_company_pair(session, candidate_id, kept, actor="test")
    with unit_of_work(inline_runtime.sessions) as session:
        session.execute(delete(CompanyMerge))  # even without its record, a merged company stays merged
        merged = session.scalar(select(Company.id).where(Company.merged_into_id.is_not(None)))
        with pytest.raises(CompanyError):
            merge_companies(session, kept, merged, actor="test")
