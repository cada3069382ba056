"""Leads entered through the real intake path for the review tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from captura.consent import MARKETING
from captura.runtime import Runtime
from tests.integration.test_intake import draft, grant, submit
from webforms import create_app


@pytest.fixture
def review_app(inline_runtime: Runtime) -> Iterator[tuple[Flask, Runtime]]:
    """The web app on the test store (SQLite and PostgreSQL), with http cookies."""
    import dataclasses

    inline_runtime.settings = dataclasses.replace(inline_runtime.settings, secure_cookies=False)
    yield create_app(runtime=inline_runtime), inline_runtime


def seed_people(runtime: Runtime) -> None:
    """Three people: María (marketing yes), John (no marketing), and a second María record by phone."""
    submit(runtime, draft(consents=[grant(), grant(MARKETING)], interest="Quiere un presupuesto urgente"))
    submit(runtime, draft(name="John O'Neill", email="john@example.com", phone="+44 20 7946 0958",
                          company="=HYPERLINK(\"http://evil\")", language="en", interest="Pricing for a demo",
                          consents=[grant(language="en")]))
    submit(runtime, draft(name="Mari Garcia", email="mari.g@otra.es", phone="+34 699 111 222", company="Otra S.A.",
                          consents=[grant(), grant(MARKETING)]))
