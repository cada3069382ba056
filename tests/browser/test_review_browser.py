"""The dashboard in a real browser (Debian's chromium through Playwright), each step checked in the store.

Sign in, search, open a lead, change its status, merge two duplicates,
export, erase; and an agent cannot open admin pages. Also takes the two
screenshots the README shows: always to artifacts/screenshots/, and to
docs/screenshots/ (committed) only with CAPTURA_UPDATE_SCREENSHOTS=1, so a
test run never dirties the working tree.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from captura.demo import fill_demo
from captura.runtime import Runtime
from store.db import unit_of_work
from store.models import AuditEvent, Lead
from store.scoring import score_lead
from tests.conftest import REPO_ROOT, LiveServer, make_runtime
from tests.e2e.browser_support import SCREENSHOTS, screenshot
from tests.integration.test_merge import two_records_of_one_person
from tests.web.staff_helpers import PASSWORD, add_staff
from webforms import create_app

pytestmark = pytest.mark.browser

UPDATING_DOCS = os.environ.get("CAPTURA_UPDATE_SCREENSHOTS") == "1"
DOCS_SCREENSHOTS = REPO_ROOT / "docs" / "screenshots" if UPDATING_DOCS else SCREENSHOTS


@pytest.fixture
def live(sqlite_url: str) -> Iterator[tuple[LiveServer, Runtime]]:
    runtime = make_runtime(sqlite_url, redis=False)
    two_records_of_one_person(runtime)  # leads 1 and 2, one open duplicate pair
    for role in ("sales", "admin", "agent"):
        add_staff(runtime, role)
    fill_demo(runtime, 80, force=True, seed=11)
    with unit_of_work(runtime.sessions) as session:  # what ingest does once it calls score_lead
        for each in session.scalars(select(Lead).where(Lead.id.in_([1, 2]))):
            score_lead(session, each)
    with LiveServer(create_app(runtime=runtime)) as server:
        yield server, runtime
    runtime.close()


def signed_in_page(browser, server: LiveServer, role: str):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{server.url}/login?lang=en")
    page.fill("input[name=email]", f"{role}@captura.test")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    return page


def best_demo_lead(runtime: Runtime) -> int:
    with runtime.sessions() as session:
        return session.scalar(select(Lead.id).where(Lead.first_channel != "api").order_by(Lead.score.desc()))


def lead(runtime: Runtime, lead_id: int) -> Lead:
    with runtime.sessions() as session:
        found = session.get(Lead, lead_id)
        assert found is not None
        return found


def test_sales_work_a_lead_from_search_to_merge_and_export(live, browser) -> None:  # type: ignore[no-untyped-def]
    server, runtime = live
    page = signed_in_page(browser, server, "sales")
    assert page.url.endswith("/review/leads")
    screenshot(page, "leads", DOCS_SCREENSHOTS, full_page=False, required=UPDATING_DOCS)
    page.goto(f"{server.url}/review/leads/{best_demo_lead(runtime)}")
    page.locator("details").first.evaluate("element => element.open = true")
    screenshot(page, "lead", DOCS_SCREENSHOTS, full_page=False, required=UPDATING_DOCS)
    page.goto(f"{server.url}/review/leads")

    page.fill("input[name=search]", "fuente GARCÍA")  # any order, any accents
    page.click("form[role=search] button[type=submit]")
    rows = page.locator("table.leads tbody tr")
    assert rows.count() == 1 and "María del Carmen García de la Fuente" in rows.first.inner_text()

    rows.first.locator("a").click()
    assert page.url.endswith("/review/leads/1")
    assert page.locator("text=Completeness").count() == 1

    page.select_option("select#status", "qualified")
    page.fill("textarea[name=notes]", "Llamar el lunes por la mañana")
    page.click("form[action$='/review/leads/1'] button[type=submit]")
    assert page.locator(".flash").inner_text() == "Saved."
    assert (lead(runtime, 1).status, lead(runtime, 1).notes) == ("qualified", "Llamar el lunes por la mañana")

    page.goto(f"{server.url}/review/duplicates")
    pair = page.locator("form#pair-1")
    pair.locator("input[name=win_city][value='2']").check()
    pair.locator("button", has_text="Merge").click()
    assert page.url.endswith("/review/leads/1")
    assert lead(runtime, 2).merged_into_id == 1 and lead(runtime, 1).city == "Madrid"

    page.goto(f"{server.url}/review/leads?consent=marketing")
    with page.expect_download() as download_info:
        page.click("text=CSV")
    rows_csv = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8"))))
    assert rows_csv and all(row["Email Address"] or row["Phone Number"] for row in rows_csv)
    with runtime.sessions() as session:
        exported = session.scalars(select(AuditEvent).where(AuditEvent.action == "leads.exported")).one()
    assert exported.details["count"] == len(rows_csv)
    screenshot(page, "after-export", full_page=False)


def test_admin_erases_a_person_after_confirming(live, browser) -> None:  # type: ignore[no-untyped-def]
    server, runtime = live
    page = signed_in_page(browser, server, "admin")
    page.goto(f"{server.url}/review/privacy")
    page.fill("input[name=who]", "carmen@talleres-ruiz.es")
    page.click("button:has-text('Look up')")
    assert "Mª Carmen García" in page.content()
    page.click("button:has-text('Erase this person')")
    page.fill("input[name=confirm]", "ERASE")
    page.click("button:has-text('Erase now')")
    assert page.locator("h1").inner_text() == "Erased"
    assert lead(runtime, 2).erased_at is not None and lead(runtime, 2).display_name == ""
    screenshot(page, "erased", full_page=False)


def test_an_agent_cannot_open_admin_or_sales_pages(live, browser) -> None:  # type: ignore[no-untyped-def]
    server, _ = live
    page = signed_in_page(browser, server, "agent")
    for path in ("/review/privacy", "/review/leads", "/review/leads/1", "/review/export?format=csv"):
        response = page.goto(f"{server.url}{path}")
        assert response is not None and response.status == 403, path
        assert "María" not in page.content()
