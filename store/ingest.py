"""Ingest: turn pending submissions into leads, one transaction per batch.

normalize -> find the matching lead (exact email / phone keys) -> merge into
it or create it -> append consent, interaction, field history and an audit
event -> mark the submission stored. Each submission runs in its own
SAVEPOINT, so one bad payload marks only itself failed and the rest of the
batch still commits once (a commit per lead would make fsync the limit).

Store-side only: the payload is the JSON of ``captura.intake.LeadDraft``,
read here as plain data so the store does not depend on the intake package.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nlp.contact import InvalidContact, normalize_email, parse_phone
from store.models import (
    AuditEvent,
    Company,
    Consent,
    ContactPoint,
    DuplicateCandidate,
    Interaction,
    Lead,
    LeadValue,
    Submission,
    utcnow,
)
from store.normalize import company_key, person_key

log = structlog.get_logger(__name__)

TRACKED_FIELDS = ("name", "company", "job_title", "city", "interest", "language")
LATEST_WINS = ("job_title", "city", "interest", "language")
SUMMARY_LENGTH = 200


class PermanentIngestError(Exception):
    """The payload can never be stored (not a retryable fault): the submission is failed."""


@dataclass
class IncomingLead:
    """A submission's payload, normalized and ready to match."""

    channel: str
    fields: dict[str, str]
    contacts: list[tuple[str, str, str]]  # (kind, normalized value, raw value)
    consents: list[dict[str, Any]]
    raw_text: str | None
    company_key: str | None = None
    name_key: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class BatchOutcome:
    stored: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)


def normalize_payload(payload: dict[str, Any], region: str | None) -> IncomingLead:
    """Validate and normalize a draft's payload; PermanentIngestError when unusable."""
    fields = {name: str(payload[name]).strip() for name in TRACKED_FIELDS if payload.get(name)}
    contacts = _contacts(payload, region)
    if not contacts:
        raise PermanentIngestError("no valid email or phone in the submission")
    consents = [c for c in payload.get("consents") or [] if isinstance(c, dict)]
    return IncomingLead(
        channel=str(payload.get("channel") or "api"),
        fields=fields,
        contacts=contacts,
        consents=consents,
        raw_text=payload.get("raw_text"),
        company_key=company_key(fields["company"]) if fields.get("company") else None,
        name_key=person_key(fields.get("name")),
    )


def _contacts(payload: dict[str, Any], region: str | None) -> list[tuple[str, str, str]]:
    contacts = []
    try:
        if payload.get("email"):
            contacts.append(("email", normalize_email(payload["email"]), payload["email"]))
        if payload.get("phone"):
            contacts.append(("phone", parse_phone(payload["phone"], region).e164, payload["phone"]))
    except InvalidContact as error:
        raise PermanentIngestError(f"{error.field}: {error.detail}") from error
    return contacts


def ingest_batch(session: Session, submission_ids: Iterable[int], region: str | None, *,
                 claim_more: int = 0) -> BatchOutcome:
    """Store the given submissions, plus up to ``claim_more`` other pending ones; the caller commits once.

    Only ``pending`` submissions are stored: stored ones are skipped (a job
    that runs twice does nothing), rejected ones were erased, failed ones
    wait for an explicit retry.
    """
    outcome = BatchOutcome()
    for submission in claim_submissions(session, list(submission_ids), claim_more):
        if submission.status != "pending":
            outcome.skipped.append(submission.id)
            continue
        _ingest_one_guarded(session, submission, region, outcome)
    return outcome


def claim_submissions(session: Session, submission_ids: list[int], claim_more: int) -> list[Submission]:
    """Lock the named submissions and up to ``claim_more`` of the oldest other pending ones.

    On PostgreSQL rows another worker holds are skipped (``SKIP LOCKED``), so
    several workers drain one backlog without waiting on each other; SQLite
    has a single writer, whose ``BEGIN IMMEDIATE`` already serializes them.
    """
    skip_locked = session.get_bind().dialect.name == "postgresql"
    named = select(Submission).where(Submission.id.in_(submission_ids)).order_by(Submission.id)
    claimed = list(session.scalars(named.with_for_update(skip_locked=True) if skip_locked else named))
    if claim_more > 0:
        others = (select(Submission).where(Submission.status == "pending")
                  .where(Submission.id.not_in(submission_ids)).order_by(Submission.id).limit(claim_more))
        claimed += session.scalars(others.with_for_update(skip_locked=True) if skip_locked else others)
    return claimed


def _ingest_one_guarded(session: Session, submission: Submission, region: str | None,
                        outcome: BatchOutcome) -> None:
    """Store one submission in its own savepoint; a payload that cannot be stored fails alone.

    Errors of the payload (or of our code on that payload) mark it failed with
    the reason and the batch goes on; errors of the database itself
    (connection lost, disk full) propagate, so the job is retried whole.
    """
    submission.attempts += 1
    try:
        lead_id = _ingest_in_savepoint(session, submission, region)
    except IntegrityError:
        try:  # another worker stored the same person a moment ago: match again, now it exists
            lead_id = _ingest_in_savepoint(session, submission, region)
        except IntegrityError as error:
            _mark_failed(submission, f"conflicting data: {type(error.orig).__name__}", outcome)
            return
    except (PermanentIngestError, ValueError, TypeError, KeyError, AttributeError) as error:
        _mark_failed(submission, _reason(error), outcome)
        return
    submission.status, submission.lead_id, submission.error = "stored", lead_id, None
    outcome.stored.append(submission.id)


def _ingest_in_savepoint(session: Session, submission: Submission, region: str | None) -> int:
    with session.begin_nested():
        return ingest_submission(session, submission, region)


def _reason(error: Exception) -> str:
    if isinstance(error, PermanentIngestError):
        return str(error)
    return f"unreadable submission: {type(error).__name__}: {error}"[:500]


def _mark_failed(submission: Submission, reason: str, outcome: BatchOutcome) -> None:
    submission.status, submission.error = "failed", reason
    outcome.failed.append(submission.id)
    log.warning("ingest.failed", submission_id=submission.id, reason=reason)


def ingest_submission(session: Session, submission: Submission, region: str | None) -> int:
    """Store one submission's lead; returns the lead id (new or matched)."""
    incoming = normalize_payload(submission.payload, region)
    lead, matched_by = find_matching_lead(session, incoming)
    created = lead is None
    if lead is None:
        lead = _create_lead(session, incoming)
    _merge_fields(session, lead, incoming, submission.id)
    _add_contact_points(session, lead, incoming)
    _append_consents(session, lead, incoming, submission.id)
    _append_interaction(session, lead, incoming, submission)
    session.add(AuditEvent(
        actor=f"intake:{incoming.channel}",
        action="lead.created" if created else "lead.updated",
        lead_id=lead.id,
        details={"submission_id": submission.id, "matched_by": matched_by},
    ))
    session.flush()
    return lead.id


def find_matching_lead(session: Session, incoming: IncomingLead) -> tuple[Lead | None, str | None]:
    """The live lead that owns one of the incoming email/phone keys, if any.

    When the email points at one lead and the phone at another, the older
    lead wins and the pair goes to the duplicates queue for a person to decide.
    """
    rows = session.execute(
        select(ContactPoint.kind, ContactPoint.lead_id)
        .where(ContactPoint.value.in_([value for _, value, _ in incoming.contacts]))
        .where(ContactPoint.kind.in_({kind for kind, _, _ in incoming.contacts}))
    ).all()
    leads = {row.lead_id: row.kind for row in rows}
    live = [_follow_merges(session, lead_id) for lead_id in sorted(leads)]
    live = [lead for lead in live if lead is not None and lead.erased_at is None]
    if not live:
        return None, None
    kept = live[0]
    for other in live[1:]:
        if other.id != kept.id:
            _queue_duplicate(session, kept.id, other.id, {"shared_contact": 1.0})
    return kept, leads.get(kept.id, "merged")


def _follow_merges(session: Session, lead_id: int) -> Lead | None:
    lead = session.get(Lead, lead_id)
    hops = 0
    while lead is not None and lead.merged_into_id is not None and hops < 20:
        lead, hops = session.get(Lead, lead.merged_into_id), hops + 1
    return lead


def _queue_duplicate(session: Session, lead_id: int, other_id: int, parts: dict[str, float]) -> None:
    low, high = sorted((lead_id, other_id))
    exists = session.scalar(select(DuplicateCandidate.id).where(
        DuplicateCandidate.lead_id == low, DuplicateCandidate.other_lead_id == high))
    if exists is None:
        session.add(DuplicateCandidate(lead_id=low, other_lead_id=high, score=1.0, parts=parts))


def _create_lead(session: Session, incoming: IncomingLead) -> Lead:
    lead = Lead(display_name=incoming.fields.get("name", ""), name_key=incoming.name_key,
                first_channel=incoming.channel, status="new", score=0)
    session.add(lead)
    session.flush()
    return lead


def _merge_fields(session: Session, lead: Lead, incoming: IncomingLead, submission_id: int) -> None:
    """Fill what is empty, keep history of every value; later answers win for volatile fields."""
    for name, value in incoming.fields.items():
        session.add(LeadValue(lead_id=lead.id, field=name, value=value, submission_id=submission_id))
        if name == "name":
            if not lead.display_name:
                lead.display_name, lead.name_key = value, incoming.name_key
        elif name == "company":
            if lead.company_id is None:
                lead.company = _company(session, value, incoming.company_key or "")
        elif name in LATEST_WINS or getattr(lead, name) is None:
            setattr(lead, name, value)


def _company(session: Session, name: str, key: str) -> Company | None:
    if not key:
        return None
    company = session.scalar(select(Company).where(Company.key == key))
    if company is None:
        company = Company(name=name, key=key)
        with session.begin_nested():
            session.add(company)
        # a concurrent worker creating the same key raises here and the batch retries the lead
    return company


def _add_contact_points(session: Session, lead: Lead, incoming: IncomingLead) -> None:
    """Add the incoming emails/phones no lead owns yet (one owned by another lead stays there)."""
    taken = {(row.kind, row.value) for row in session.execute(
        select(ContactPoint.kind, ContactPoint.value)
        .where(ContactPoint.value.in_([value for _, value, _ in incoming.contacts])))}
    for kind, value, raw in incoming.contacts:
        if (kind, value) not in taken:
            session.add(ContactPoint(lead_id=lead.id, kind=kind, value=value, raw_value=raw[:320]))


def _append_consents(session: Session, lead: Lead, incoming: IncomingLead, submission_id: int) -> None:
    for consent in incoming.consents:
        session.add(Consent(
            lead_id=lead.id,
            submission_id=submission_id,
            purpose=consent["purpose"],
            granted=bool(consent["granted"]),
            channel=incoming.channel,
            wording=consent["wording"],
            wording_version=consent["wording_version"],
            language=consent.get("language"),
            evidence=consent.get("evidence") or {},
            given_at=_parse_time(consent.get("given_at")),
        ))


def _append_interaction(session: Session, lead: Lead, incoming: IncomingLead, submission: Submission) -> None:
    occurred = submission.created_at or utcnow()
    session.add(Interaction(
        lead_id=lead.id,
        submission_id=submission.id,
        channel=incoming.channel,
        occurred_at=occurred,
        summary=_summary(incoming),
        raw_text=incoming.raw_text,
    ))
    lead.last_interaction_at = occurred


def _summary(incoming: IncomingLead) -> str:
    text = incoming.fields.get("interest") or incoming.raw_text or ""
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def _parse_time(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
    return datetime.now(timezone.utc)
