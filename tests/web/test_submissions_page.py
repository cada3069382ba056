"""The admin's submissions page: failed submissions with their error, retried from the dashboard."""

from __future__ import annotations

from sqlalchemy import select, text

from captura.runtime import Runtime
from store.models import Lead, Submission
from tests.conftest import make_runtime
from tests.integration.test_intake import draft, submit
from tests.web.staff_helpers import csrf_token, signed_in_client
from webforms import create_app


def test_an_admin_sees_failed_submissions_and_retries_them(sqlite_url: str) -> None:
    runtime: Runtime = make_runtime(sqlite_url, redis=False)
    app = create_app(runtime=runtime)
    receipt = submit(runtime, draft())
    with runtime.engine.begin() as connection:  # as if the worker had failed on it
        connection.execute(text("UPDATE submissions SET status='failed', error='database was restarting' "
                                "WHERE id = :id"), {"id": receipt.submission_id})
    admin = signed_in_client(app, runtime, "admin")
    page = admin.get("/review/submissions").get_data(as_text=True)
    assert "database was restarting" in page and f"<td>{receipt.submission_id}</td>" in page
    answer = admin.post("/review/submissions/retry", data={"csrf_token": csrf_token(admin, "/review/submissions"),
                                                           "submission_id": str(receipt.submission_id)})
    assert answer.status_code == 302
    with runtime.sessions() as session:
        assert session.get(Submission, receipt.submission_id).status == "stored"
        assert len(session.scalars(select(Lead)).all()) == 1  # retried, still one lead
    assert "No failed submissions." in admin.get("/review/submissions").get_data(as_text=True)
    runtime.close()


def test_sales_cannot_open_or_retry_submissions(sqlite_url: str) -> None:
    runtime = make_runtime(sqlite_url, redis=False)
    app = create_app(runtime=runtime)
    sales = signed_in_client(app, runtime, "sales")
    assert sales.get("/review/submissions").status_code == 403
    assert sales.post("/review/submissions/retry", data={"csrf_token": csrf_token(sales, "/review/leads")}
                      ).status_code == 403
    runtime.close()
