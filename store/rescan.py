"""Re-scan the whole store for duplicates that ingest missed (older data, imports, two new leads of one batch).

The batch clusterer's blocking (``store.blocking.candidate_pairs``) runs over
every live lead; each pair the matcher does not call "distinct" becomes a
review pair in ``duplicate_candidates``, with the matcher's reasons. The live
companies get the same treatment (``company_duplicates``). Nothing is merged here: a person decides in the
dashboard (a merge there is lossless and can be undone). Pairs already in
the queue, open or decided, are not queued again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.blocking import GenericKeys, candidate_pairs, firm_keys
from store.clustering import ClusterConfig
from store.companies import add_company_keys, firm, queue_company_pair
from store.matching import LeadRecord, MatchScore, Thresholds, match_keys, score_pair
from store.models import Company, CompanyMatchKey, ContactPoint, DuplicateCandidate, Lead, utcnow


@dataclass
class RescanReport:
    leads: int = 0
    queued: int = 0
    companies: int = 0
    companies_queued: int = 0


def live_lead_records(session: Session) -> list[LeadRecord]:
    """Every live (not merged, not erased) lead as the matcher sees it, with its first email and phone."""
    contacts: dict[int, dict[str, str]] = {}
    for row in session.execute(select(ContactPoint.lead_id, ContactPoint.kind, ContactPoint.value)
                               .order_by(ContactPoint.id)):
        contacts.setdefault(row.lead_id, {}).setdefault(row.kind, row.value)
    rows = session.execute(
        select(Lead.id, Lead.display_name, Lead.city, Company.name.label("company"))
        .outerjoin(Company, Company.id == Lead.company_id)
        .where(Lead.merged_into_id.is_(None), Lead.erased_at.is_(None)).order_by(Lead.id))
    return [LeadRecord(id=row.id, name=row.display_name or None, company=row.company, city=row.city,
                       email=contacts.get(row.id, {}).get("email"), phone=contacts.get(row.id, {}).get("phone"))
            for row in rows]


def rescan_duplicates(session: Session, *, region: str | None, thresholds: Thresholds,
                      progress: Callable[[str], None] | None = None) -> RescanReport:
    """Queue every likely duplicate pair of the store ("same" or "review") for a person; the caller commits."""
    report_line = progress or (lambda _line: None)
    records = live_lead_records(session)
    keys = [match_keys(record, region) for record in records]
    config = ClusterConfig(region=region, thresholds=thresholds, workers=1)
    pairs = sorted(candidate_pairs(keys, GenericKeys.from_keys(keys, config.max_names_per_contact), config.limits))
    report_line(f"{len(records)} leads, {len(pairs)} candidate pairs")
    known = {(row.lead_id, row.other_lead_id) for row in session.execute(
        select(DuplicateCandidate.lead_id, DuplicateCandidate.other_lead_id))}
    report = RescanReport(leads=len(records))
    report.companies, report.companies_queued = rescan_companies(session, thresholds)
    for first, second in pairs:
        low, high = sorted((records[first].id, records[second].id))
        if (low, high) in known:
            continue
        result = score_pair(keys[first], keys[second], thresholds, region=region)
        if result.decision != "distinct":
            _queue(session, low, high, result)
            known.add((low, high))
            report.queued += 1
    return report


def rescan_companies(session: Session, thresholds: Thresholds) -> tuple[int, int]:
    """Index the live companies' names that are not indexed yet (companies stored before migration 0005),
    and queue every pair of live companies the matcher does not call "distinct"; (companies, pairs queued)."""
    companies = session.execute(select(Company.id, Company.name).where(Company.merged_into_id.is_(None))
                                .order_by(Company.id)).all()
    indexed = set(session.scalars(select(CompanyMatchKey.company_id).distinct()))
    keys = [firm(row.name) for row in companies]
    add_company_keys(session, {row.id: firm_keys(key.company) for row, key in zip(companies, keys, strict=True)
                               if row.id not in indexed})
    queued = 0
    for first, second in sorted(candidate_pairs(keys)):
        result = score_pair(keys[first], keys[second], thresholds)
        if result.decision != "distinct":
            queued += queue_company_pair(session, companies[first].id, companies[second].id, result)
    return len(companies), queued


def _queue(session: Session, lead_id: int, other_id: int, result: MatchScore) -> None:
    session.add(DuplicateCandidate(
        lead_id=lead_id, other_lead_id=other_id, score=round(result.score, 4), status="open",
        parts=result.stored_parts(),
        created_at=utcnow()))
