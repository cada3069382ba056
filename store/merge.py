"""Merge two leads into one without losing anything, and undo it.

``merge_leads`` moves everything of the merged lead (contact points,
consents, interactions, field history, match keys, submissions) to the kept
lead, records every current value of both leads in ``lead_values``, applies
the values a person chose to win, points the merged lead at the kept one
(``merged_into_id``) and writes a ``merges`` row whose snapshot names every
moved and added row and both leads' previous fields. ``undo_merge`` reads
that snapshot back. No row is deleted by a merge, so an undo is exact.

Erasure blanks merge snapshots (``store.privacy``): a merge of an erased
person cannot be undone, by design.

Free of Flask: the dashboard and the de-duplication worker both call it.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from nlp.fields import COLUMN_FIELDS
from store.models import (
    AuditEvent,
    Company,
    Consent,
    ContactPoint,
    DuplicateCandidate,
    Interaction,
    Lead,
    LeadValue,
    MatchKey,
    Merge,
    Submission,
    utcnow,
)
from store.normalize import company_key, person_key
from store.scoring import score_lead

MOVED_TABLES: dict[str, Any] = {
    "contact_points": ContactPoint,
    "consents": Consent,
    "interactions": Interaction,
    "lead_values": LeadValue,
    "match_keys": MatchKey,
    "submissions": Submission,
}
# Lead columns a merge may change, restored by an undo.
SNAPSHOT_COLUMNS = ("display_name", "name_key", "company_id", *COLUMN_FIELDS, "language", "status", "score",
                    "owner_id", "first_channel", "notes", "merged_into_id", "last_interaction_at")
# Fields a person can choose the winner of, as they are called in ``lead_values``.
CHOOSABLE_FIELDS = ("name", "company", *COLUMN_FIELDS, "language", "notes")
_DATETIME_COLUMNS = {"last_interaction_at"}


class MergeError(Exception):
    """The merge or its undo cannot be done now (already merged, erased, undone…)."""


class MergeNotFound(MergeError):
    """No such lead, merge or open candidate."""


class MergeChoiceError(MergeError):
    """The choices name something outside the pair (a form error, not a conflict)."""


def field_values(lead: Lead) -> dict[str, str | None]:
    """The lead's current value of each choosable field, as text."""
    return {
        "name": lead.display_name or None,
        "company": lead.company.name if lead.company else None,
        **{name: getattr(lead, name) for name in COLUMN_FIELDS},
        "language": lead.language, "notes": lead.notes,
    }


def merge_leads(session: Session, kept_id: int, merged_id: int, *, actor: str,
                winning_values: dict[str, str] | None = None) -> Merge:
    """Merge lead ``merged_id`` into ``kept_id``; the caller commits.

    ``winning_values`` maps a field (``CHOOSABLE_FIELDS``) to the value that
    should win; it must be one of the two leads' current values. Without a
    choice the kept lead's value stays, or the merged lead's fills a blank.
    """
    kept, merged = _live_pair(session, kept_id, merged_id)
    values = {"kept": field_values(kept), "merged": field_values(merged)}
    chosen = _choose(values, winning_values or {})
    snapshot: dict[str, Any] = {"kept": _columns(kept), "merged": _columns(merged), "moved": {}}
    for table, model in MOVED_TABLES.items():
        ids = list(session.scalars(select(model.id).where(model.lead_id == merged.id)))
        session.execute(update(model).where(model.id.in_(ids)).values(lead_id=kept.id))
        snapshot["moved"][table] = ids
    snapshot["added_values"] = _record_values(session, kept.id, values)
    _apply(session, kept, merged, chosen)
    merged.merged_into_id = kept.id
    snapshot["candidates"] = _decide_candidates(session, kept.id, merged.id, "merged")
    score_lead(session, kept)
    merge = Merge(kept_lead_id=kept.id, merged_lead_id=merged.id, snapshot=snapshot, merged_by=actor)
    session.add(merge)
    session.flush()
    session.add(AuditEvent(actor=actor, action="lead.merged", lead_id=kept.id,
                           details={"merge_id": merge.id, "merged_lead_id": merged.id,
                                    "chosen_fields": sorted(winning_values or {})}))
    return merge


def merge_candidate(session: Session, candidate_id: int, kept_id: int, winners: dict[str, int], *, actor: str,
                    staff_id: int | None = None) -> Merge:
    """Merge an open duplicate pair: ``kept_id`` stays, ``winners`` names, per field, the lead whose value wins."""
    candidate = session.get(DuplicateCandidate, candidate_id)
    if candidate is None or candidate.status != "open":
        raise MergeNotFound("that duplicate candidate is not open")
    pair = {candidate.lead_id, candidate.other_lead_id}
    if kept_id not in pair or not set(winners.values()) <= pair:
        raise MergeChoiceError("choose the kept lead and the winning values among the two leads of the pair")
    (merged_id,) = pair - {kept_id}
    values = {lead_id: field_values(session.get(Lead, lead_id)) for lead_id in pair}  # type: ignore[arg-type]
    winning = {name: values[lead_id][name] for name, lead_id in winners.items() if name in CHOOSABLE_FIELDS}
    merge = merge_leads(session, kept_id, merged_id, actor=actor,
                        winning_values={name: value for name, value in winning.items() if value is not None})
    candidate.decided_by = staff_id
    return merge


def _live_pair(session: Session, kept_id: int, merged_id: int) -> tuple[Lead, Lead]:
    if kept_id == merged_id:
        raise MergeError("a lead cannot be merged into itself")
    kept, merged = session.get(Lead, kept_id), session.get(Lead, merged_id)
    for lead, lead_id in ((kept, kept_id), (merged, merged_id)):
        if lead is None:
            raise MergeNotFound(f"lead {lead_id} does not exist")
        if lead.merged_into_id is not None or lead.erased_at is not None:
            raise MergeError(f"lead {lead_id} was already merged or erased")
    assert kept is not None and merged is not None
    return kept, merged


def _choose(values: dict[str, dict[str, str | None]], winning: dict[str, str]) -> dict[str, str | None]:
    chosen: dict[str, str | None] = {}
    for name in CHOOSABLE_FIELDS:
        kept_value, merged_value = values["kept"][name], values["merged"][name]
        if name in winning:
            if winning[name] not in (kept_value, merged_value):
                raise MergeError(f"the winning {name} must be the value of one of the two leads")
            chosen[name] = winning[name]
        else:
            chosen[name] = kept_value if kept_value else merged_value
    unknown = set(winning) - set(CHOOSABLE_FIELDS)
    if unknown:
        raise MergeError(f"unknown fields: {', '.join(sorted(unknown))}")
    return chosen


def _columns(lead: Lead) -> dict[str, Any]:
    return {name: _jsonable(getattr(lead, name)) for name in SNAPSHOT_COLUMNS}


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _record_values(session: Session, kept_id: int, values: dict[str, dict[str, str | None]]) -> list[int]:
    """Every current value of both leads as field history of the kept lead; returns the new rows' ids."""
    rows = [LeadValue(lead_id=kept_id, field=name, value=value)
            for side in ("kept", "merged") for name, value in values[side].items() if value]
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows]


def _apply(session: Session, kept: Lead, merged: Lead, chosen: dict[str, str | None]) -> None:
    kept.display_name = chosen["name"] or ""
    kept.name_key = person_key(chosen["name"])
    kept.company_id = _company_id_for(session, chosen["company"], kept, merged)
    for name in COLUMN_FIELDS:
        setattr(kept, name, chosen[name])
    kept.language, kept.notes = chosen["language"], chosen["notes"]
    kept.owner_id = kept.owner_id or merged.owner_id
    times = [t for t in (kept.last_interaction_at, merged.last_interaction_at) if t is not None]
    kept.last_interaction_at = max(times, key=_utc) if times else None


def _company_id_for(session: Session, name: str | None, kept: Lead, merged: Lead) -> int | None:
    if name is None:
        return None
    for lead in (kept, merged):
        if lead.company is not None and lead.company.name == name:
            return lead.company_id
    return session.scalar(select(Company.id).where(Company.key == company_key(name)))


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _decide_candidates(session: Session, kept_id: int, merged_id: int, status: str) -> list[dict[str, Any]]:
    """Close the open candidate pairs of these two leads; returns their previous states for an undo."""
    low, high = sorted((kept_id, merged_id))
    candidates = list(session.scalars(select(DuplicateCandidate).where(
        DuplicateCandidate.lead_id == low, DuplicateCandidate.other_lead_id == high)))
    previous = [{"id": c.id, "status": c.status} for c in candidates]
    for candidate in candidates:
        candidate.status, candidate.decided_at = status, utcnow()
    return previous


def undo_merge(session: Session, merge_id: int, actor: str) -> Merge:
    """Give the merged lead back everything the merge moved and restore both leads; the caller commits."""
    merge = session.get(Merge, merge_id)
    if merge is None:
        raise MergeNotFound(f"merge {merge_id} does not exist")
    if merge.undone_at is not None:
        raise MergeError("this merge was already undone")
    snapshot = merge.snapshot or {}
    kept, merged = session.get(Lead, merge.kept_lead_id), session.get(Lead, merge.merged_lead_id)
    if not snapshot or kept is None or merged is None or kept.erased_at or merged.erased_at:
        raise MergeError("this merge cannot be undone: the person's data was erased")
    if kept.merged_into_id is not None:
        raise MergeError("the kept lead was merged again since; undo that merge first")
    for table, ids in snapshot["moved"].items():
        model = MOVED_TABLES[table]
        session.execute(update(model).where(model.id.in_(ids)).values(lead_id=merged.id))
    session.execute(LeadValue.__table__.delete().where(LeadValue.id.in_(snapshot["added_values"])))
    _restore(kept, snapshot["kept"])
    _restore(merged, snapshot["merged"])
    for candidate in snapshot.get("candidates", []):
        session.execute(update(DuplicateCandidate).where(DuplicateCandidate.id == candidate["id"])
                        .values(status=candidate["status"], decided_at=None, decided_by=None))
    merge.undone_at = utcnow()
    session.add(AuditEvent(actor=actor, action="lead.merge_undone", lead_id=kept.id,
                           details={"merge_id": merge.id, "merged_lead_id": merged.id}))
    session.flush()
    return merge


def _restore(lead: Lead, columns: dict[str, Any]) -> None:
    for name, value in columns.items():
        if name in _DATETIME_COLUMNS and value is not None:
            value = datetime.fromisoformat(value)
        setattr(lead, name, value)
