"""The chat widget on another site, in a real browser: a whole conversation, then the store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
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


def host_page(captura_url: str) -> Flask:
    """A company's page on another origin, with the one line it pastes."""
    host = Flask("host")

    @host.get("/")
    def _page():  # type: ignore[no-untyped-def]
        return ('<!doctype html><html lang="es"><head><title>Talleres Ruiz</title></head><body>'
                '<h1>Talleres Ruiz</h1><p>Reparamos hornos industriales.</p>'
                f'<script src="{captura_url}/chat/widget.js" data-lang="es" defer></script></body></html>')

    return host


def bot_says(page, count: int) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(f"document.querySelectorAll('.captura-chat-bot').length >= {count}")


def test_a_whole_chat_in_the_widget(server, page) -> None:  # type: ignore[no-untyped-def]
    live, runtime = server
    with LiveServer(host_page(live.url)) as other:
        page.goto(other.url.replace("127.0.0.1", "localhost") + "/")
        bubble = page.locator(".captura-chat-bubble")
        assert bubble.get_attribute("aria-label") == "Chatear con nosotros"
        bubble.click()
        bot_says(page, 1)
        screenshot(page, "chat-greeting")
        seen = page.locator(".captura-chat-bot").count()
        page.locator(".captura-chat-input").fill("Soy Lucía Fernández, mi correo es lucia@ejemplo.es, de Panadería Sol")
        page.keyboard.press("Enter")
        bot_says(page, seen + 1)
        seen = page.locator(".captura-chat-bot").count()
        page.locator(".captura-chat-input").fill("Quiero un presupuesto de hornos <script>alert(1)</script>")
        page.keyboard.press("Enter")
        bot_says(page, seen + 1)
        for _ in range(3):  # skip any optional question still asked, until the consent buttons appear
            consent = page.locator(".captura-chat-choice:not([disabled])", has_text="Sí")
            if consent.count():
                break
            seen = page.locator(".captura-chat-bot").count()
            page.locator(".captura-chat-choice:not([disabled])").first.click()
            bot_says(page, seen + 1)
        screenshot(page, "chat-consent-question")
        seen = page.locator(".captura-chat-bot").count()
        consent.first.click()
        bot_says(page, seen + 1)
        page.wait_for_selector(".captura-chat-again")
        screenshot(page, "chat-finished")
        assert page.locator("script", has_text="alert(1)").count() == 0  # shown as text, never run
    with runtime.sessions() as session:
        submission = session.scalars(select(Submission)).one()
        lead = session.scalars(select(Lead)).one()
        consent_row = session.scalars(select(Consent)).one()
    assert submission.channel == "webchat" and lead.display_name.startswith("Lucía Fernández")
    assert consent_row.granted and consent_row.language == "es"
