"""The form and the JSON API over real HTTP, against a real store (inline jobs)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import func, select

from captura.runtime import Runtime
from store.models import Consent, Lead, Submission
from tests.conftest import LiveServer, make_runtime
from webforms import create_app


@pytest.fixture
def server(sqlite_url: str) -> Iterator[tuple[LiveServer, Runtime]]:
    runtime = make_runtime(sqlite_url, redis=False)
    with LiveServer(create_app(runtime=runtime)) as live:
        yield live, runtime
    runtime.close()


def leads(runtime: Runtime) -> list[Lead]:
    with runtime.sessions() as session:
        return list(session.scalars(select(Lead)))


def submissions(runtime: Runtime) -> int:
    with runtime.sessions() as session:
        return session.scalar(select(func.count()).select_from(Submission)) or 0


def open_form(client: httpx.Client, lang: str = "en") -> dict[str, str]:
    page = client.get(f"/form?lang={lang}")
    assert page.status_code == 200
    hidden = dict(re.findall(r'name="(csrf_token|form_token)" type="hidden" value="([^"]+)"', page.text))
    assert set(hidden) == {"csrf_token", "form_token"}
    return hidden


def test_form_post_becomes_one_lead_with_its_consent(server: tuple[LiveServer, Runtime]) -> None:
    live, runtime = server
    with httpx.Client(base_url=live.url) as client:
        page = client.get("/form?lang=es")
        assert 'type="checkbox"' in page.text and "checked" not in page.text
        assert "Acepto que Captura guarde" in page.text and "Finalidad" in page.text
        hidden = open_form(client, "es")
        answer = client.post("/form?lang=es", data={**hidden, "name": "Lucía Fernández",
                             "email": "lucia@ejemplo.es", "phone": "", "company": "Panadería Sol S.L.",
                             "message": "Quiero información", "consent": "y"})
        assert answer.status_code == 302 and "/form/thanks" in answer.headers["location"]
        assert "Gracias" in client.get(answer.headers["location"]).text
        again = client.post("/form?lang=es", data={**hidden, "name": "Lucía Fernández",
                            "email": "lucia@ejemplo.es", "company": "Panadería Sol S.L.",
                            "message": "Quiero información", "consent": "y"})
        assert again.status_code == 302  # a double submit is the same submission
    [lead] = leads(runtime)
    assert lead.display_name == "Lucía Fernández"
    assert submissions(runtime) == 1
    with runtime.sessions() as session:
        consent = session.scalars(select(Consent)).one()
        assert consent.language == "es" and consent.wording.startswith("Acepto que Captura")
        assert consent.evidence["kind"] == "web_form_checkbox"


def test_form_errors_keep_what_was_typed_and_store_nothing(server: tuple[LiveServer, Runtime]) -> None:
    live, runtime = server
    with httpx.Client(base_url=live.url) as client:
        hidden = open_form(client)
        answer = client.post("/form?lang=en", data={**hidden, "name": "Tom <b>Jones</b>",
                             "email": "tom@example", "message": "Hello"})
        assert answer.status_code == 422
        assert "That address has no domain" in answer.text
        assert 'value="tom@example"' in answer.text and "Tom &lt;b&gt;Jones&lt;/b&gt;" in answer.text
        fixed = client.post("/form?lang=en", data={**hidden, "name": "Tom", "email": "tom@example.com"})
        assert fixed.status_code == 422 and "please tick the box" in fixed.text
        no_csrf = client.post("/form", data={"name": "Tom", "email": "tom@example.com", "consent": "y"})
        assert no_csrf.status_code == 422 and "This form has expired" in no_csrf.text
    assert submissions(runtime) == 0 and leads(runtime) == []


def api_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {"name": "John Smith", "email": "john@acme.com", "phone": "+1 617 555 0123",
                               "company": "ACME Inc.", "message": "Wants a demo", "consent": {"granted": True}}
    body.update(overrides)
    return body


def test_api_accepts_once_per_idempotency_key(server: tuple[LiveServer, Runtime]) -> None:
    live, runtime = server
    with httpx.Client(base_url=live.url) as client:
        first = client.post("/api/v1/leads", json=api_body(), headers={"Idempotency-Key": "abc-1"})
        again = client.post("/api/v1/leads", json=api_body(), headers={"Idempotency-Key": "abc-1"})
        other = client.post("/api/v1/leads", json=api_body(email="x@acme.com"),
                            headers={"Idempotency-Key": "abc-1"})
    assert first.status_code == 202 and first.json()["replayed"] is False
    assert again.status_code == 202 and again.json()["submission_id"] == first.json()["submission_id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert other.status_code == 409
    assert len(leads(runtime)) == 1


@pytest.mark.parametrize(("body", "status", "field"), [
    (api_body(email="john@"), 422, "email"),
    (api_body(email=None, phone=None), 422, "contact"),
    (api_body(consent={"granted": False}), 422, "consent"),
    (api_body(consent=None), 422, "consent"),
    (api_body(unknown="x"), 422, "unknown"),
    (api_body(name=12), 422, "name"),
    (api_body(name="x" * 5000), 422, "name"),
])
def test_api_refuses_bad_leads_per_field(server: tuple[LiveServer, Runtime], body: dict, status: int,
                                         field: str) -> None:
    live, runtime = server
    answer = httpx.post(f"{live.url}/api/v1/leads", json=body)
    assert answer.status_code == status
    assert field in answer.json()["errors"]
    assert answer.json()["errors"][field]["message"]
    assert submissions(runtime) == 0


def test_api_refuses_malformed_bodies_clearly(server: tuple[LiveServer, Runtime]) -> None:
    live, runtime = server
    url = f"{live.url}/api/v1/leads"
    huge = httpx.post(url, content=b'{"name": "' + b"x" * 400_000 + b'"}',
                      headers={"content-type": "application/json"})
    assert huge.status_code == 413 and huge.json()["error"] == "request_entity_too_large"
    not_utf8 = httpx.post(url, content=b'{"name": "\xff\xfe"}', headers={"content-type": "application/json"})
    assert not_utf8.status_code == 400 and "JSON" in not_utf8.json()["message"]
    not_json = httpx.post(url, content=b"name=x", headers={"content-type": "text/plain"})
    assert not_json.status_code == 415
    a_list = httpx.post(url, json=[1, 2])
    assert a_list.status_code == 400 and "object" in a_list.json()["message"]
    empty = httpx.post(url, content=b"", headers={"content-type": "application/json"})
    assert empty.status_code == 400
    assert submissions(runtime) == 0


def test_healthz_reports_database_and_queue(server: tuple[LiveServer, Runtime]) -> None:
    live, _ = server
    body = httpx.get(f"{live.url}/healthz").json()
    assert body["database"] == {"ok": True, "backend": "sqlite"}
    assert body["queue"]["kind"] == "inline" and body["status"] == "ok"


def test_every_response_carries_strict_security_headers(server: tuple[LiveServer, Runtime]) -> None:
    live, _ = server
    page = httpx.get(f"{live.url}/form")
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy
    assert page.headers["X-Frame-Options"] == "DENY" and page.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in page.text and " style=" not in page.text  # nothing inline for the CSP to allow
    api = httpx.post(f"{live.url}/api/v1/leads", json={})
    assert api.headers["Cache-Control"] == "no-store" and "Content-Security-Policy" in api.headers


def test_only_the_embedded_form_may_be_framed_by_the_listed_sites(sqlite_url: str) -> None:
    runtime = make_runtime(sqlite_url, redis=False, frame_ancestors=("https://shop.example",))
    with LiveServer(create_app(runtime=runtime)) as live:
        embedded = httpx.get(f"{live.url}/form?embed=1")
        plain = httpx.get(f"{live.url}/form")
    runtime.close()
    assert "frame-ancestors 'self' https://shop.example" in embedded.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embedded.headers
    assert "frame-ancestors 'none'" in plain.headers["Content-Security-Policy"]
