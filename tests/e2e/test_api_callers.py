"""The JSON API keeps callers apart: idempotency keys per caller, the token mark, believable consent dates."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx
import pytest
from sqlalchemy import select

from captura.runtime import Runtime
from store.models import Submission
from tests.conftest import LiveServer
from tests.e2e.test_web_http import api_body, server, submissions  # noqa: F401  (fixture)


def _caller(live: LiveServer, address: str) -> httpx.Client:
    """An anonymous API caller connecting from ``address`` (any 127.x.y.z reaches the server)."""
    return httpx.Client(base_url=live.url, transport=httpx.HTTPTransport(local_address=address))


def test_idempotency_keys_are_per_caller(server: tuple[LiveServer, Runtime]) -> None:  # noqa: F811
    live, runtime = server
    key = {"Idempotency-Key": "order-1"}
    with _caller(live, "127.0.0.1") as client, _caller(live, "127.0.0.2") as stranger:
        first = client.post("/api/v1/leads", json=api_body(), headers=key)
        squat = stranger.post("/api/v1/leads", json=api_body(email="other@acme.com"), headers=key)
        replay = client.post("/api/v1/leads", json=api_body(), headers=key)
        stranger_replay = stranger.post("/api/v1/leads", json=api_body(), headers=key)
    assert first.status_code == squat.status_code == replay.status_code == 202
    assert replay.json()["submission_id"] == first.json()["submission_id"]
    assert squat.json()["submission_id"] != first.json()["submission_id"]  # not the client's, not a 409
    assert stranger_replay.status_code == 409  # its own key, its own body
    assert stranger_replay.json().get("submission_id") in (None, squat.json()["submission_id"])
    assert submissions(runtime) == 2


def test_an_anonymous_caller_cannot_claim_a_token_callers_mark(
        server: tuple[LiveServer, Runtime]) -> None:  # noqa: F811
    live, runtime = server
    answer = httpx.post(f"{live.url}/api/v1/leads", json=api_body(source_ref="api-token:crm"))
    assert answer.status_code == 422 and "api-token" in answer.json()["errors"]["source_ref"]["message"]
    fine = httpx.post(f"{live.url}/api/v1/leads", json=api_body(source_ref="crm-import 12"))
    assert fine.status_code == 202
    with runtime.sessions() as session:
        assert session.scalars(select(Submission.source_ref)).all() == ["crm-import 12"]


@pytest.mark.parametrize(("given_at", "status"), [
    ("2001-05-04T10:00:00Z", 422), ("2999-01-01T00:00:00Z", 422),
    ((datetime.now(timezone.utc) + timedelta(days=1)).isoformat(), 422),
    ((datetime.now(timezone.utc) - timedelta(days=30)).isoformat(), 202),
    ((datetime.now(timezone.utc) - timedelta(days=2)).replace(tzinfo=None).isoformat(), 202),
])
def test_consent_dates_must_be_believable(server: tuple[LiveServer, Runtime], given_at: str,  # noqa: F811
                                          status: int) -> None:
    live, runtime = server
    answer = httpx.post(f"{live.url}/api/v1/leads", json=api_body(consent={"granted": True, "given_at": given_at}))
    assert answer.status_code == status
    if status == 422:
        assert "two years" in answer.json()["errors"]["consent.given_at"]["message"]
        assert submissions(runtime) == 0
