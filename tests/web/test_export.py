"""Export: only leads whose latest marketing consent is a grant, Mailchimp columns, inert cells, audited."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from captura.cli import main
from captura.consent import MARKETING
from captura.runtime import Runtime
from store.db import read_only, unit_of_work
from store.export import EXPORT_COLUMNS, MAILCHIMP_COLUMNS, csv_chunks, export_records, neutralize
from store.models import AuditEvent
from store.privacy import withdraw_consent
from store.queries import LeadFilter
from store.review import ensure_default_segments
from tests.integration.test_intake import draft, grant, submit
from tests.web.review_fixtures import review_app, seed_people  # noqa: F401  (fixture)
from tests.web.staff_helpers import signed_in_client


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+2", "'=1+2"), ("+34612345678", "'+34612345678"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("María", "María"), ("", "")])
def test_formula_cells_are_neutralized(value: str, expected: str) -> None:
    assert neutralize(value) == expected


@pytest.mark.parametrize("separator", [";", "\t", "|", ","])
def test_no_cell_becomes_a_formula_whatever_the_spreadsheet_splits_on(separator: str) -> None:
    """``ACME;=2+3;`` read by a spreadsheet that splits on ``;`` (Spanish locales) made ``=2+3`` a cell."""
    hostile = ["ACME;=2+3;", "Tom\t+1+1", "x|@SUM(A1)", "a, -2+3", "ok;  =HYPERLINK(\"http://evil\")", "line\n=1+1"]
    record = {"email": "a@b.es", "first_name": hostile[0], "last_name": hostile[1], "phone": hostile[2],
              "company": hostile[3], "status": hostile[4], "channel": hostile[5], "language": "es", "score": 1,
              "marketing_consent_at": None, "id": 1}
    text = "".join(csv_chunks(iter([record])))
    cells = [cell for line in text.splitlines() for cell in line.split(separator)]
    assert not [cell for cell in cells if cell.strip().strip('"').startswith(("=", "+", "-", "@"))]


def test_the_postcode_column_comes_after_the_mailchimp_ones() -> None:
    """Consumers that read the export by position keep their columns; the postcode is appended at the end."""
    assert EXPORT_COLUMNS[:len(MAILCHIMP_COLUMNS)] == MAILCHIMP_COLUMNS
    assert EXPORT_COLUMNS[len(MAILCHIMP_COLUMNS):] == ("Postcode",)


def seed_for_export(runtime: Runtime) -> None:
    seed_people(runtime)  # 1 María (marketing), 2 John (none), 3 Mari (marketing)
    submit(runtime, draft(name="Eve Formula", email="eve@example.com", phone=None, company="=cmd|' /C calc'!A0",
                          postcode="sw1a1aa", language="en", consents=[grant(), grant(MARKETING)]))
    with unit_of_work(runtime.sessions) as session:  # Mari withdraws: the later event wins
        withdraw_consent(session, [3], purpose=MARKETING, channel="email", actor="test", evidence={})


def test_csv_export_over_the_dashboard(review_app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app, runtime = review_app
    seed_for_export(runtime)
    client = signed_in_client(app, runtime, "sales")
    response = client.get("/review/export?format=csv")
    assert response.status_code == 200 and response.is_streamed
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(rows[0].keys()) == EXPORT_COLUMNS
    assert [row["Postcode"] for row in rows] == ["", "SW1A 1AA"]  # the register's postcode, normalized
    assert [row["Email Address"] for row in rows] == ["maria.garcia@ejemplo.es", "eve@example.com"]
    assert rows[0]["First Name"] == "María" and rows[0]["Last Name"] == "del Carmen García de la Fuente"
    assert rows[0]["Phone Number"] == "'+34612345678" and rows[1]["Company"].startswith("'=")
    with runtime.sessions() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "leads.exported")).one()
    assert event.details["count"] == 2 and event.details["format"] == "csv" and event.actor.startswith("staff:")


def test_json_export_of_a_filter_hides_the_search_in_the_audit(review_app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app, runtime = review_app
    seed_for_export(runtime)
    client = signed_in_client(app, runtime, "sales")
    response = client.get("/review/export?format=json&search=eve@example")
    records = json.loads(response.get_data(as_text=True))
    assert [r["email"] for r in records] == ["eve@example.com"] and records[0]["company"].startswith("=")
    assert records[0]["postcode"] == "SW1A 1AA"
    with runtime.sessions() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "leads.exported")).one()
    assert "eve" not in json.dumps(event.details)
    by_postcode = json.loads(client.get("/review/export?format=json&search=sw1a1aa").get_data(as_text=True))
    assert [r["email"] for r in by_postcode] == ["eve@example.com"]  # the search matches postcodes too


@pytest.mark.parametrize("query", ["format=xls", "segment=unknown", "score_min=abc"])
def test_bad_export_requests_are_400(review_app, query: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app, runtime = review_app
    client = signed_in_client(app, runtime, "sales")
    assert client.get(f"/review/export?{query}").status_code == 400


def test_export_records_are_a_stream(inline_runtime: Runtime) -> None:
    seed_for_export(inline_runtime)
    with read_only(inline_runtime.engine) as connection:
        records = export_records(connection, LeadFilter())
        assert iter(records) is records  # a generator, consumed lazily
        assert [r["id"] for r in records] == [1, 4]


def test_captura_export_writes_to_stdout(inline_runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    seed_for_export(inline_runtime)
    monkeypatch.setenv("DATABASE_URL", inline_runtime.settings.database_url)
    monkeypatch.setenv("CAPTURA_INLINE_QUEUE", "1")
    result = CliRunner().invoke(main, ["export", "--format", "json", "--filter", "search=garcia"])
    assert result.exit_code == 0, result.output
    assert [r["email"] for r in json.loads(result.stdout)] == ["maria.garcia@ejemplo.es"]
    with unit_of_work(inline_runtime.sessions) as session:
        ensure_default_segments(session)
    result = CliRunner().invoke(main, ["export", "--segment", "Inactive for more than six months"])
    assert result.exit_code == 0 and result.stdout.splitlines() == [",".join(EXPORT_COLUMNS)]
    assert CliRunner().invoke(main, ["export", "--segment", "nope"]).exit_code == 2
    assert CliRunner().invoke(main, ["export", "--filter", "status=gone"]).exit_code == 2
