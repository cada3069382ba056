"""``captura demo``: a lived-in store, built through the intake path, only when the store is empty."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from captura.cli import main
from captura.demo import DemoRefused, fill_demo
from captura.runtime import Runtime
from store.models import Consent, DuplicateCandidate, Interaction, Lead, LeadValue, Submission
from store.queries import LeadFilter, count_leads


def counted(runtime: Runtime, model: type, *where: object) -> int:
    with runtime.sessions() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_demo_fills_an_empty_store_through_intake(inline_runtime: Runtime) -> None:
    report = fill_demo(inline_runtime, 120, seed=3)
    assert report.leads == counted(inline_runtime, Lead, Lead.merged_into_id.is_(None)) >= 115
    assert counted(inline_runtime, Submission, Submission.status == "stored") == report.submitted
    assert counted(inline_runtime, Consent) >= report.submitted  # every submission carries its consent
    assert counted(inline_runtime, Interaction) == report.submitted
    assert counted(inline_runtime, LeadValue) > report.leads
    assert counted(inline_runtime, DuplicateCandidate) == report.duplicate_pairs > 0
    assert len(report.statuses) == 5
    with inline_runtime.sessions() as session:
        languages = set(session.scalars(select(Lead.language).distinct()))
        inactive, _ = count_leads(session, LeadFilter(inactive_months=6))
        scores = set(session.scalars(select(Lead.score).distinct()))
    assert languages == {"es", "en"} and 0 < inactive < report.leads and len(scores) > 5


def test_demo_refuses_a_store_with_leads(inline_runtime: Runtime) -> None:
    fill_demo(inline_runtime, 5, seed=1)
    with pytest.raises(DemoRefused):
        fill_demo(inline_runtime, 5)
    assert fill_demo(inline_runtime, 5, force=True).leads >= 5


def test_captura_demo_command(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("CAPTURA_INLINE_QUEUE", "1")
    result = CliRunner().invoke(main, ["demo", "--people", "10", "--seed", "2"])
    assert result.exit_code == 0 and "leads" in result.output, result.output
    again = CliRunner().invoke(main, ["demo", "--people", "10"])
    assert again.exit_code == 1 and "--force" in again.output
