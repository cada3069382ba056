"""Data-subject rights: find a person, tell them what we hold, erase them.

One implementation for every caller: the dashboard, ``captura access`` /
``captura erase``, and the bot's ``/mydata`` and ``/forget``. Erasure removes
personal data from every table — contact points, field history,
interactions, consent evidence, raw submission payloads (also of submissions
still waiting in the queue), match keys, merge snapshots, chat states — and
leaves the lead row as an anonymous tombstone plus an audit event that holds
counts, never the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from nlp.contact import InvalidContact, normalize_email, normalize_phone
from nlp.fields import COLUMN_FIELDS
from store.models import (
    AuditEvent,
    Consent,
    ContactPoint,
    Conversation,
    DuplicateCandidate,
    Interaction,
    Lead,
    LeadValue,
    MatchKey,
    Merge,
    Submission,
    utcnow,
)

ERASED_PAYLOAD: dict[str, Any] = {"erased": True}


@dataclass
class ErasureReport:
    """What an erasure removed, by table; safe to print and to audit (no personal data)."""

    lead_ids: list[int] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int) -> None:
        self.removed[table] = self.removed.get(table, 0) + count


def contact_keys(identifier: str, region: str | None) -> list[tuple[str, str]]:
    """Read an email or a phone number typed by an admin as store keys; empty when neither."""
    identifier = identifier.strip()
    if "@" in identifier:
        try:
            return [("email", normalize_email(identifier))]
        except InvalidContact:
            return []
    try:
        return [("phone", normalize_phone(identifier, region))]
    except InvalidContact:
        return []


def find_lead_ids(session: Session, *, keys: Iterable[tuple[str, str]] = (),
                  source_refs: Iterable[str] = ()) -> list[int]:
    """Every lead of the person: by contact keys or submission source, plus leads merged into those."""
    conditions = [(ContactPoint.kind == kind) & (ContactPoint.value == value) for kind, value in keys]
    found: set[int] = set()
    if conditions:
        found |= set(session.scalars(select(ContactPoint.lead_id).where(or_(*conditions))))
    refs = list(source_refs)
    if refs:
        found |= {lead_id for lead_id in session.scalars(
            select(Submission.lead_id).where(Submission.source_ref.in_(refs))) if lead_id is not None}
    return sorted(_with_merged(session, found))


def _with_merged(session: Session, lead_ids: set[int]) -> set[int]:
    frontier, seen = set(lead_ids), set(lead_ids)
    while frontier:
        linked = set(session.scalars(select(Lead.id).where(Lead.merged_into_id.in_(frontier))))
        linked |= {i for i in session.scalars(select(Lead.merged_into_id).where(Lead.id.in_(frontier))) if i}
        frontier = linked - seen
        seen |= linked
    return seen


def access_report(session: Session, lead_ids: list[int]) -> dict[str, Any]:
    """Everything held about these leads, as JSON-ready data (the right of access)."""
    return {"leads": [_lead_report(session, lead_id) for lead_id in lead_ids]}


def _lead_report(session: Session, lead_id: int) -> dict[str, Any]:
    lead = session.get(Lead, lead_id)
    assert lead is not None
    return {
        "id": lead.id,
        "name": lead.display_name,
        "company": lead.company.name if lead.company else None,
        **{name: getattr(lead, name) for name in COLUMN_FIELDS},
        "language": lead.language, "status": lead.status, "notes": lead.notes,
        "created_at": _iso(lead.created_at), "erased_at": _iso(lead.erased_at),
        "contact_points": [{"kind": c.kind, "value": c.value, "as_given": c.raw_value}
                           for c in _rows(session, ContactPoint, lead_id)],
        "field_history": [{"field": v.field, "value": v.value, "recorded_at": _iso(v.recorded_at)}
                          for v in _rows(session, LeadValue, lead_id)],
        "consents": [{"purpose": c.purpose, "granted": c.granted, "channel": c.channel,
                      "wording": c.wording, "wording_version": c.wording_version,
                      "given_at": _iso(c.given_at), "evidence": c.evidence}
                     for c in _rows(session, Consent, lead_id)],
        "interactions": [{"channel": i.channel, "occurred_at": _iso(i.occurred_at), "summary": i.summary,
                          "text": i.raw_text} for i in _rows(session, Interaction, lead_id)],
    }


def _rows(session: Session, model: Any, lead_id: int) -> list[Any]:
    return list(session.scalars(select(model).where(model.lead_id == lead_id).order_by(model.id)))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def erase_leads(session: Session, lead_ids: list[int], *, actor: str, region: str | None = None,
                extra_keys: Iterable[tuple[str, str]] = (), chat_keys: Iterable[tuple[str, str]] = ()
                ) -> ErasureReport:
    """Erase these leads' personal data everywhere; the caller commits.

    ``extra_keys`` are the person's contact keys, used to also erase
    submissions still pending in the queue (not yet linked to a lead);
    ``chat_keys`` are ``(channel, chat_key)`` conversation states to drop.
    """
    report = ErasureReport(lead_ids=list(lead_ids))
    keys = set(extra_keys) | _keys_of(session, lead_ids)
    for model in (ContactPoint, LeadValue, Interaction, Consent, MatchKey):
        report.add(model.__tablename__, _delete(session, model, model.lead_id.in_(lead_ids)))
    report.add("duplicate_candidates", _delete(session, DuplicateCandidate, or_(
        DuplicateCandidate.lead_id.in_(lead_ids), DuplicateCandidate.other_lead_id.in_(lead_ids))))
    report.add("merges", session.execute(update(Merge).where(or_(
        Merge.kept_lead_id.in_(lead_ids), Merge.merged_lead_id.in_(lead_ids))).values(snapshot={})).rowcount)
    report.add("submissions", _erase_submissions(session, lead_ids, keys, region))
    for channel, chat_key in chat_keys:
        report.add("conversations", _delete(session, Conversation, (Conversation.channel == channel)
                                            & (Conversation.chat_key == chat_key)))
    _tombstone(session, lead_ids)
    session.add(AuditEvent(actor=actor, action="person.erased", lead_id=lead_ids[0] if lead_ids else None,
                           details={"lead_ids": lead_ids, "removed": report.removed}))
    return report


def _keys_of(session: Session, lead_ids: list[int]) -> set[tuple[str, str]]:
    rows = session.execute(select(ContactPoint.kind, ContactPoint.value).where(ContactPoint.lead_id.in_(lead_ids)))
    return {(row.kind, row.value) for row in rows}


def _delete(session: Session, model: Any, condition: Any) -> int:
    return session.execute(delete(model).where(condition)).rowcount or 0


def _erase_submissions(session: Session, lead_ids: list[int], keys: set[tuple[str, str]],
                       region: str | None) -> int:
    """Blank the payloads of the person's submissions, stored or still waiting for the worker."""
    stored = list(session.scalars(select(Submission).where(Submission.lead_id.in_(lead_ids))))
    waiting = [s for s in session.scalars(select(Submission).where(Submission.status.in_(("pending", "failed"))))
               if _payload_keys(s.payload, region) & keys]
    for submission in {s.id: s for s in stored + waiting}.values():
        submission.payload, submission.source_ref = dict(ERASED_PAYLOAD), None
        if submission.status in ("pending", "failed"):
            submission.status, submission.error = "rejected", "erased at the person's request"
    return len({s.id for s in stored + waiting})


def _payload_keys(payload: dict[str, Any], region: str | None) -> set[tuple[str, str]]:
    values = [payload.get(kind) for kind in ("email", "phone")]
    return {key for value in values if isinstance(value, str) for key in contact_keys(value, region)}


def _tombstone(session: Session, lead_ids: list[int]) -> None:
    session.execute(update(Lead).where(Lead.id.in_(lead_ids)).values(
        display_name="", name_key="", company_id=None, **dict.fromkeys(COLUMN_FIELDS),
        notes=None, language=None, erased_at=utcnow()))


def withdraw_consent(session: Session, lead_ids: list[int], *, purpose: str, channel: str, actor: str,
                     evidence: dict[str, Any]) -> int:
    """Record a withdrawal as a new consent event (the ledger is append-only); returns how many."""
    now = utcnow()
    for lead_id in lead_ids:
        session.add(Consent(lead_id=lead_id, purpose=purpose, granted=False, channel=channel,
                            wording=f"Consent for {purpose} withdrawn", wording_version="withdrawal",
                            evidence=evidence, given_at=now))
        session.add(AuditEvent(actor=actor, action="consent.withdrawn", lead_id=lead_id,
                               details={"purpose": purpose, "channel": channel}))
    return len(lead_ids)
