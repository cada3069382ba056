"""Duplicates (merge, distinct, undo) and data-subject rights through the dashboard."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from store.models import ContactPoint, DuplicateCandidate, Lead, Merge
from tests.integration.test_merge import state, two_records_of_one_person
from tests.web.review_fixtures import review_app, seed_people  # noqa: F401  (fixture)
from tests.web.staff_helpers import csrf_token, signed_in_client


def test_merge_from_the_queue_then_undo(review_app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app, runtime = review_app
    two_records_of_one_person(runtime)
    before = state(runtime)
    client = signed_in_client(app, runtime, "sales")
    page = client.get("/review/duplicates").get_data(as_text=True)
    assert "Sevilla" in page and "Madrid" in page
    token = csrf_token(client, "/review/duplicates")
    response = client.post("/review/duplicates/1/merge", data={"keep": "1", "win_city": "2", "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/review/leads/1")
    with runtime.sessions() as session:
        assert session.get(Lead, 1).city == "Madrid" and session.get(Lead, 2).merged_into_id == 1
        assert session.get(DuplicateCandidate, 1).status == "merged"
        merge_id = session.scalar(select(Merge.id))
    assert client.post(f"/review/merges/{merge_id}/undo", data={"csrf_token": token}).status_code == 302
    assert state(runtime) == before
    assert client.post(f"/review/merges/{merge_id}/undo", data={"csrf_token": token}).status_code == 409
    assert client.post("/review/merges/999/undo", data={"csrf_token": token}).status_code == 404


def test_merge_with_a_lead_outside_the_pair_is_refused(review_app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app, runtime = review_app
    two_records_of_one_person(runtime)
    seed_people(runtime)
    client = signed_in_client(app, runtime, "sales")
    token = csrf_token(client, "/review/duplicates")
    before = state(runtime)
    for data in ({"keep": "3"}, {"keep": "1", "win_city": "3"}, {"keep": "x"}):
        assert client.post("/review/duplicates/1/merge", data={**data, "csrf_token": token}).status_code == 400
    assert client.post("/review/duplicates/77/merge", data={"keep": "1", "csrf_token": token}).status_code == 404
    assert state(runtime) == before


def test_mark_distinct_leaves_the_queue(review_app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app, runtime = review_app
    two_records_of_one_person(runtime)
    client = signed_in_client(app, runtime, "sales")
    token = csrf_token(client, "/review/duplicates")
    assert client.post("/review/duplicates/1/distinct", data={"csrf_token": token}).status_code == 302
    assert "No possible duplicates" in client.get("/review/duplicates").get_data(as_text=True)
    assert client.post("/review/duplicates/1/distinct", data={"csrf_token": token}).status_code == 404


def test_admin_access_report_and_erasure_with_confirmation(review_app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app, runtime = review_app
    seed_people(runtime)
    admin = signed_in_client(app, runtime, "admin")
    token = csrf_token(admin, "/review/privacy")
    page = admin.post("/review/privacy", data={"who": "612 345 678", "csrf_token": token}).get_data(as_text=True)
    assert "María del Carmen" in page and "Mari Garcia" not in page
    report = admin.post("/review/privacy/access", data={"who": "Maria.Garcia@ejemplo.es", "csrf_token": token})
    assert report.headers["Content-Disposition"].startswith("attachment")
    assert json.loads(report.data)["leads"][0]["contact_points"][0]["value"] == "maria.garcia@ejemplo.es"
    confirm = admin.post("/review/privacy/erase", data={"who": "maria.garcia@ejemplo.es", "csrf_token": token})
    assert b"ERASE" in confirm.data
    with runtime.sessions() as session:
        assert session.get(Lead, 1).erased_at is None  # nothing happens before the confirmation
    done = admin.post("/review/privacy/erase", data={"who": "maria.garcia@ejemplo.es", "confirm": "ERASE",
                                                     "csrf_token": token})
    assert done.status_code == 200
    with runtime.sessions() as session:
        assert session.get(Lead, 1).erased_at is not None
        assert session.scalar(select(func.count()).select_from(ContactPoint).where(ContactPoint.lead_id == 1)) == 0
    assert "María" not in admin.get("/review/leads").get_data(as_text=True)


def test_bad_identifiers_are_400_and_sales_cannot_erase(review_app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app, runtime = review_app
    seed_people(runtime)
    admin = signed_in_client(app, runtime, "admin")
    token = csrf_token(admin, "/review/privacy")
    for who in ("", "not an email", "x" * 10_000):
        assert admin.post("/review/privacy", data={"who": who, "csrf_token": token}).status_code == 400
    sales = signed_in_client(app, runtime, "sales")
    response = sales.post("/review/privacy/erase", data={"who": "maria.garcia@ejemplo.es", "confirm": "ERASE",
                                                         "csrf_token": csrf_token(sales, "/review/leads")})
    assert response.status_code == 403
    with runtime.sessions() as session:
        assert session.get(Lead, 1).erased_at is None


def test_admin_records_a_withdrawal_for_the_person(review_app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app, runtime = review_app
    seed_people(runtime)
    admin = signed_in_client(app, runtime, "admin")
    token = csrf_token(admin, "/review/privacy")
    page = admin.post("/review/privacy/withdraw", data={"who": "mari.g@otra.es", "purpose": "marketing",
                                                        "csrf_token": token})
    assert page.status_code == 200
    assert "Mari Garcia" not in admin.get("/review/leads?consent=marketing").get_data(as_text=True)
