"""The public form under bad input: no CSRF, a filled honeypot, a flood, a 10 MB field, script everywhere.

Each is refused or stored escaped, with a clear message in the page's
language, and never a 500. Plus the pieces around the form: the privacy page,
the Spanish page without English, accessible errors, the embed script and the
form configuration.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from babel.messages.pofile import read_po
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from captura.i18n import TRANSLATIONS_DIR
from captura.runtime import Runtime
from store.models import Interaction, Lead, Submission
from tests.conftest import LiveServer, make_runtime, needs_redis
from webforms import create_app
from webforms.limits import POST_LIMITS


@pytest.fixture
def server(sqlite_url: str) -> Iterator[tuple[LiveServer, Runtime]]:
    runtime = make_runtime(sqlite_url, redis=False)
    with LiveServer(create_app(runtime=runtime)) as live:
        yield live, runtime
    runtime.close()


def count(runtime: Runtime, model: type) -> int:
    with runtime.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def hidden_fields(client: httpx.Client, url: str = "/form?lang=en") -> dict[str, str]:
    page = client.get(url)
    assert page.status_code == 200
    return dict(re.findall(r'name="(csrf_token|form_token)" type="hidden" value="([^"]+)"', page.text))


def person(**overrides: str) -> dict[str, str]:
    return {"name": "Ana Ruiz", "email": "ana@ejemplo.es", "phone": "", "company": "", "message": "Hola",
            "consent": "y", **overrides}


def test_a_filled_honeypot_is_refused_generically_and_nothing_is_stored(server) -> None:
    live, runtime = server
    with httpx.Client(base_url=live.url) as client:
        answer = client.post("/form?lang=es", data={**hidden_fields(client), **person(website="http://spam.example")})
    assert answer.status_code == 422
    assert "No hemos podido aceptar este formulario" in answer.text
    assert 'class="error" id=' not in answer.text  # generic: no field is blamed
    assert count(runtime, Submission) == 0


def test_the_honeypot_is_hidden_from_people_and_screen_readers(server) -> None:
    live, _ = server
    page = httpx.get(f"{live.url}/form").text
    assert re.search(r'<div class="hp" aria-hidden="true">', page)
    assert re.search(r'<input[^>]*name="website"[^>]*tabindex="-1"', page) or \
        re.search(r'<input[^>]*tabindex="-1"[^>]*name="website"', page)


def test_a_form_without_csrf_token_is_refused_in_the_page_language(server) -> None:
    live, runtime = server
    answer = httpx.post(f"{live.url}/form?lang=es", data=person())
    assert answer.status_code == 422
    assert "Este formulario ha caducado" in answer.text
    assert count(runtime, Submission) == 0


def test_fifty_posts_a_minute_from_one_address_are_cut_at_the_limit(server) -> None:
    live, runtime = server
    limit = int(POST_LIMITS["form"].split("/")[0])
    statuses = []
    with httpx.Client(base_url=live.url) as client:
        hidden = hidden_fields(client, "/form?lang=es")
        for _ in range(50):
            answer = client.post("/form?lang=es", data={**hidden, **person()})
            statuses.append(answer.status_code)
        assert "Demasiadas peticiones" in answer.text and "<form" not in answer.text
        assert 0 < int(answer.headers["Retry-After"]) <= 60
        assert client.get("/form").status_code == 200  # reading the form is never limited
    assert set(statuses[:limit]) == {302} and set(statuses[limit:]) == {429}
    assert count(runtime, Submission) == 1  # the form token makes the rest replays of one submission


@needs_redis
def test_limits_are_kept_in_redis_when_the_queue_is_redis(sqlite_url: str) -> None:
    runtime = make_runtime(sqlite_url, redis=True)
    try:
        app = create_app(runtime=runtime)
        limiter = next(iter(app.extensions["limiter"]))
        assert "redis" in type(limiter.storage).__name__.lower()
        with LiveServer(app) as live:
            answers = [httpx.post(f"{live.url}/form", data={"name": "x"}).status_code  # no CSRF: 422
                       for _ in range(int(POST_LIMITS["form"].split("/")[0]) + 1)]
        assert answers[-1] == 429 and set(answers[:-1]) == {422}
    finally:
        runtime.queue.rq.delete(delete_jobs=True)
        limiter.storage.reset()
        runtime.close()


def test_a_ten_megabyte_field_is_refused_with_a_clear_message(server) -> None:
    live, runtime = server
    with httpx.Client(base_url=live.url) as client:
        answer = client.post("/form?lang=es", data={**hidden_fields(client), **person(message="x" * 10_000_000)})
    assert answer.status_code == 413
    assert "La petición es demasiado grande" in answer.text
    assert count(runtime, Submission) == 0


def test_script_in_every_field_is_stored_as_text_and_shown_escaped(server) -> None:
    live, runtime = server
    script = '<script>alert("x")</script>'
    fields = {"name": f"Ana {script}", "email": "ana@ejemplo.es", "phone": "", "company": f"ACME {script}",
              "message": f"Hola {script}", "consent": "y"}
    with httpx.Client(base_url=live.url) as client:
        invalid = client.post("/form?lang=en", data={**hidden_fields(client), **fields, "email": script})
        assert invalid.status_code == 422 and "<script>alert" not in invalid.text
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in invalid.text
        stored = client.post("/form?lang=en", data={**hidden_fields(client), **fields})
        assert stored.status_code == 302
    with runtime.sessions() as session:
        lead = session.scalars(select(Lead)).one()
        interaction = session.scalars(select(Interaction)).one()
    assert script in lead.display_name and script in (interaction.raw_text or "")


@pytest.mark.parametrize("path", ["/form?lang=es", "/privacy?lang=es", "/form/thanks?lang=es",
                                  "/form?lang=es&embed=1"])
def test_spanish_pages_show_no_english(server, path: str) -> None:
    live, _ = server
    page = httpx.get(f"{live.url}{path}").text
    visible = re.sub(r"<[^>]+>", " ", page)
    with (Path(TRANSLATIONS_DIR) / "es" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    english = [m.id for m in catalogue if m.id and m.string and m.string != m.id and isinstance(m.id, str)
               and len(m.id) > 3 and "%(" not in m.id]
    leaked = [text for text in english if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", visible)]
    assert leaked == []


def test_privacy_page_says_what_why_how_long_and_how_to_ask(server) -> None:
    live, _ = server
    english = httpx.get(f"{live.url}/privacy?lang=en").text
    spanish = httpx.get(f"{live.url}/privacy?lang=es").text
    for heading in ("What we store", "Why", "For how long", "Your rights"):
        assert heading in english
    for heading in ("Qué guardamos", "Para qué", "Durante cuánto tiempo", "Tus derechos"):
        assert heading in spanish
    assert "erasure" in english and "borrado" in spanish


def test_errors_are_tied_to_their_fields_for_screen_readers(server) -> None:
    live, _ = server
    with httpx.Client(base_url=live.url) as client:
        page = client.post("/form?lang=en", data={**hidden_fields(client), **person(email="ana@", consent="")})
    assert page.status_code == 422
    email_input = re.search(r'<input[^>]*id="email"[^>]*>', page.text).group(0)
    assert 'aria-invalid="true"' in email_input
    assert re.search(r'aria-describedby="email-hint email-error"', email_input)
    assert 'id="email-error"' in page.text and 'id="email-hint"' in page.text
    assert 'role="alert"' in page.text
    assert 'href="/privacy?lang=en"' in page.text


def test_the_form_follows_its_configuration(sqlite_url: str, tmp_path: Path) -> None:
    config = tmp_path / "form.json"
    config.write_text(json.dumps({"fields": {"company": {"required": True}, "city": {"show": True},
                                             "phone": {"show": False}}}))
    runtime = make_runtime(sqlite_url, redis=False, form_config_path=str(config))
    app = create_app(runtime=runtime)
    with LiveServer(app) as live, httpx.Client(base_url=live.url) as client:
        served = client.get("/form/config.json").json()["fields"]
        assert served["company"] == {"show": True, "required": True} and served["phone"]["show"] is False
        page = client.get("/form").text
        assert 'name="city"' in page and 'name="phone"' not in page and 'aria-required="true"' in page
        answer = client.post("/form", data={**hidden_fields(client, "/form"), **person(company="")})
        assert answer.status_code == 422 and "Please fill in this field." in answer.text
        ok = client.post("/form", data={**hidden_fields(client, "/form"), **person(company="ACME", city="Vigo")})
        assert ok.status_code == 302
    with runtime.sessions() as session:
        assert session.scalars(select(Lead)).one().city == "Vigo"
    runtime.close()


def test_the_embed_script_and_the_framable_form(server) -> None:
    live, _ = server
    script = httpx.get(f"{live.url}/embed.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "/form?embed=1" in script.text
    embedded = httpx.get(f"{live.url}/form?embed=1&lang=es")
    assert "frame-ancestors 'self'" in embedded.headers["content-security-policy"]  # + CAPTURA_FRAME_ANCESTORS
    assert 'class="embed"' in embedded.text and "form-embed.js" in embedded.text
    assert "embed=1" in re.search(r'<form[^>]*action="([^"]+)"', embedded.text).group(1)
    normal = httpx.get(f"{live.url}/form")
    assert "frame-ancestors 'none'" in normal.headers["content-security-policy"]
    assert "<script>" not in normal.text  # no inline script anywhere: the CSP forbids it


def test_the_embedded_form_needs_a_token_of_ours_but_no_cookie(server) -> None:
    live, runtime = server
    page = httpx.get(f"{live.url}/form?embed=1&lang=es")
    hidden = dict(re.findall(r'name="(csrf_token|form_token)" type="hidden" value="([^"]+)"', page.text))
    with httpx.Client(base_url=live.url) as cookieless:  # a third-party iframe: our cookie is not sent
        forged = cookieless.post("/form?embed=1&lang=es", data={**hidden, "csrf_token": "forged", **person()})
        assert forged.status_code == 422 and "Este formulario ha caducado" in forged.text
        sent = cookieless.post("/form?embed=1&lang=es", data={**hidden, **person()})
        assert sent.status_code == 302 and sent.headers["location"].endswith("/form/thanks?lang=es&embed=1")
        session_form = cookieless.post("/form?lang=es", data={**hidden, **person()})
        assert session_form.status_code == 422  # the embed token is only for the embedded form
    assert count(runtime, Submission) == 1


@pytest.fixture(scope="module")
def fuzz_app(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One app for every example (building one per example would dominate the run); no rate limit."""
    path = tmp_path_factory.mktemp("fuzz") / "captura.db"
    shutil.copy(sqlite_template, path)
    runtime = make_runtime(f"sqlite:///{path}", redis=False)
    app = create_app(runtime=runtime)
    for limiter in app.extensions["limiter"]:
        limiter.enabled = False
    yield app
    runtime.close()


@settings(max_examples=40, deadline=None)
@given(fields=st.fixed_dictionaries({name: st.text(max_size=400) for name in
                                     ("name", "email", "phone", "company", "message", "consent", "website")}))
def test_any_text_in_any_field_never_breaks_the_page(fuzz_app: Flask, fields: dict[str, str]) -> None:
    """Whatever is typed, the answer is a redirect or the form again with reasons: never a 500."""
    client = fuzz_app.test_client()
    page = client.get("/form?lang=es").get_data(as_text=True)
    hidden = dict(re.findall(r'name="(csrf_token|form_token)" type="hidden" value="([^"]+)"', page))
    answer = client.post("/form?lang=es", data={**hidden, **fields})
    assert answer.status_code in (302, 422), answer.status_code
    if answer.status_code == 422:
        assert "<form" in answer.get_data(as_text=True)
