"""Companies as entities: the leads of one firm point to one ``companies`` row, however they wrote its name.

Ingest finds a lead's company in three steps: the folded key (``company_key``)
of a live company; otherwise the companies sharing a blocking key of the name
(``company_match_keys``, read capped per key like ``match_keys``), scored with
the same matcher as leads and batch ``captura dedupe`` (a record holding only a
firm's name); otherwise a new company. A candidate scored "same" takes the lead;
one scored "review" gets a new company and the pair goes to the duplicates queue
(``company_duplicates``), where a person merges the two (``merge_companies``,
undoable: ``undo_company_merge``) or keeps them apart.

Free of Flask: ingest, the dashboard and ``captura duplicates scan`` call it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from store.blocking import firm_keys
from store.candidates import newest_per_key
from store.db import insert_rows
from store.matching import MatchKeys, MatchScore, Thresholds, score_pair
from store.merge import MergeError
from store.models import AuditEvent, Company, CompanyDuplicate, CompanyMatchKey, CompanyMerge, Lead, utcnow
from store.normalize import parse_company

MAX_MERGE_HOPS = 20


class CompanyError(MergeError):
    """A company merge, undo or decision that cannot be done now (unknown, already merged, undone…)."""


def firm(name: str) -> MatchKeys:
    """A company's name as the matcher reads a record holding nothing else."""
    return MatchKeys(company=parse_company(name))


def ensure_companies(session: Session, names: dict[str, str], thresholds: Thresholds) -> dict[str, int]:
    """Company ids for the batch's company names (folded key → name as written), creating what is new.

    A key of a live company is that company; a merged company's key leads to the company it was
    merged into. A new key is compared with the companies sharing a blocking key with it and with
    the batch's earlier new names: "same" joins, "review" creates the company and queues the pair.
    A fixed handful of statements per batch, whatever the number of names.
    """
    ids: dict[str, int] = _by_key(session, names)
    missing = {key: name for key, name in names.items() if key not in ids}
    if not missing:
        return ids
    stored, sharing = _stored_candidates(session, missing)
    created: dict[str, str] = {}  # key → name of the companies to insert
    pending: dict[str, int | str] = {}  # key → an existing id, or the key of a company being created
    reviews: list[tuple[int | str, str, MatchScore]] = []
    for key, name in missing.items():
        pool: list[tuple[int | str, str]] = [(company_id, stored[company_id]) for company_id in sorted(sharing[key])]
        pool += list(created.items())
        match = _best(firm(name), pool, thresholds)
        if match is not None and match[1].decision == "same":
            pending[key] = match[0]
            continue
        created[key] = name
        pending[key] = key
        if match is not None:
            reviews.append((match[0], key, match[1]))
    new_ids = _create(session, created)
    ids.update({key: new_ids[target] if isinstance(target, str) else target for key, target in pending.items()})
    for one, other, score in reviews:
        queue_company_pair(session, new_ids[one] if isinstance(one, str) else one, new_ids[other], score)
    return ids


def _by_key(session: Session, names: dict[str, str]) -> dict[str, int]:
    rows = session.execute(select(Company.key, Company.id).where(Company.key.in_(names)))
    found = {row.key: row.id for row in rows}
    live = live_companies(session, set(found.values()))
    return {key: live[company_id] for key, company_id in found.items()}


def _stored_candidates(session: Session, missing: dict[str, str]) -> tuple[dict[int, str], dict[str, set[int]]]:
    """Stored live companies (id → name) and, per new key, those sharing one of its blocking keys.

    Three statements: the capped blocks of every new name's keys, the merges, the names."""
    blocks = {key: firm_keys(parse_company(name)) for key, name in missing.items()}
    stored = newest_per_key(session, CompanyMatchKey, "company_id", set().union(*blocks.values()))
    live = live_companies(session, {company_id for ids in stored.values() for company_id in ids})
    names = dict(session.execute(select(Company.id, Company.name).where(
        Company.id.in_(set(live.values())))).all())
    by_key = {key: {live[company_id] for block in keys for company_id in stored.get(block, ())}
              for key, keys in blocks.items()}
    return names, by_key


def _best(keys: MatchKeys, pool: list[tuple[int | str, str]], thresholds: Thresholds
          ) -> tuple[int | str, MatchScore] | None:
    """The candidate scoring highest ("same" or "review"), ties to the first; None when all are distinct."""
    best: tuple[int | str, MatchScore] | None = None
    for candidate, name in pool:
        result = score_pair(keys, firm(name), thresholds)
        if result.decision != "distinct" and (best is None or result.score > best[1].score):
            best = (candidate, result)
    return best


def _create(session: Session, created: dict[str, str]) -> dict[str, int]:
    """Insert the new companies (one statement) and index their names; key → id."""
    if not created:
        return {}
    now = utcnow()
    rows = session.execute(insert(Company).returning(Company.key, Company.id),
                           [{"key": key, "name": name, "created_at": now} for key, name in created.items()])
    ids = {row.key: row.id for row in rows}
    add_company_keys(session, {ids[key]: firm_keys(parse_company(name)) for key, name in created.items()})
    return ids


def add_company_keys(session: Session, keys_by_company: dict[int, set[str]]) -> None:
    """Index the blocking keys of these companies' names."""
    insert_rows(session, CompanyMatchKey.__table__, [
        {"company_id": company_id, "key": key[:400]} for company_id, keys in keys_by_company.items()
        for key in sorted(keys)])


def live_companies(session: Session, company_ids: Iterable[int]) -> dict[int, int]:
    """Map each company to the live company it was merged into (itself if not merged)."""
    target: dict[int, int | None] = {}
    wanted = set(company_ids)
    for _ in range(MAX_MERGE_HOPS):
        missing = wanted - target.keys()
        if not missing:
            break
        target.update(session.execute(select(Company.id, Company.merged_into_id)
                                      .where(Company.id.in_(missing))).all())
        wanted = {merged for merged in target.values() if merged is not None}
    resolved = {}
    for company_id in company_ids:
        current = company_id
        for _ in range(MAX_MERGE_HOPS):
            if target.get(current) is None:
                break
            current = target[current]  # type: ignore[assignment]
        resolved[company_id] = current
    return resolved


def queue_company_pair(session: Session, one: int, other: int, score: MatchScore) -> bool:
    """Put a pair of companies in the duplicates queue once (open or decided); True when queued now."""
    low, high = sorted((one, other))
    if low == high or session.scalar(select(CompanyDuplicate.id).where(
            CompanyDuplicate.company_id == low, CompanyDuplicate.other_company_id == high)) is not None:
        return False
    session.add(CompanyDuplicate(company_id=low, other_company_id=high, score=round(score.score, 4),
                                 parts=score.stored_parts(), status="open", created_at=utcnow()))
    session.flush()
    return True


# ---------------------------------------------------------------- a person decides


def merge_companies(session: Session, kept_id: int, merged_id: int, *, actor: str,
                    staff_id: int | None = None) -> CompanyMerge:
    """Merge company ``merged_id`` into ``kept_id``: its leads move, it points at the kept one; the caller commits."""
    kept, merged = session.get(Company, kept_id), session.get(Company, merged_id)
    if kept is None or merged is None or kept_id == merged_id:
        raise CompanyError("choose two different companies")
    if kept.merged_into_id is not None or merged.merged_into_id is not None:
        raise CompanyError("one of the companies was already merged into another")
    moved = list(session.scalars(select(Lead.id).where(Lead.company_id == merged_id).order_by(Lead.id)))
    session.execute(update(Lead).where(Lead.id.in_(moved)).values(company_id=kept_id))
    merged.merged_into_id = kept_id
    decided = _decide(session, kept_id, merged_id, "merged", staff_id)
    merge = CompanyMerge(kept_company_id=kept_id, merged_company_id=merged_id, merged_by=actor,
                         snapshot={"moved_leads": moved, "candidates": decided})
    session.add(merge)
    session.flush()
    session.add(AuditEvent(actor=actor, action="company.merged",
                           details={"company_merge_id": merge.id, "kept_company_id": kept_id,
                                    "merged_company_id": merged_id, "leads": len(moved)}))
    return merge


def merge_company_pair(session: Session, candidate_id: int, kept_id: int, *, actor: str,
                       staff_id: int | None = None) -> CompanyMerge:
    """Merge an open pair of the queue, keeping ``kept_id`` (one of the two)."""
    candidate = _open(session, candidate_id)
    pair = {candidate.company_id, candidate.other_company_id}
    if kept_id not in pair:
        raise CompanyError("choose the company to keep among the two of the pair")
    (merged_id,) = pair - {kept_id}
    return merge_companies(session, kept_id, merged_id, actor=actor, staff_id=staff_id)


def undo_company_merge(session: Session, merge_id: int, *, actor: str) -> CompanyMerge:
    """Put the merged company back with the leads it had (those a person has not moved since)."""
    merge = session.get(CompanyMerge, merge_id)
    if merge is None or merge.undone_at is not None:
        raise CompanyError("that company merge does not exist or was already undone")
    merged = session.get(Company, merge.merged_company_id)
    if merged is None or merged.merged_into_id != merge.kept_company_id:
        raise CompanyError("that company has changed since the merge")
    session.execute(update(Lead).where(Lead.id.in_(merge.snapshot.get("moved_leads", [])),
                                       Lead.company_id == merge.kept_company_id)
                    .values(company_id=merge.merged_company_id))
    merged.merged_into_id = None
    session.execute(update(CompanyDuplicate).where(CompanyDuplicate.id.in_(merge.snapshot.get("candidates", [])))
                    .values(status="open", decided_at=None, decided_by=None))
    merge.undone_at = utcnow()
    session.add(AuditEvent(actor=actor, action="company.merge_undone",
                           details={"company_merge_id": merge.id, "merged_company_id": merge.merged_company_id}))
    return merge


def mark_companies_distinct(session: Session, candidate_id: int, *, staff_id: int | None, actor: str) -> None:
    """A person decided the pair are two firms: it leaves the queue."""
    candidate = _open(session, candidate_id)
    candidate.status, candidate.decided_at, candidate.decided_by = "distinct", utcnow(), staff_id
    session.add(AuditEvent(actor=actor, action="company.distinct",
                           details={"candidate_id": candidate.id, "company_id": candidate.company_id,
                                    "other_company_id": candidate.other_company_id}))


def _open(session: Session, candidate_id: int) -> CompanyDuplicate:
    candidate = session.get(CompanyDuplicate, candidate_id)
    if candidate is None or candidate.status != "open":
        raise CompanyError("that pair of companies is not open")
    return candidate


def _decide(session: Session, one: int, other: int, status: str, staff_id: int | None) -> list[int]:
    """Close the open candidates between two companies; their ids, for an undo."""
    low, high = sorted((one, other))
    ids = list(session.scalars(select(CompanyDuplicate.id).where(
        CompanyDuplicate.company_id == low, CompanyDuplicate.other_company_id == high,
        CompanyDuplicate.status == "open")))
    session.execute(update(CompanyDuplicate).where(CompanyDuplicate.id.in_(ids))
                    .values(status=status, decided_at=utcnow(), decided_by=staff_id))
    return ids
