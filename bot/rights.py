"""/mydata and /forget: the data-subject rights a chat can exercise, through ``store.privacy``.

A chat proves who wrote in it, not who owns an email address: anyone can
type someone else's address, and intake then merges that submission into
the owner's lead. So a chat sees only what *it* gave (the contact points,
name and other values of its own submissions, the consents it answered),
and erases only leads that hold nothing but its own submissions; for a lead
shared with other sources it withdraws the consent (an append-only event
the team sees) instead of erasing someone else's data from a chat window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.answers import fold
from captura.consent import CONTACT
from nlp.fields import VALUE_FIELDS as NON_CONTACT_FIELDS
from store.models import Submission
from store.privacy import ERASED_PAYLOAD, access_report, contact_keys, erase_leads, find_lead_ids, withdraw_consent

VALUE_FIELDS = NON_CONTACT_FIELDS  # the register's values held on the lead (nlp.fields)
WAITING = ("pending", "failed")


@dataclass(frozen=True)
class Holdings:
    """What the store holds that this chat gave: one dict per lead, plus requests not processed yet."""

    leads: list[dict[str, Any]]
    waiting: int


@dataclass(frozen=True)
class Forgotten:
    erased_leads: int
    withdrawn_leads: int


def what_we_hold(session: Session, source_ref: str, region: str | None) -> Holdings:
    """The right of access for a chat: ``access_report`` of its leads, limited to what the chat gave."""
    submissions = _submissions(session, source_ref)
    keys, values = _given(submissions, region)
    report = access_report(session, find_lead_ids(session, source_refs=[source_ref]))
    leads = []
    for lead in report["leads"]:
        if lead["erased_at"]:
            continue
        shown = {name: lead[name] for name in VALUE_FIELDS if lead.get(name) and fold(lead[name]) in values}
        shown["contact_points"] = [p for p in lead["contact_points"] if (p["kind"], p["value"]) in keys]
        shown["consents"] = [c for c in lead["consents"] if (c["evidence"] or {}).get("source_ref") == source_ref]
        leads.append(shown)
    return Holdings(leads, sum(s.status in WAITING for s in submissions))


def forget_chat(session: Session, channel: str, chat_key: str, *, region: str | None,
                evidence: dict[str, Any]) -> Forgotten:
    """Erase this chat's own leads and waiting requests everywhere; withdraw consent on shared leads."""
    source_ref = f"{channel}:{chat_key}"
    submissions = _submissions(session, source_ref)
    waiting_keys, _ = _given([s for s in submissions if s.status in WAITING], region)
    lead_ids = find_lead_ids(session, source_refs=[source_ref])
    own = [lead_id for lead_id in lead_ids if _only_from(session, lead_id, source_ref)]
    shared = [lead_id for lead_id in lead_ids if lead_id not in own]
    if own or waiting_keys:
        erase_leads(session, own, actor=f"{channel}:forget", region=region, extra_keys=waiting_keys,
                    chat_keys=[(channel, chat_key)])
    if shared:
        withdraw_consent(session, shared, purpose=CONTACT, channel=channel, actor=f"{channel}:forget",
                         evidence={"source_ref": source_ref, "request": "/forget", **evidence})
    return Forgotten(len(own), len(shared))


def _submissions(session: Session, source_ref: str) -> list[Submission]:
    return list(session.scalars(select(Submission).where(Submission.source_ref == source_ref)))


def _given(submissions: list[Submission], region: str | None) -> tuple[set[tuple[str, str]], set[str]]:
    """The contact keys and field values the chat itself typed, from its submissions' payloads."""
    keys: set[tuple[str, str]] = set()
    values: set[str] = set()
    for submission in submissions:
        payload = submission.payload or {}
        for kind in ("email", "phone"):
            if isinstance(payload.get(kind), str):
                keys |= set(contact_keys(payload[kind], region))
        values |= {fold(payload[name]) for name in VALUE_FIELDS if isinstance(payload.get(name), str)}
    return keys, values


def _only_from(session: Session, lead_id: int, source_ref: str) -> bool:
    """True when every submission behind the lead came from this chat (or was already erased)."""
    rows = session.execute(select(Submission.source_ref, Submission.payload).where(Submission.lead_id == lead_id))
    refs = [row.source_ref for row in rows if row.payload != ERASED_PAYLOAD]
    return bool(refs) and all(ref == source_ref for ref in refs)
