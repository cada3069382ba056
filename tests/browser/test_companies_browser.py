"""Companies in the dashboard, in a real browser: a company with its people, duplicate companies in the
review queue with the reasons field by field, merged and the merge undone, each step checked in the store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from captura.runtime import Runtime
from store.companies import firm
from store.matching import score_pair
from store.models import Company, CompanyMerge, Lead
from tests.browser.test_review_browser import signed_in_page
from tests.conftest import LiveServer, make_runtime
from tests.integration.test_intake import draft, submit
from tests.web.staff_helpers import add_staff
from webforms import create_app

pytestmark = pytest.mark.browser
TALLERES, HERMANOS = "Talleres Ruiz", "Talleres Ruiz Hermanos"


@pytest.fixture
def live(sqlite_url: str) -> Iterator[tuple[LiveServer, Runtime]]:
    """Two people at "Talleres Ruiz" (written two ways), one at "Talleres Ruiz Hermanos": two companies the
    matcher cannot tell apart, queued for a person (the thresholds are set around their score)."""
    score = score_pair(firm(TALLERES), firm(HERMANOS)).score
    runtime = make_runtime(sqlite_url, redis=False, review_threshold=score - 0.01, auto_merge_threshold=score + 0.01)
    submit(runtime, draft(name="Ana Ruiz Gil", email="ana@ruiz.es", phone=None, company=TALLERES))
    submit(runtime, draft(name="Luis Pardo", email="luis@ruiz.es", phone=None, company="TALLERES RUIZ"))
    submit(runtime, draft(name="Eva Soto", email="eva@hermanos.es", phone=None, company=HERMANOS))
    add_staff(runtime, "sales")
    with LiveServer(create_app(runtime=runtime)) as server:
        yield server, runtime
    runtime.close()


def companies_of_leads(runtime: Runtime) -> dict[str, int]:
    with runtime.sessions() as session:
        return dict(session.execute(select(Lead.display_name, Lead.company_id)).all())


def test_sales_merge_two_companies_and_undo_it(live, browser) -> None:  # type: ignore[no-untyped-def]
    server, runtime = live
    before = companies_of_leads(runtime)
    talleres, hermanos = before["Ana Ruiz Gil"], before["Eva Soto"]
    assert before["Luis Pardo"] == talleres != hermanos
    page = signed_in_page(browser, server, "sales")

    page.goto(f"{server.url}/review/leads/1")
    page.click(f"a[href$='/review/companies/{talleres}']")
    assert page.locator("h1").inner_text() == TALLERES
    assert set(page.locator("table#people a").all_inner_texts()) == {"Ana Ruiz Gil", "Luis Pardo"}
    assert page.locator("ul#spellings").inner_text() == "TALLERES RUIZ"

    page.goto(f"{server.url}/review/duplicates")
    pair = page.locator("form.company-pair")
    assert pair.count() == 1
    reasons = pair.locator("table.why-fields")
    assert "organisation" in reasons.inner_text() and "descriptor_extra" in reasons.inner_text()
    pair.locator(f"input[name=keep][value='{talleres}']").check()
    pair.locator("button", has_text="Merge companies").click()
    assert page.url.endswith(f"/review/companies/{talleres}")
    assert "Eva Soto" in page.locator("table#people").inner_text()
    assert set(companies_of_leads(runtime).values()) == {talleres}
    with runtime.sessions() as session:
        assert session.get(Company, hermanos).merged_into_id == talleres

    page.goto(f"{server.url}/review/duplicates")
    assert page.locator("form.company-pair").count() == 0
    page.locator("form[action*='/review/company-merges/'] button", has_text="Undo").click()
    assert page.url.endswith(f"/review/companies/{hermanos}")
    assert "Eva Soto" in page.locator("table#people").inner_text()
    assert companies_of_leads(runtime) == before
    with runtime.sessions() as session:
        assert session.scalars(select(CompanyMerge.undone_at)).one() is not None
    page.goto(f"{server.url}/review/duplicates")
    assert page.locator("form.company-pair").count() == 1  # back in the queue
