"""Fuzzy candidates for incoming leads: the store side of ``store.matching``.

Exact keys (a personal email, a phone) find most returning people; the rest
("Jon Smith, Acme" from a new address, who may be the "John Smith" of "ACME
Inc.") are found here. Every lead's blocking keys live in the indexed
``match_keys`` table, so the candidates of a new lead are one indexed query,
capped per key, whatever the size of the store: ingest time per lead stays
flat as the store grows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import TextClause, case, func, or_, select, text
from sqlalchemy.orm import Session

from store.blocking import CONTACT_KEY_KINDS
from store.comparisons import NAMES_AGREE, compare_names
from store.db import insert_rows
from store.matching import (
    MAX_CANDIDATES_PER_KEY,
    GenericKeys,
    LeadRecord,
    MatchKeys,
    MatchScore,
    Thresholds,
    best_match,
    blocking_keys,
    match_keys,
)
from store.models import Company, ContactPoint, Lead, MatchKey

MAX_CANDIDATES_PER_NAME_KEY = 10
MAX_BATCH_CANDIDATES_PER_NAME_KEY = 3  # within one batch (BatchCandidates)
CONTACT_KEY_PREFIXES = tuple(f"{kind}:" for kind in CONTACT_KEY_KINDS)  # the rest are built on names, places, firms


@dataclass(frozen=True)
class FuzzyMatch:
    lead_id: int
    score: MatchScore


def keys_for(fields: dict[str, str], contacts: Iterable[tuple[str, str]], region: str | None) -> MatchKeys:
    """The matcher's view of a lead from its fields and its (kind, value) contacts."""
    by_kind: dict[str, str] = {}
    for kind, value in contacts:
        by_kind.setdefault(kind, value)
    record = LeadRecord(id=None, name=fields.get("name"), company=fields.get("company"),
                        email=by_kind.get("email"), phone=by_kind.get("phone"), city=fields.get("city"))
    return match_keys(record, region)


def names_agree(incoming: MatchKeys, stored: MatchKeys) -> bool:
    """May a shared phone or role inbox join these two? Yes unless both have names that disagree.

    A family phone, a switchboard or an info@ address is shared by different
    people: sharing it proves nothing when the names say otherwise.
    """
    if not incoming.has_name or not stored.has_name:
        return True
    return compare_names(incoming, stored) in NAMES_AGREE


def shared_by_many(keys: MatchKeys, pool: Iterable[tuple[int, MatchKeys]]) -> GenericKeys:
    """The contacts of this lead that many different names among its candidates also use (a switchboard):
    the same rule as batch mode, counted over the candidates the capped look-up returned."""
    return GenericKeys.from_keys([keys, *(other for _, other in pool)])


def stored_keys(session: Session, lead_ids: Iterable[int], region: str | None) -> dict[int, MatchKeys]:
    """MatchKeys of stored leads (name, company, city, first email and phone): two queries."""
    ids = set(lead_ids)
    if not ids:
        return {}
    rows = session.execute(select(Lead.id, Lead.display_name, Lead.city, Company.name.label("company"))
                           .outerjoin(Company, Company.id == Lead.company_id).where(Lead.id.in_(ids)))
    fields = {row.id: {"name": row.display_name, "city": row.city or "", "company": row.company or ""}
              for row in rows}
    contacts: dict[int, list[tuple[str, str]]] = {lead_id: [] for lead_id in fields}
    for row in session.execute(select(ContactPoint.lead_id, ContactPoint.kind, ContactPoint.value)
                               .where(ContactPoint.lead_id.in_(ids)).order_by(ContactPoint.id)):
        contacts[row.lead_id].append((row.kind, row.value))
    return {lead_id: keys_for(fields[lead_id], contacts[lead_id], region) for lead_id in fields}


def find_fuzzy_matches(session: Session, incoming: dict[int, MatchKeys], thresholds: Thresholds,
                       region: str | None, resolve: object) -> dict[int, FuzzyMatch]:
    """For each incoming record (by caller's index), the best stored lead scoring "same" or "review".

    ``resolve`` maps stored lead ids to the live lead they were merged into
    (None when erased), so a candidate is always a live lead.
    """
    blocks = {index: blocking_keys(keys) for index, keys in incoming.items()}
    wanted = set().union(*blocks.values()) if blocks else set()
    if not wanted:
        return {}
    leads_by_key = _leads_sharing(session, wanted)
    live = resolve({lead_id for ids in leads_by_key.values() for lead_id in ids})  # type: ignore[operator]
    candidates = stored_keys(session, {lead_id for lead_id in live.values() if lead_id is not None}, region)
    matches: dict[int, FuzzyMatch] = {}
    for index, keys in incoming.items():
        ids = {live[lead_id] for key in blocks[index] for lead_id in leads_by_key.get(key, ())}
        pool = [(lead_id, candidates[lead_id]) for lead_id in sorted(i for i in ids if i in candidates)]
        found = best_match(keys, pool, thresholds, region=region, generic=shared_by_many(keys, pool))
        if found is not None:
            matches[index] = FuzzyMatch(found[0], found[1])
    return matches


class BatchCandidates:
    """The records of the batch being stored, by blocking key: the store cannot show them yet.

    ``find_fuzzy_matches`` reads ``match_keys``, which a batch writes only at
    its end, so two new people in one batch (a bulk import, a burst) would
    never be compared. Each record is added here once its lead is known, and
    later records of the batch are scored against it with the same matcher.
    A contact key reads as many records as in the store; a key built on
    names only the batch's newest three: a person who writes twice in one
    burst does so close together, and a batch where a big company's staff
    all share a name key would otherwise double the scoring of every record.
    """

    def __init__(self) -> None:
        self._by_key: dict[str, list[tuple[int, MatchKeys]]] = {}

    def add(self, lead_id: int, keys: MatchKeys) -> None:
        for block in blocking_keys(keys):
            self._by_key.setdefault(block, []).append((lead_id, keys))

    def best(self, keys: MatchKeys, thresholds: Thresholds, region: str | None) -> FuzzyMatch | None:
        pool: dict[int, tuple[int, MatchKeys]] = {}
        for block in blocking_keys(keys):
            contact = block.startswith(CONTACT_KEY_PREFIXES)
            cap = MAX_CANDIDATES_PER_KEY if contact else MAX_BATCH_CANDIDATES_PER_NAME_KEY
            for lead_id, other in self._by_key.get(block, ())[-cap:]:
                pool[id(other)] = (lead_id, other)
        found = best_match(keys, pool.values(), thresholds, region=region, generic=shared_by_many(keys, pool.values()))
        return FuzzyMatch(found[0], found[1]) if found is not None else None


def _leads_sharing(session: Session, keys: set[str]) -> dict[str, list[int]]:
    """Lead ids per blocking key, the newest ``MAX_CANDIDATES_PER_KEY`` of each (``newest_per_key``)."""
    return newest_per_key(session, MatchKey, "lead_id", keys)


def newest_per_key(session: Session, model: Any, owner: str, keys: set[str]) -> dict[str, list[int]]:
    """Owner ids (``owner``: a lead's or a company's) per blocking key of a key table, the newest of each.

    A contact key reads up to ``MAX_CANDIDATES_PER_KEY`` rows; keys built on
    names ("gs:" name alone, "sc:" surname and company, "cw:" a firm's word…)
    grow with every common name and a big company's staff, and carry weaker
    evidence, so they get ``MAX_CANDIDATES_PER_NAME_KEY``, as in the batch
    clusterer; the newest rows of a block are the likeliest to be the same
    entity again. ``captura duplicates scan`` looks at whole blocks.
    On PostgreSQL each key is one backward scan of the ``(key, id)`` index
    that stops at its cap (a ``LATERAL`` join), so a block of a million rows
    costs what a block of forty does; SQLite ranks with a window function.
    """
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(_newest_per_key_postgres(model.__tablename__, owner), {"keys": sorted(keys)})
    else:
        key_column, owner_column = model.__table__.c.key, model.__table__.c[owner]
        rank = func.row_number().over(partition_by=key_column, order_by=model.__table__.c.id.desc()).label("rank")
        ranked = select(key_column, owner_column.label("owner"), rank).where(key_column.in_(sorted(keys))).subquery()
        contact_key = or_(*(ranked.c.key.like(f"{prefix}%") for prefix in CONTACT_KEY_PREFIXES))
        cap = case((contact_key, MAX_CANDIDATES_PER_KEY), else_=MAX_CANDIDATES_PER_NAME_KEY)
        rows = session.execute(select(ranked.c.key, ranked.c.owner).where(ranked.c.rank <= cap))
    found: dict[str, list[int]] = {}
    for row in rows:
        found.setdefault(row.key, []).append(row.owner)
    return found


@lru_cache(maxsize=4)
def _newest_per_key_postgres(table: str, owner: str) -> TextClause:
    contact_kinds = ", ".join(f"'{kind}'" for kind in CONTACT_KEY_KINDS)
    return text(f"""
        SELECT wanted.key AS key, newest.{owner} AS owner
        FROM unnest(CAST(:keys AS text[])) AS wanted(key)
        CROSS JOIN LATERAL (
            SELECT {table}.{owner} FROM {table} WHERE {table}.key = wanted.key
            ORDER BY {table}.id DESC
            LIMIT CASE WHEN split_part(wanted.key, ':', 1) IN ({contact_kinds})
                       THEN {MAX_CANDIDATES_PER_KEY} ELSE {MAX_CANDIDATES_PER_NAME_KEY} END
        ) AS newest
    """)


def add_match_keys(session: Session, keys_by_lead: dict[int, set[str]]) -> None:
    """Index new blocking keys of these leads (those already indexed are skipped)."""
    if not keys_by_lead:
        return
    existing = {(row.lead_id, row.key) for row in session.execute(
        select(MatchKey.lead_id, MatchKey.key).where(MatchKey.lead_id.in_(keys_by_lead)))}
    rows = [{"lead_id": lead_id, "key": key[:400]} for lead_id, keys in keys_by_lead.items()
            for key in sorted(keys) if (lead_id, key[:400]) not in existing]
    insert_rows(session, MatchKey.__table__, rows)
