"""The review pages over the Flask test client, against a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from captura.runtime import Runtime
from store.models import AuditEvent, Lead
from tests.web.review_fixtures import review_app, seed_people  # noqa: F401  (fixture)
from tests.web.staff_helpers import csrf_token, signed_in_client


@pytest.fixture
def sales(review_app: tuple[Flask, Runtime]):  # type: ignore[no-untyped-def]  # noqa: F811
    app, runtime = review_app
    seed_people(runtime)
    return signed_in_client(app, runtime, "sales"), runtime


@pytest.mark.parametrize(("search", "expected"), [
    ("garcia", {"María del Carmen García de la Fuente", "Mari Garcia"}),
    ("GARCÍA de la", {"María del Carmen García de la Fuente"}),
    ("talleres ruiz", {"María del Carmen García de la Fuente"}),
    ("JOHN@example", {"John O'Neill"}),
    ("345 678", {"María del Carmen García de la Fuente"}),
    ("699111", {"Mari Garcia"}),
    ("nobody-at-all", set()),
    ("%", set()),
])
def test_search_folds_accents_and_case_and_finds_partial_phones(sales, search: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    client, _ = sales
    page = client.get("/review/leads", query_string={"search": search})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for name in ("María del Carmen García de la Fuente", "Mari Garcia", "John O&#39;Neill"):
        assert (name in html) == (name.replace("&#39;", "'") in expected), (search, name)


def test_filters_and_sorting(sales) -> None:  # type: ignore[no-untyped-def]
    client, _ = sales
    html = client.get("/review/leads?consent=marketing&sort=name").get_data(as_text=True)
    assert "Mari Garcia" in html and "John" not in html
    assert html.index("Mari Garcia") < html.index("María del Carmen")  # by folded name: "mari g…" < "maria …"
    html = client.get("/review/leads?consent=marketing&sort=-name").get_data(as_text=True)
    assert html.index("Mari Garcia") > html.index("María del Carmen")
    html = client.get("/review/leads?channel=api&status=new&score_min=0&score_max=100&inactive_months=1"
                      ).get_data(as_text=True)
    assert "No leads match." in html  # all three wrote today


@pytest.mark.parametrize("query", ["search=" + "x" * 5000, "page=99999999", "page=-1", "page=abc",
                                   "created_from=2026-13-45", "created_to=yesterday", "score_min=500",
                                   "status=deleted", "sort=password", "owner=1;drop", "segment=nope",
                                   "inactive_months=0", "search=a%00b", "sort=-"])
def test_bad_filters_are_400_not_500(sales, query: str) -> None:  # type: ignore[no-untyped-def]
    client, _ = sales
    response = client.get(f"/review/leads?{query}")
    assert response.status_code == 400, query
    assert b"Traceback" not in response.data


def test_lead_page_shows_everything_and_an_edit_is_audited(sales) -> None:  # type: ignore[no-untyped-def]
    client, runtime = sales
    page = client.get("/review/leads/1").get_data(as_text=True)
    for part in ("maria.garcia@ejemplo.es", "Talleres Ruiz", "Quiere un presupuesto", "contact-2026-11",
                 "Completeness", "Interest keywords", "lead.created"):
        assert part in page, part
    token = csrf_token(client, "/review/leads/1")
    response = client.post("/review/leads/1", data={"status": "qualified", "owner_id": "", "notes": "Llamar el lunes",
                                                    "csrf_token": token})
    assert response.status_code == 302
    with runtime.sessions() as session:
        lead = session.get(Lead, 1)
        assert (lead.status, lead.notes) == ("qualified", "Llamar el lunes")
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "lead.edited")).one()
        assert event.details["status"] == ["new", "qualified"] and "Llamar" not in str(event.details)


def test_forged_edit_without_csrf_changes_nothing(sales) -> None:  # type: ignore[no-untyped-def]
    client, runtime = sales
    response = client.post("/review/leads/1", data={"status": "lost", "notes": "forged"})
    assert response.status_code == 400
    with runtime.sessions() as session:
        assert session.get(Lead, 1).status == "new"


@pytest.mark.parametrize(("data", "status"), [({"status": "archived"}, 400),
                                              ({"status": "won", "owner_id": "999"}, 400),
                                              ({"status": "won", "owner_id": "x"}, 400)])
def test_bad_edits_are_refused(sales, data: dict[str, str], status: int) -> None:  # type: ignore[no-untyped-def]
    client, runtime = sales
    response = client.post("/review/leads/1", data={**data, "csrf_token": csrf_token(client, "/review/leads/1")})
    assert response.status_code == status
    with runtime.sessions() as session:
        assert session.get(Lead, 1).status == "new"


def test_unknown_lead_is_404(sales) -> None:  # type: ignore[no-untyped-def]
    client, _ = sales
    assert client.get("/review/leads/424242").status_code == 404
    token = csrf_token(client, "/review/leads")
    assert client.post("/review/leads/424242", data={"status": "won", "csrf_token": token}).status_code == 404


def test_an_agent_cannot_open_a_lead(review_app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app, runtime = review_app
    seed_people(runtime)
    agent = signed_in_client(app, runtime, "agent")
    response = agent.get("/review/leads/1")
    assert response.status_code == 403 and b"maria" not in response.data.lower()


def test_withdrawal_is_a_consent_event(sales) -> None:  # type: ignore[no-untyped-def]
    client, _ = sales
    token = csrf_token(client, "/review/leads/1")
    client.post("/review/leads/1/withdraw", data={"purpose": "marketing", "statement": "por teléfono",
                                                  "csrf_token": token})
    html = client.get("/review/leads?consent=marketing").get_data(as_text=True)
    assert "María del Carmen" not in html and "Mari Garcia" in html


def test_segments_save_count_and_open(sales) -> None:  # type: ignore[no-untyped-def]
    client, _ = sales
    token = csrf_token(client, "/review/leads")
    response = client.post("/review/segments", data={"name": "Marketing OK", "consent": "marketing",
                                                     "csrf_token": token})
    assert response.status_code == 302
    page = client.get("/review/segments").get_data(as_text=True)
    assert "Marketing OK" in page
    assert "Mari Garcia" in client.get("/review/leads?segment=Marketing OK").get_data(as_text=True)


def test_the_inactive_segment_is_offered_once(review_app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from store.db import unit_of_work
    from store.review import ensure_default_segments

    app, runtime = review_app
    for expected in (1, 0):
        with unit_of_work(runtime.sessions) as session:
            assert ensure_default_segments(session) == expected
    client = signed_in_client(app, runtime, "sales")
    assert "Inactive for more than six months" in client.get("/review/segments").get_data(as_text=True)


def test_nul_bytes_in_forms_are_refused(sales) -> None:  # type: ignore[no-untyped-def]
    client, runtime = sales
    token = csrf_token(client, "/review/leads/1")
    response = client.post("/review/leads/1", data={"status": "won", "notes": "a\x00b", "csrf_token": token})
    assert response.status_code == 400
    assert client.post("/login", data={"email": "a\x00@b.c", "password": "x", "csrf_token": token}).status_code == 400
    with runtime.sessions() as session:
        assert session.get(Lead, 1).status == "new"


def test_pages_past_the_end_are_empty_with_the_right_total(sales) -> None:  # type: ignore[no-untyped-def]
    client, _ = sales
    html = client.get("/review/leads?page=7").get_data(as_text=True)
    assert "No leads match." in html and "3 leads" in html
