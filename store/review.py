"""Write side of the review dashboard: what sales and admins change, each change audited.

Views call one function here per action; the caller commits (``unit_of_work``).
Audit details name fields and ids, never the values (notes may hold personal data).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import LEAD_STATUSES, AuditEvent, DuplicateCandidate, Lead, Segment, StaffUser, utcnow
from store.queries import LeadFilter
from store.scoring import Score, score_lead

MAX_NOTES = 10_000
# Offered on every store (created at start-up when missing; a user may delete or change them).
DEFAULT_SEGMENTS = {"Inactive for more than six months": {"inactive_months": 6}}
MAX_SEGMENT_NAME = 200


class ReviewError(ValueError):
    """An edit the store refuses (unknown status or owner, missing lead…); maps to 400 or 404."""


class LeadNotFound(ReviewError):
    """No live lead with that id."""


@dataclass(frozen=True)
class LeadChanges:
    status: str
    owner_id: int | None
    notes: str


def update_lead(session: Session, lead_id: int, changes: LeadChanges, *, actor: str) -> Score:
    """Apply a sales edit (status, owner, notes), audit what changed, rescore; returns the new score."""
    lead = session.get(Lead, lead_id)
    if lead is None or lead.merged_into_id is not None or lead.erased_at is not None:
        raise LeadNotFound(f"lead {lead_id} does not exist")
    if changes.status not in LEAD_STATUSES:
        raise ReviewError(f"status must be one of: {', '.join(LEAD_STATUSES)}")
    if changes.owner_id is not None and not _can_own(session, changes.owner_id):
        raise ReviewError("the owner must be an active sales or admin account")
    if len(changes.notes) > MAX_NOTES:
        raise ReviewError(f"notes are limited to {MAX_NOTES} characters")
    details: dict[str, Any] = {}
    if changes.status != lead.status:
        details["status"] = [lead.status, changes.status]
    if changes.owner_id != lead.owner_id:
        details["owner_id"] = [lead.owner_id, changes.owner_id]
    if (changes.notes or None) != lead.notes:
        details["notes"] = "changed"
    lead.status, lead.owner_id, lead.notes = changes.status, changes.owner_id, changes.notes or None
    if details:
        lead.updated_at = utcnow()
        session.add(AuditEvent(actor=actor, action="lead.edited", lead_id=lead.id, details=details))
    return score_lead(session, lead)


def _can_own(session: Session, staff_id: int) -> bool:
    user = session.get(StaffUser, staff_id)
    return user is not None and user.active and user.role in ("sales", "admin")


def mark_distinct(session: Session, candidate_id: int, *, staff_id: int, actor: str) -> None:
    """A person decided the pair are two people: the candidate leaves the queue."""
    candidate = session.get(DuplicateCandidate, candidate_id)
    if candidate is None or candidate.status != "open":
        raise LeadNotFound("that duplicate candidate is not open")
    candidate.status, candidate.decided_at, candidate.decided_by = "distinct", utcnow(), staff_id
    session.add(AuditEvent(actor=actor, action="duplicate.distinct", lead_id=candidate.lead_id,
                           details={"candidate_id": candidate.id, "other_lead_id": candidate.other_lead_id}))


def save_segment(session: Session, name: str, lead_filter: LeadFilter, *, staff_id: int, actor: str) -> Segment:
    """Save (or replace) the filter under ``name``."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_SEGMENT_NAME:
        raise ReviewError(f"give the segment a name of at most {MAX_SEGMENT_NAME} characters")
    if lead_filter.is_empty():
        raise ReviewError("a segment needs at least one filter")
    segment = session.scalar(select(Segment).where(Segment.name == name))
    if segment is None:
        segment = Segment(name=name, created_by=staff_id)
        session.add(segment)
    segment.filters = lead_filter.as_json()
    session.flush()
    session.add(AuditEvent(actor=actor, action="segment.saved", details={"segment_id": segment.id}))
    return segment


def ensure_default_segments(session: Session) -> int:
    """Create the default segments on a store that has no segments yet; returns how many were created."""
    if session.scalar(select(Segment.id).limit(1)) is not None:
        return 0
    session.add_all(Segment(name=name, filters=filters) for name, filters in DEFAULT_SEGMENTS.items())
    return len(DEFAULT_SEGMENTS)


def delete_segment(session: Session, segment_id: int, *, actor: str) -> None:
    segment = session.get(Segment, segment_id)
    if segment is None:
        raise LeadNotFound("that segment does not exist")
    session.delete(segment)
    session.add(AuditEvent(actor=actor, action="segment.deleted", details={"segment_id": segment_id}))


def record_access(session: Session, lead_ids: list[int], *, actor: str) -> None:
    """An access report was handed out: who, for which leads (no data)."""
    session.add(AuditEvent(actor=actor, action="person.accessed", lead_id=lead_ids[0] if lead_ids else None,
                           details={"lead_ids": lead_ids}))
