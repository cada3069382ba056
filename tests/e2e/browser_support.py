"""Playwright on Debian's chromium for the browser tests: one browser per module, screenshots as artifacts."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SCREENSHOT_ATTEMPTS = 3


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make test installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def screenshot(page, name: str, folder: Path = SCREENSHOTS, *, full_page: bool = True,  # type: ignore[no-untyped-def]
               required: bool = False) -> None:
    """Save a screenshot for people to look at; it is evidence, never an assertion.

    Headless chromium now and then answers "Unable to capture screenshot" on a
    busy box (a CI run failed on it). We retry after the page settles; if it
    still refuses, an artifact is not worth a red run, so we warn, unless the
    screenshot is one the docs need (``required``).
    """
    from playwright.sync_api import Error as PlaywrightError

    folder.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, SCREENSHOT_ATTEMPTS + 1):
        try:
            page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)
            return
        except PlaywrightError as error:
            if attempt == SCREENSHOT_ATTEMPTS:
                if required:
                    raise
                warnings.warn(f"screenshot {name} not taken: {error.message.splitlines()[0]}", stacklevel=2)
                return
            page.wait_for_load_state("load")
            page.wait_for_timeout(250 * attempt)
