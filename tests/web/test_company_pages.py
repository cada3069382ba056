"""A company's page and the company pairs of the duplicates page over the Flask test client, against a real
store (SQLite and PostgreSQL): people listed, reasons shown, bad requests refused without a change."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from captura.runtime import Runtime
from store.companies import firm
from store.matching import score_pair
from store.models import Company, CompanyDuplicate, Lead
from tests.integration.test_intake import draft, submit
from tests.web.review_fixtures import review_app  # noqa: F401  (fixture)
from tests.web.staff_helpers import csrf_token, signed_in_client


@pytest.fixture
def firms(review_app: tuple[Flask, Runtime]):  # type: ignore[no-untyped-def]  # noqa: F811
    """Two people at one firm and one at a look-alike, queued as a possible duplicate company."""
    import dataclasses

    app, runtime = review_app
    score = score_pair(firm("Talleres Ruiz"), firm("Talleres Ruiz Hermanos")).score
    runtime.settings = dataclasses.replace(runtime.settings, review_threshold=score - 0.01,
                                           auto_merge_threshold=score + 0.01)
    submit(runtime, draft(name="Ana Ruiz Gil", email="ana@ruiz.es", phone=None, company="Talleres Ruiz"))
    submit(runtime, draft(name="Luis Pardo", email="luis@ruiz.es", phone=None, company="TALLERES RUIZ, S.L."))
    submit(runtime, draft(name="Eva Soto", email="eva@hermanos.es", phone=None, company="Talleres Ruiz Hermanos"))
    return signed_in_client(app, runtime, "sales"), runtime


def company_ids(runtime: Runtime) -> dict[str, int]:
    with runtime.sessions() as session:
        return dict(session.execute(select(Lead.display_name, Lead.company_id)).all())


def test_a_company_page_lists_its_people_and_the_names_they_wrote(firms) -> None:  # type: ignore[no-untyped-def]
    client, runtime = firms
    company = company_ids(runtime)["Ana Ruiz Gil"]
    html = client.get(f"/review/companies/{company}").get_data(as_text=True)
    assert "Ana Ruiz Gil" in html and "Luis Pardo" in html and "Eva Soto" not in html
    assert "TALLERES RUIZ, S.L." in html  # another spelling of the same firm
    assert "possible duplicate company" in html
    assert f'href="/review/companies/{company}"' in client.get("/review/leads/1").get_data(as_text=True)
    assert client.get("/review/companies/424242").status_code == 404


def test_the_duplicates_page_shows_why_two_companies_may_be_one(firms) -> None:  # type: ignore[no-untyped-def]
    client, _ = firms
    html = client.get("/review/duplicates").get_data(as_text=True)
    assert 'class="pair company-pair"' in html
    assert "organisation" in html and "descriptor_extra" in html and "Weight (bits)" in html


def test_bad_company_decisions_change_nothing(firms) -> None:  # type: ignore[no-untyped-def]
    client, runtime = firms
    before = company_ids(runtime)
    with runtime.sessions() as session:
        candidate = session.scalars(select(CompanyDuplicate)).one()
        outsider = session.scalar(select(Company.id).where(
            Company.id.not_in([candidate.company_id, candidate.other_company_id])))
    assert client.post(f"/review/company-duplicates/{candidate.id}/merge",
                       data={"keep": str(candidate.company_id)}).status_code == 400  # no CSRF token
    token = csrf_token(client, "/review/duplicates")
    merge_url = f"/review/company-duplicates/{candidate.id}/merge"
    for keep in ("", "abc", str(outsider or 999_999)):
        assert client.post(merge_url, data={"keep": keep, "csrf_token": token}).status_code in (400, 409), keep
    assert client.post("/review/company-duplicates/999999/distinct", data={"csrf_token": token}).status_code == 409
    assert client.post("/review/company-merges/999999/undo", data={"csrf_token": token}).status_code == 409
    assert company_ids(runtime) == before
    response = client.post(f"/review/company-duplicates/{candidate.id}/distinct", data={"csrf_token": token})
    assert response.status_code == 302
    with runtime.sessions() as session:
        assert session.get(CompanyDuplicate, candidate.id).status == "distinct"


def test_the_company_pages_speak_spanish(firms) -> None:  # type: ignore[no-untyped-def]
    client, runtime = firms
    html = client.get("/review/duplicates?lang=es").get_data(as_text=True)
    assert "Posibles empresas duplicadas" in html and "Fusionar empresas" in html and "Peso (bits)" in html
    company = company_ids(runtime)["Ana Ruiz Gil"]
    assert "También escrita" in client.get(f"/review/companies/{company}?lang=es").get_data(as_text=True)
