"""Property-based bad input at the doors: any body gets a clear answer, never a 500, never a half-write."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from store.models import Submission
from tests.conftest import make_runtime
from webforms import create_app

ANSWERS = {202, 400, 409, 413, 415, 422}
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=60)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
field_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)
lead_like = st.fixed_dictionaries(
    {"consent": st.one_of(json_values, st.fixed_dictionaries({"granted": st.booleans()}))},
    optional={"name": st.one_of(field_text, json_values), "email": st.one_of(field_text, st.emails()),
              "phone": st.one_of(field_text, st.from_regex(r"\+34 6\d{8}", fullmatch=True)),
              "company": field_text, "message": field_text, "language": field_text, "extra": json_values})


def _submissions(runtime) -> int:  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        return session.scalar(select(func.count()).select_from(Submission)) or 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(lead_like, json_values))
def test_api_answers_every_json_body_clearly(sqlite_url: str, body: object) -> None:
    runtime = make_runtime(sqlite_url, redis=False)
    client = create_app(runtime=runtime).test_client()
    before = _submissions(runtime)
    answer = client.post("/api/v1/leads", json=body)
    runtime.close()
    assert answer.status_code in ANSWERS, answer.get_data(as_text=True)
    assert answer.is_json and answer.get_json().get("message" if answer.status_code != 202 else "submission_id")
    grew = _submissions(runtime) - before
    assert grew == (1 if answer.status_code == 202 and not answer.get_json()["replayed"] else 0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_api_answers_raw_bytes_clearly(sqlite_url: str, raw: bytes) -> None:
    runtime = make_runtime(sqlite_url, redis=False)
    answer = create_app(runtime=runtime).test_client().post(
        "/api/v1/leads", data=raw, headers={"Content-Type": "application/json"})
    runtime.close()
    assert answer.status_code in ANSWERS


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.fixed_dictionaries({name: field_text for name in ("name", "email", "phone", "company", "message")}),
       consent=st.sampled_from(["", "y", "on", "no"]))
def test_form_answers_any_typed_values_with_the_page_or_the_thanks(sqlite_url: str, fields: dict[str, str],
                                                                  consent: str) -> None:
    runtime = make_runtime(sqlite_url, redis=False)
    client = create_app(runtime=runtime).test_client()
    page = client.get("/form").get_data(as_text=True)
    hidden = dict(re.findall(r'name="(csrf_token|form_token)" type="hidden" value="([^"]+)"', page))
    answer = client.post("/form", data={**hidden, **fields, **({"consent": consent} if consent else {})})
    runtime.close()
    assert answer.status_code in {302, 422}
    if answer.status_code == 422:
        text = answer.get_data(as_text=True)
        assert 'class="error"' in text
