"""The lead score, 0–100, as a sum of parts a sales person can read and argue with.

- completeness (25): how many of the register's scored fields we have (name, company, job title, city,
  interest, email, phone; ``nlp.fields``);
- verified contact points (15): the share of contact points someone verified;
- interest keywords (25): buying words in the interest and the conversations ("presupuesto", "quote"…);
- engagement (20): how many times the person reached out (4 points each, up to 5);
- recency (15): how recently they did.

``compute_score`` is pure (tests, the benchmark's loader); ``score_lead``
gathers the facts of one lead, stores the total on ``leads.score`` (the list
filters and sorts on it) and returns the parts for the lead page. Ingest and
every edit call it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nlp.fields import COLUMN_FIELDS, CONTACT_FIELDS, SCORED_FIELDS
from store.models import ContactPoint, Interaction, Lead, utcnow
from store.normalize import fold

WEIGHTS = {"completeness": 25, "verified": 15, "keywords": 25, "engagement": 20, "recency": 15}
KEYWORD_HITS_FOR_FULL = 3
ENGAGEMENT_PER_INTERACTION = 4
# Folded (no accents, lower case) so "cotización" and "Cotizacion" are one word.
INTEREST_KEYWORDS = frozenset({
    "presupuesto", "cotizacion", "precio", "precios", "tarifa", "comprar", "compra", "contratar", "contrato",
    "demo", "demostracion", "prueba", "urgente", "pedido", "licencias", "instalacion",
    "quote", "price", "pricing", "buy", "purchase", "contract", "trial", "urgent", "order", "licenses",
    "budget", "proposal", "installation",
})
RECENCY_STEPS = ((7, 15), (30, 12), (90, 8), (180, 4))  # (at most this many days ago, points)
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class LeadFacts:
    """What the score looks at, gathered from the store (or built directly in tests and the benchmark)."""

    present_fields: int  # of COMPLETENESS_FIELDS
    contact_points: int
    verified_contact_points: int
    texts: tuple[str, ...]
    interactions: int
    last_interaction_at: datetime | None


COMPLETENESS_FIELDS = SCORED_FIELDS  # the register's fields that say how complete a lead is (nlp.fields)


@dataclass(frozen=True)
class Score:
    total: int
    parts: dict[str, int] = field(default_factory=dict)

    def explained(self) -> list[tuple[str, int, int]]:
        """(part, points, out of) for display."""
        return [(name, self.parts.get(name, 0), weight) for name, weight in WEIGHTS.items()]


def keyword_hits(texts: tuple[str, ...]) -> int:
    """How many distinct buying words appear in the texts."""
    words: set[str] = set()
    for text in texts:
        words |= set(_WORD.findall(fold(text)))
    return len(words & INTEREST_KEYWORDS)


def compute_score(facts: LeadFacts, *, now: datetime | None = None) -> Score:
    now = now or utcnow()
    parts = {
        "completeness": round(WEIGHTS["completeness"] * facts.present_fields / len(COMPLETENESS_FIELDS)),
        "verified": round(WEIGHTS["verified"] * facts.verified_contact_points / facts.contact_points)
        if facts.contact_points else 0,
        "keywords": round(WEIGHTS["keywords"] * min(keyword_hits(facts.texts), KEYWORD_HITS_FOR_FULL)
                          / KEYWORD_HITS_FOR_FULL),
        "engagement": min(facts.interactions * ENGAGEMENT_PER_INTERACTION, WEIGHTS["engagement"]),
        "recency": _recency(facts.last_interaction_at, now),
    }
    return Score(total=max(0, min(100, sum(parts.values()))), parts=parts)


def _recency(last: datetime | None, now: datetime) -> int:
    if last is None:
        return 0
    days = (now - (last if last.tzinfo else last.replace(tzinfo=timezone.utc))).days
    return next((points for limit, points in RECENCY_STEPS if days <= limit), 0)


def lead_facts(session: Session, lead: Lead) -> LeadFacts:
    """The facts of one lead (the lead page, an edit)."""
    state = {name: getattr(lead, name) for name in LEAD_FIELDS}
    return facts_for(session, {lead.id: state})[lead.id]


LEAD_FIELDS = ("display_name", "company_id", *COLUMN_FIELDS, "last_interaction_at")
RECENT_TEXTS = 20


def facts_for(session: Session, leads: dict[int, dict]) -> dict[int, LeadFacts]:  # type: ignore[type-arg]
    """The facts of many leads in three queries (ingest scores a whole batch at once).

    ``leads`` maps each lead id to its current fields (``LEAD_FIELDS``), as
    the caller holds them, so values not yet written count too.
    """
    ids = list(leads)
    kinds: dict[int, list[tuple[str, bool]]] = {lead_id: [] for lead_id in ids}
    for row in session.execute(select(ContactPoint.lead_id, ContactPoint.kind, ContactPoint.verified)
                               .where(ContactPoint.lead_id.in_(ids))):
        kinds[row.lead_id].append((row.kind, row.verified))
    counts = dict(session.execute(select(Interaction.lead_id, func.count()).where(Interaction.lead_id.in_(ids))
                                  .group_by(Interaction.lead_id)).all())
    texts: dict[int, list[str]] = {lead_id: [] for lead_id in ids}
    rank = func.row_number().over(partition_by=Interaction.lead_id, order_by=Interaction.id.desc()).label("rank")
    recent = select(Interaction.lead_id, Interaction.raw_text, rank).where(
        Interaction.lead_id.in_(ids), Interaction.raw_text.is_not(None)).subquery()
    for row in session.execute(select(recent.c.lead_id, recent.c.raw_text).where(recent.c.rank <= RECENT_TEXTS)):
        if row.raw_text:
            texts[row.lead_id].append(row.raw_text)
    return {lead_id: _facts(leads[lead_id], kinds[lead_id], counts.get(lead_id, 0), texts[lead_id])
            for lead_id in ids}


def _facts(state: dict, kinds: list[tuple[str, bool]], interactions: int,  # type: ignore[type-arg]
           texts: list[str]) -> LeadFacts:
    present = {"name": bool(state["display_name"]), "company": state["company_id"] is not None,
               **{name: bool(state[name]) for name in COLUMN_FIELDS},
               **{kind: any(k == kind for k, _ in kinds) for kind in CONTACT_FIELDS}}
    return LeadFacts(present_fields=sum(present[name] for name in COMPLETENESS_FIELDS), contact_points=len(kinds),
                     verified_contact_points=sum(1 for _, verified in kinds if verified),
                     texts=(state["interest"] or "", *texts), interactions=interactions,
                     last_interaction_at=state["last_interaction_at"])


def current_score(session: Session, lead: Lead, *, now: datetime | None = None) -> Score:
    """The score with its parts, computed without writing (the lead page)."""
    return compute_score(lead_facts(session, lead), now=now)


def score_lead(session: Session, lead: Lead, *, now: datetime | None = None) -> Score:
    """Compute the lead's score, store the total on the lead (caller commits), return it with its parts."""
    session.flush()
    score = compute_score(lead_facts(session, lead), now=now)
    lead.score = score.total
    return score
