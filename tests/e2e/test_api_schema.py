"""The JSON API as documented: the generated OpenAPI document, token callers, and a schemathesis run.

The document comes from the pydantic models that validate requests
(spectree); schemathesis then generates requests from it and checks that no
answer is a 500 and every answer matches the document. The run is bounded
(a few dozen examples, well under a minute).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance
from sqlalchemy import select

from captura.runtime import Runtime
from store.models import Submission
from tests.conftest import LiveServer, make_runtime
from webforms import create_app
from webforms.api_tokens import parse_tokens
from webforms.limits import POST_LIMITS

API_LIMIT = int(POST_LIMITS["api"].split("/")[0])

TOKEN = "crm-secret-123"


@pytest.fixture
def api(sqlite_url: str) -> Iterator[tuple[Flask, Runtime]]:
    runtime = make_runtime(sqlite_url, redis=False, api_tokens=f"crm:{TOKEN}, short:abc")
    yield create_app(runtime=runtime), runtime
    runtime.close()


@pytest.fixture
def api_schema(api: tuple[Flask, Runtime]):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api[0])


def test_the_document_is_generated_from_the_request_models(api: tuple[Flask, Runtime]) -> None:
    document = api[0].test_client().get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/leads"]["post"]
    body_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = document["components"]["schemas"][body_ref.rsplit("/", 1)[1]]
    assert body["required"] == ["consent"] and body["additionalProperties"] is False
    assert body["properties"]["email"]["anyOf"][0]["maxLength"] == 300
    assert {"202", "409", "413", "415", "422", "429"} <= set(operation["responses"])
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert list(document["paths"]) == ["/api/v1/leads"]


def test_token_parsing_keeps_names_and_drops_short_secrets() -> None:
    assert parse_tokens("crm:s3cret-long, erp:another-one,, plainsecret99") == {
        "crm": "s3cret-long", "erp": "another-one", "token4": "plainsecret99"}
    assert parse_tokens("x:short") == {} and parse_tokens(None) == {}


def test_token_callers_are_marked_exempt_and_wrong_tokens_refused(api: tuple[Flask, Runtime]) -> None:
    app, runtime = api
    body = {"email": "ana@acme.com", "consent": {"granted": True}, "source_ref": "crm-77"}
    with LiveServer(app) as live, httpx.Client(base_url=live.url) as client:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        answers = [client.post("/api/v1/leads", json=body, headers={**auth, "Idempotency-Key": "k1"})
                   for _ in range(API_LIMIT + 5)]
        assert {answer.status_code for answer in answers} == {202}
        wrong = client.post("/api/v1/leads", json=body, headers={"Authorization": "Bearer nope-nope-nope"})
        assert wrong.status_code == 401 and wrong.json()["message"] == "This API token is not valid."
        assert wrong.headers["WWW-Authenticate"].startswith("Bearer")
        basic = client.post("/api/v1/leads", json=body, headers={"Authorization": "Basic abc"})
        assert basic.status_code == 401
        anonymous = client.post("/api/v1/leads", json=body, headers={"Idempotency-Key": "k1"})
        assert anonymous.status_code == 202 and anonymous.json()["replayed"] is False  # keys are per caller
        for _ in range(API_LIMIT):
            last = client.post("/api/v1/leads", json={"consent": {"granted": True}})  # 422s count too
        assert last.status_code == 429 and "wait a minute" in last.json()["message"]
    with runtime.sessions() as session:
        refs = sorted(session.scalars(select(Submission.source_ref)).all())
    assert refs[0] == "api-token:crm crm-77" and refs.count("api-token:crm crm-77") == 1


def test_no_request_from_the_document_breaks_the_api(api_schema) -> None:  # type: ignore[no-untyped-def]
    """Every operation, generated cases (positive and negative), as a token caller so no limit interferes."""
    checks = [not_a_server_error, response_schema_conformance, status_code_conformance]
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert operations

    for operation, mode in itertools.product(operations, (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)):
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck),
                  phases=[Phase.explicit, Phase.generate])
        def run(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=checks)

        run()
