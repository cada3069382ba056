"""Access and erasure on a real store (SQLite and PostgreSQL): nothing of the person is left."""

from __future__ import annotations

import json

from sqlalchemy import select, text

from captura.runtime import Runtime
from store.db import unit_of_work
from store.models import AuditEvent, Lead, Submission
from store.privacy import access_report, contact_keys, erase_leads, find_lead_ids, withdraw_consent
from tests.integration.test_intake import draft, submit


def dump_all(runtime: Runtime) -> str:
    """Every row of every table, as text: what a search for the person's data would look through."""
    tables = ["leads", "contact_points", "companies", "consents", "interactions", "lead_values", "submissions",
              "match_keys", "duplicate_candidates", "merges", "conversations"]
    with runtime.engine.connect() as connection:
        return json.dumps({t: [list(map(str, row)) for row in connection.execute(text(f"SELECT * FROM {t}"))]
                           for t in tables}, ensure_ascii=False)


def test_access_report_holds_everything_about_the_person(inline_runtime: Runtime) -> None:
    submit(inline_runtime, draft(interest="Presupuesto para 3 furgonetas"))
    submit(inline_runtime, draft(email=None, phone="+34 612 345 678", interest="Llamada de seguimiento"))
    with inline_runtime.sessions() as session:
        lead_ids = find_lead_ids(session, keys=contact_keys("maria.garcia@ejemplo.es", "ES"))
        report = access_report(session, lead_ids)
    [lead] = report["leads"]
    assert {c["value"] for c in lead["contact_points"]} == {"maria.garcia@ejemplo.es", "+34612345678"}
    assert [i["summary"] for i in lead["interactions"]] == ["Presupuesto para 3 furgonetas", "Llamada de seguimiento"]
    assert len(lead["consents"]) == 2 and lead["consents"][0]["evidence"]["answer"] == "sí"
    json.dumps(report)  # JSON-ready


def test_erasure_removes_the_person_everywhere_and_keeps_an_anonymous_audit(inline_runtime: Runtime) -> None:
    submit(inline_runtime, draft(raw_text="Hola, soy María del Carmen, mi correo es Maria.Garcia@Ejemplo.es"))
    submit(inline_runtime, draft(name="Otra Persona", email="otra@ejemplo.es", phone=None, interest="Otra cosa"))
    with unit_of_work(inline_runtime.sessions) as session:
        keys = contact_keys("612345678", "ES")
        report = erase_leads(session, find_lead_ids(session, keys=keys), actor="test", region="ES", extra_keys=keys)
    assert report.lead_ids == [1] and report.removed["contact_points"] == 2 and report.removed["submissions"] == 1
    everything = dump_all(inline_runtime).lower()
    for trace in ("maria", "garcía", "612345678", "612 345 678", "presupuesto"):
        assert trace not in everything, trace
    assert "otra@ejemplo.es" in everything  # the other person is untouched
    with inline_runtime.sessions() as session:
        audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "person.erased")).one()
        assert "maria" not in json.dumps(audit.details).lower() and audit.details["lead_ids"] == [1]
        assert session.get(Lead, 1).erased_at is not None


def test_erasure_also_blanks_submissions_still_waiting_in_the_queue(redis_runtime: Runtime) -> None:
    from captura.intake import submit_lead

    receipt = submit_lead(draft(), redis_runtime.engine, redis_runtime.queue, region="ES")
    with unit_of_work(redis_runtime.sessions) as session:
        keys = contact_keys("Maria.Garcia@ejemplo.es", "ES")
        report = erase_leads(session, find_lead_ids(session, keys=keys), actor="test", region="ES", extra_keys=keys)
    assert report.lead_ids == [] and report.removed["submissions"] == 1
    from tests.conftest import drain

    drain(redis_runtime)  # the job runs later and finds nothing to store
    with redis_runtime.sessions() as session:
        submission = session.get(Submission, receipt.submission_id)
        assert submission.status == "rejected" and submission.payload == {"erased": True}
        assert session.scalars(select(Lead)).all() == []


def test_withdrawal_is_a_new_consent_event(inline_runtime: Runtime) -> None:
    submit(inline_runtime, draft())
    with unit_of_work(inline_runtime.sessions) as session:
        withdraw_consent(session, [1], purpose="contact", channel="telegram", actor="bot",
                         evidence={"kind": "chat_command", "command": "/forget"})
    with inline_runtime.engine.connect() as connection:
        rows = connection.execute(text("SELECT granted FROM consents ORDER BY id")).scalars().all()
    assert [bool(r) for r in rows] == [True, False]
