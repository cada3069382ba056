"""The intake path on a real store (SQLite and PostgreSQL), with inline jobs."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from captura.consent import CONTACT, MARKETING, consent_text
from captura.intake import (
    ConsentGrant,
    ConsentMissing,
    IdempotencyConflict,
    InvalidLead,
    LeadDraft,
    submit_lead,
)
from captura.jobs import ingest_job, retry_failed, run_ingest
from captura.runtime import Runtime
from store.models import (
    AuditEvent,
    Base,
    Consent,
    ContactPoint,
    DuplicateCandidate,
    Interaction,
    Lead,
    LeadValue,
    Submission,
)


def grant(purpose: str = CONTACT, granted: bool = True, language: str = "es") -> ConsentGrant:
    text_ = consent_text(purpose)
    return ConsentGrant(purpose=purpose, granted=granted, wording=text_.text(language),
                        wording_version=text_.version, language=language,
                        evidence={"kind": "test", "answer": "sí" if granted else "no"})


def draft(**fields: object) -> LeadDraft:
    values: dict[str, object] = {"channel": "api", "name": "María del Carmen García de la Fuente",
                                 "email": "Maria.Garcia@Ejemplo.es", "phone": "612 345 678",
                                 "company": "Talleres Ruiz S.L.", "interest": "Quiere un presupuesto",
                                 "consents": [grant()]}
    values.update(fields)
    return LeadDraft(**values)


def submit(runtime: Runtime, lead: LeadDraft):  # type: ignore[no-untyped-def]
    return submit_lead(lead, runtime.engine, runtime.queue, region=runtime.settings.default_region)


def count(runtime: Runtime, model: type[Base]) -> int:
    with runtime.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_draft_becomes_one_lead_with_consent_history_and_audit(inline_runtime: Runtime) -> None:
    receipt = submit(inline_runtime, draft())

    with inline_runtime.sessions() as session:
        lead = session.scalars(select(Lead)).one()
        submission = session.get(Submission, receipt.submission_id)
        assert submission is not None and submission.status == "stored" and submission.lead_id == lead.id
        assert lead.display_name == "María del Carmen García de la Fuente"
        assert lead.company is not None and lead.company.name == "Talleres Ruiz S.L."
        assert {(c.kind, c.value, c.raw_value) for c in lead.contact_points} == {
            ("email", "maria.garcia@ejemplo.es", "Maria.Garcia@Ejemplo.es"),
            ("phone", "+34612345678", "612 345 678"),
        }
        consent = session.scalars(select(Consent)).one()
        assert (consent.purpose, consent.granted, consent.wording_version) == (CONTACT, True, "contact-2026-11")
        assert consent.evidence["answer"] == "sí" and consent.channel == "api"
        assert session.scalars(select(Interaction)).one().summary == "Quiere un presupuesto"
        audit = session.scalars(select(AuditEvent)).one()
        assert (audit.action, audit.lead_id, audit.details["submission_id"]) == ("lead.created", lead.id,
                                                                                 receipt.submission_id)
        assert "maria" not in str(audit.details).lower()
        assert lead.last_interaction_at is not None


def test_without_consent_nothing_is_written_anywhere(inline_runtime: Runtime) -> None:
    for consents in ([], [grant(granted=False)], [grant(MARKETING)]):
        with pytest.raises(ConsentMissing):
            submit(inline_runtime, draft(consents=consents))
    for model in Base.metadata.sorted_tables:
        with inline_runtime.engine.connect() as connection:
            assert connection.execute(select(func.count()).select_from(model)).scalar() == 0, model.name


def test_invalid_fields_are_refused_with_every_reason_before_writing(inline_runtime: Runtime) -> None:
    with pytest.raises(InvalidLead) as caught:
        submit(inline_runtime, draft(email="maria@", phone="12"))
    assert {name: e.code for name, e in caught.value.errors.items()} == {
        "email": "email.no_domain", "phone": "phone.invalid"}
    with pytest.raises(InvalidLead) as caught:
        submit(inline_runtime, draft(email=None, phone=None))
    assert set(caught.value.errors) == {"contact"}
    assert count(inline_runtime, Submission) == 0


def test_same_idempotency_key_twice_gives_one_submission_and_one_lead(inline_runtime: Runtime) -> None:
    first = submit(inline_runtime, draft(idempotency_key="api:k-1"))
    again = submit(inline_runtime, draft(idempotency_key="api:k-1"))
    assert again.submission_id == first.submission_id and again.replayed and not first.replayed
    assert (count(inline_runtime, Submission), count(inline_runtime, Lead)) == (1, 1)
    assert count(inline_runtime, Interaction) == 1


def test_a_reused_idempotency_key_with_another_body_is_a_conflict(inline_runtime: Runtime) -> None:
    submit(inline_runtime, draft(idempotency_key="api:k-2"))
    with pytest.raises(IdempotencyConflict):
        submit(inline_runtime, draft(idempotency_key="api:k-2", email="otra@ejemplo.es"))
    assert count(inline_runtime, Submission) == 1


def test_the_same_person_again_is_merged_into_the_existing_lead(inline_runtime: Runtime) -> None:
    submit(inline_runtime, draft(email="maria@ejemplo.es", phone=None, city=None))
    submit(inline_runtime, draft(email="MARIA@ejemplo.es", phone="+34 612 345 678", city="Sevilla",
                                 interest="Ahora quiere una demo", name="María García"))
    with inline_runtime.sessions() as session:
        lead = session.scalars(select(Lead)).one()
        assert lead.display_name == "María del Carmen García de la Fuente"  # first name kept...
        names = session.scalars(select(LeadValue.value).where(LeadValue.field == "name")).all()
        assert "María García" in names  # ...and the other spelling kept in history
        assert lead.city == "Sevilla" and lead.interest == "Ahora quiere una demo"
        assert {c.kind for c in lead.contact_points} == {"email", "phone"}
        assert session.scalar(select(func.count()).select_from(Interaction)) == 2
        assert session.scalar(select(func.count()).select_from(Consent)) == 2
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions == ["lead.created", "lead.updated"]


def test_email_of_one_lead_and_phone_of_another_queue_a_duplicate(inline_runtime: Runtime) -> None:
    submit(inline_runtime, draft(email="a@ejemplo.es", phone=None))
    submit(inline_runtime, draft(email=None, phone="612 345 678", name="Otra Persona"))
    submit(inline_runtime, draft(email="a@ejemplo.es", phone="612 345 678"))
    assert count(inline_runtime, Lead) == 2
    with inline_runtime.sessions() as session:
        pair = session.scalars(select(DuplicateCandidate)).one()
        assert (pair.lead_id, pair.other_lead_id, pair.status) == (1, 2, "open")


def test_a_company_written_differently_is_one_company(inline_runtime: Runtime) -> None:
    submit(inline_runtime, draft(email="a@ibm.com", phone=None, company="IBM"))
    submit(inline_runtime, draft(email="b@ibm.com", phone=None, company="I.B.M.", name="Otro"))
    submit(inline_runtime, draft(email="c@ibm.com", phone=None, company="IBM Corp.", name="Tercero"))
    with inline_runtime.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM companies")).scalar() == 1
        assert connection.execute(text("SELECT count(DISTINCT company_id) FROM leads")).scalar() == 1


def test_a_poison_payload_fails_alone_and_can_be_retried_without_duplicates(inline_runtime: Runtime) -> None:
    good = submit(inline_runtime, draft())
    with inline_runtime.engine.begin() as connection:
        connection.execute(text(
            "UPDATE submissions SET status = 'pending', payload = :payload WHERE id = :id"),
            {"payload": '{"channel": "api", "email": "not-an-email", "consents": []}', "id": good.submission_id})
    outcome = run_ingest(inline_runtime, [good.submission_id])
    assert outcome.failed == [good.submission_id]
    with inline_runtime.sessions() as session:
        failed = session.get(Submission, good.submission_id)
        assert failed is not None and failed.status == "failed" and "email" in (failed.error or "")
    assert retry_failed(inline_runtime) == 1  # inline queue: re-run now, still failing, still one lead
    assert count(inline_runtime, Lead) == 1


def test_running_a_job_again_stores_nothing_twice(inline_runtime: Runtime) -> None:
    receipt = submit(inline_runtime, draft())
    assert ingest_job(receipt.submission_id) == {"stored": 0, "failed": 0, "skipped": 1}
    assert (count(inline_runtime, Lead), count(inline_runtime, Interaction)) == (1, 1)
    assert count(inline_runtime, ContactPoint) == 2


@pytest.mark.parametrize("name", [
    "<script>alert('x')</script>", "Robert'); DROP TABLE leads;--", "😀 Emoji Person 🎉",
    "محمد عبد الله", "Zoë \u202eevil\u202c", "x" * 300,
])
def test_hostile_text_is_stored_intact(inline_runtime: Runtime, name: str) -> None:
    submit(inline_runtime, draft(name=name, email="hostile@ejemplo.es", phone=None))
    with inline_runtime.sessions() as session:
        assert session.scalars(select(Lead.display_name)).one() == name


def test_control_characters_are_dropped_at_the_door_so_the_store_takes_the_lead(inline_runtime: Runtime) -> None:
    """PostgreSQL refuses NUL in text: left in, the worker would fail what the door accepted."""
    consent = ConsentGrant(**{**grant().model_dump(), "wording": "Acepto\x00", "evidence": {"note": ["s\x00í"]}})
    assert (consent.wording, consent.evidence) == ("Acepto", {"note": ["sí"]})
    lead = draft(name="Ana\x00 Pérez\x07", company="Talleres\x00 Ruiz", source_ref="crm\x00-1",
                 interest="Quiere\tun\npresupuesto\x1b", raw_text="Hola\x00", consents=[consent])
    assert (lead.name, lead.source_ref, lead.interest) == ("Ana Pérez", "crm-1", "Quiere\tun\npresupuesto")
    receipt = submit(inline_runtime, lead)
    with inline_runtime.sessions() as session:
        assert session.get(Submission, receipt.submission_id).status == "stored"  # type: ignore[union-attr]
        assert session.scalars(select(Lead.display_name)).one() == "Ana Pérez"


def test_ingest_scores_each_lead_and_a_return_raises_it(inline_runtime: Runtime) -> None:
    from store.scoring import current_score

    submit(inline_runtime, draft(interest="Necesito un presupuesto urgente"))
    with inline_runtime.sessions() as session:
        lead = session.scalars(select(Lead)).one()
        first = lead.score
        assert first > 0 and first == current_score(session, lead).total
    submit(inline_runtime, draft(interest="¿Me mandan el precio y una demo?", job_title="Gerente", city="Sevilla"))
    with inline_runtime.sessions() as session:
        lead = session.scalars(select(Lead)).one()
        assert lead.score > first and lead.score == current_score(session, lead).total
