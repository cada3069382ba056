"""The transcript desk in a real browser: sign in, paste a call, correct, confirm consent, submit; bulk upload."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from captura.runtime import Runtime
from store.models import Consent, Lead, Submission
from tests.conftest import LiveServer, make_runtime
from tests.e2e.browser_support import screenshot
from tests.integration.test_desk import CALL_ES, SRT, VTT
from tests.web.staff_helpers import PASSWORD, add_staff
from webforms import create_app

pytestmark = pytest.mark.browser


@pytest.fixture
def server(sqlite_url: str) -> Iterator[tuple[LiveServer, Runtime]]:
    runtime = make_runtime(sqlite_url, redis=False, secure_cookies=False)
    add_staff(runtime, "agent", "agente@captura.test")
    with LiveServer(create_app(runtime=runtime)) as live:
        yield live, runtime
    runtime.close()


def sign_in(page, live: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live.url}/desk")
    page.locator("input[name=email]").fill("agente@captura.test")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/desk**")


def test_paste_correct_confirm_and_submit(server, page) -> None:  # type: ignore[no-untyped-def]
    live, runtime = server
    sign_in(page, live)
    page.locator("#transcript").fill(CALL_ES)
    screenshot(page, "desk-paste")
    page.get_by_role("button", name="Find the details").click()
    page.wait_for_selector("mark.mark-email")
    assert page.locator("mark.mark-consent").inner_text().strip() == "Sí, claro."
    assert page.locator("#email").input_value() == "maria@talleresruiz.es"
    page.locator("#company").fill("Talleres Ruiz S.L.")
    page.locator("#city").fill("Vigo")
    page.locator("#consent_method").select_option("recorded_call")
    screenshot(page, "desk-review")
    page.get_by_role("button", name="Submit the lead").click()
    assert "nothing was stored" in page.locator("#consent-error").inner_text()  # consent must be confirmed
    page.locator("#consent_confirmed").check()
    page.get_by_role("button", name="Submit the lead").click()
    page.wait_for_selector("text=Lead submitted")
    screenshot(page, "desk-done")
    with runtime.sessions() as session:
        lead = session.scalars(select(Lead)).one()
        consent = session.scalars(select(Consent)).one()
        submission = session.scalars(select(Submission)).one()
    assert submission.channel == "desk" and lead.city == "Vigo"
    assert consent.evidence["method"] == "recorded_call" and consent.evidence["detected"] is True


def test_bulk_upload_shows_progress_and_a_result_per_file(server, page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    live, runtime = server
    files = {"john.vtt": VTT, "broken.vtt": "no cues here", "pedro.srt": SRT, "maria.txt": CALL_ES}
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    sign_in(page, live)
    page.locator("input[type=file]").set_input_files(paths)
    page.locator("#consent_confirmed").check()
    page.get_by_role("button", name="Upload and submit").click()
    expect(page.locator("#desk-progress tbody tr")).to_have_count(4)
    expect(page.locator("#desk-progress .progress-label")).to_have_text("4 / 4")
    screenshot(page, "desk-bulk-results")
    statuses = dict(zip(page.locator("#desk-progress tbody td:nth-child(1)").all_inner_texts(),
                        page.locator("#desk-progress tbody td:nth-child(2)").all_inner_texts(), strict=True))
    assert statuses == {"john.vtt": "submitted", "broken.vtt": "failed", "pedro.srt": "needs_review",
                        "maria.txt": "submitted"}
    with runtime.sessions() as session:
        assert sorted(session.scalars(select(Submission.source_ref)).all()) == [
            "desk-file:john.vtt", "desk-file:maria.txt"]
