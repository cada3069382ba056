"""The public form in a real browser, in Spanish and in English: a wrong email first, then the fix.

Each test ends in the store: one lead, its consent in the page's language.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from captura.runtime import Runtime
from store.models import Consent, Lead, Submission
from tests.conftest import LiveServer, make_runtime
from tests.e2e.browser_support import screenshot
from webforms import create_app

pytestmark = pytest.mark.browser


@pytest.fixture
def server(sqlite_url: str) -> Iterator[tuple[LiveServer, Runtime]]:
    runtime = make_runtime(sqlite_url, redis=False, secure_cookies=False)
    with LiveServer(create_app(runtime=runtime)) as live:
        yield live, runtime
    runtime.close()


CASES = {
    "es": {"name": "Lucía Fernández", "good": "lucia@ejemplo.es", "error": "le falta el dominio",
           "thanks": "Gracias", "label": "Tu nombre", "consent": "Acepto que Captura"},
    "en": {"name": "Tom Jones", "good": "tom@example.com", "error": "has no domain",
           "thanks": "Thank you", "label": "Your name", "consent": "I agree that Captura"},
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_fill_fix_and_send_the_form(server, page, lang: str) -> None:  # type: ignore[no-untyped-def]
    live, runtime = server
    case = CASES[lang]
    page.goto(f"{live.url}/form?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    page.get_by_label(case["label"]).fill(case["name"])
    page.locator("#email").fill("lucia@")
    page.locator("#company").fill("Panadería Sol <b>S.L.</b>")
    page.locator("#message").fill("Quiero información")
    page.locator("#consent").check()
    screenshot(page, f"form-{lang}-filled")
    page.locator("button[type=submit]").click()
    error = page.locator("#email-error")
    assert case["error"] in error.inner_text()
    assert "email-error" in (page.locator("#email").get_attribute("aria-describedby") or "")
    assert page.locator("#email").input_value() == "lucia@"  # what was typed is kept
    screenshot(page, f"form-{lang}-error")
    page.locator("#email").fill(case["good"])
    if not page.locator("#consent").is_checked():
        page.locator("#consent").check()
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/form/thanks**")
    assert case["thanks"] in page.locator("h1").inner_text()
    screenshot(page, f"form-{lang}-thanks")
    with runtime.sessions() as session:
        lead = session.scalars(select(Lead)).one()
        consent = session.scalars(select(Consent)).one()
        assert session.scalars(select(Submission)).one().channel == "form"
    assert lead.display_name == case["name"] and lead.language == lang
    assert consent.granted and consent.language == lang and consent.wording.startswith(case["consent"])


def test_the_embed_script_puts_the_form_on_another_site(sqlite_url: str, page) -> None:  # type: ignore[no-untyped-def]
    """The host page is on another site (localhost vs 127.0.0.1), so our session cookie is third-party there,
    and that site must be listed in CAPTURA_FRAME_ANCESTORS for the browser to show the frame."""
    captura: dict[str, str] = {}
    host = Flask("host")

    @host.get("/")
    def _page():  # type: ignore[no-untyped-def]
        return (f'<!doctype html><html lang="es"><body><h1>Talleres Ruiz</h1>'
                f'<script src="{captura["url"]}/embed.js" data-lang="es"></script></body></html>')

    with LiveServer(host) as other:
        host_origin = other.url.replace("127.0.0.1", "localhost")
        runtime = make_runtime(sqlite_url, redis=False, secure_cookies=False, frame_ancestors=(host_origin,))
        with LiveServer(create_app(runtime=runtime)) as live:
            captura["url"] = live.url
            _fill_the_embedded_form(page, host_origin)
    with runtime.sessions() as session:
        submission = session.scalars(select(Submission)).one()
    runtime.close()
    assert submission.source_ref == "/form?embed=1"


def _fill_the_embedded_form(page, host_origin: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{host_origin}/")
    frame_element = page.locator("iframe")
    assert "/form?embed=1&lang=es" in (frame_element.get_attribute("src") or "")
    frame = page.frame_locator("iframe")
    assert frame.locator("h1").inner_text() == "Contacta con nosotros"
    assert frame.locator("body.embed").count() == 1
    page.wait_for_function("document.querySelector('iframe').style.height !== ''")
    screenshot(page, "embed-on-host-page")
    frame.locator("#name").fill("Marta Ruiz")
    frame.locator("#email").fill("marta@talleresruiz.es")
    frame.locator("#consent").check()
    frame.locator("button[type=submit]").click()
    expect(frame.locator("h1")).to_have_text("Gracias")
    screenshot(page, "embed-thanks")
