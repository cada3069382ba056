"""Read side of the review dashboard: filters, the leads list, one lead's page, segments' counts.

A ``LeadFilter`` is the one description of "which leads": the list page
parses it from the query string, a segment stores it as JSON, the export
and ``captura export`` run it. Search folds accents and case the way ingest
folds the stored keys (``store.normalize``), so "garcia" finds "García" with
plain ``LIKE`` on ``leads.name_key``, ``companies.key`` and
``contact_points.value`` (trigram-indexed on PostgreSQL, migration 0002).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from nlp.contact import MAX_POSTCODE_LENGTH, InvalidContact, normalize_postcode
from store.merge import field_values
from store.models import (
    LEAD_STATUSES,
    STAFF_ROLES,
    SUBMISSION_STATUSES,
    AuditEvent,
    Company,
    CompanyDuplicate,
    CompanyMerge,
    Consent,
    ContactPoint,
    DuplicateCandidate,
    Interaction,
    Lead,
    LeadValue,
    Merge,
    Segment,
    StaffUser,
    Submission,
    utcnow,
)
from store.normalize import company_key, person_key
from store.text import is_whole_number

PAGE_SIZE = 50
MAX_PAGE = 2_000  # 100,000 leads at 50 a page; past that, narrow the filter
MAX_SEARCH = 200
COUNT_CAP = 1_000  # the list says "more than 1,000" rather than counting a huge result exactly
SEGMENT_COUNT_CAP = 1_000_000  # the segments page counts exactly
CONSENT_STATES = ("marketing", "no_marketing", "withdrawn")
SORTS = {
    "created": Lead.created_at,
    "last_interaction": Lead.last_interaction_at,
    "score": Lead.score,
    "name": func.lower(Lead.display_name),  # name_key is order-insensitive (sorted tokens): not for display order
    "status": Lead.status,
}
_DIGITS = re.compile(r"\D+")


class InvalidFilter(ValueError):
    """A filter value that cannot be used (bad date, unknown status, search too long…); maps to 400."""


@dataclass(frozen=True)
class LeadFilter:
    """Which leads: every field optional, all given ones must hold."""

    search: str = ""
    status: str | None = None
    channel: str | None = None
    owner: str | None = None  # a staff id, or "none" for unassigned
    score_min: int | None = None
    score_max: int | None = None
    consent: str | None = None
    created_from: date | None = None
    created_to: date | None = None
    inactive_months: int | None = None

    @classmethod
    def parse(cls, values: Mapping[str, Any]) -> LeadFilter:
        """Read a filter from strings (query string, CLI, segment JSON); InvalidFilter on bad values."""
        known = {f.name for f in fields(cls)}
        raw = {k: str(v).strip() for k, v in values.items() if k in known and v is not None and str(v).strip()}
        search = raw.get("search", "")
        if len(search) > MAX_SEARCH:
            raise InvalidFilter(f"the search is longer than {MAX_SEARCH} characters")
        return cls(
            search=search,
            status=_choice(raw, "status", LEAD_STATUSES),
            channel=_word(raw, "channel"),
            owner=_owner(raw.get("owner")),
            score_min=_int(raw, "score_min", 0, 100),
            score_max=_int(raw, "score_max", 0, 100),
            consent=_choice(raw, "consent", CONSENT_STATES),
            created_from=_date(raw, "created_from"),
            created_to=_date(raw, "created_to"),
            inactive_months=_int(raw, "inactive_months", 1, 240),
        )

    def as_json(self) -> dict[str, Any]:
        """The non-empty fields as JSON-ready strings/numbers (segments store this)."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items() if v not in (None, "")}

    def is_empty(self) -> bool:
        return not self.as_json()


def _choice(raw: dict[str, str], name: str, allowed: tuple[str, ...]) -> str | None:
    value = raw.get(name)
    if value is not None and value not in allowed:
        raise InvalidFilter(f"{name} must be one of: {', '.join(allowed)}")
    return value


def _word(raw: dict[str, str], name: str) -> str | None:
    value = raw.get(name)
    if value is not None and not re.fullmatch(r"[a-z_]{1,20}", value):
        raise InvalidFilter(f"{name} is not a known value")
    return value


def _owner(value: str | None) -> str | None:
    if value is None or value == "none" or is_whole_number(value, 9):
        return value
    raise InvalidFilter("owner must be a staff id or 'none'")


def _int(raw: dict[str, str], name: str, low: int, high: int) -> int | None:
    value = raw.get(name)
    if value is None:
        return None
    if not re.fullmatch(r"\d{1,6}", value) or not low <= int(value) <= high:
        raise InvalidFilter(f"{name} must be a whole number from {low} to {high}")
    return int(value)


def _date(raw: dict[str, str], name: str) -> date | None:
    value = raw.get(name)
    if value is None:
        return None
    try:
        parsed = date.fromisoformat(value[:10]) if len(value) <= 10 else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.year < 1970:
        raise InvalidFilter(f"{name} must be a date like 2026-01-31")
    return parsed


def live_leads() -> ColumnElement[bool]:
    """Leads a person works on: not merged into another, not erased."""
    return and_(Lead.merged_into_id.is_(None), Lead.erased_at.is_(None))


def latest_consent_granted(purpose: str) -> ColumnElement[bool]:
    """True when the lead's latest consent event for ``purpose`` is a grant (the ledger is append-only)."""
    later = aliased(Consent)
    return exists().where(
        Consent.lead_id == Lead.id, Consent.purpose == purpose, Consent.granted.is_(True),
        ~exists().where(later.lead_id == Consent.lead_id, later.purpose == purpose, later.id > Consent.id))


def _any_withdrawal() -> ColumnElement[bool]:
    return exists().where(Consent.lead_id == Lead.id, Consent.granted.is_(False))


def conditions(lead_filter: LeadFilter, *, now: datetime | None = None) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a filter, over ``Lead``."""
    where: list[ColumnElement[bool]] = [live_leads()]
    if lead_filter.search:
        where.append(_search(lead_filter.search))
    if lead_filter.status:
        where.append(Lead.status == lead_filter.status)
    if lead_filter.channel:
        where.append(Lead.first_channel == lead_filter.channel)
    if lead_filter.owner == "none":
        where.append(Lead.owner_id.is_(None))
    elif lead_filter.owner:
        where.append(Lead.owner_id == int(lead_filter.owner))
    if lead_filter.score_min is not None:
        where.append(Lead.score >= lead_filter.score_min)
    if lead_filter.score_max is not None:
        where.append(Lead.score <= lead_filter.score_max)
    where.extend(_consent_condition(lead_filter.consent))
    if lead_filter.created_from:
        where.append(Lead.created_at >= _start_of(lead_filter.created_from))
    if lead_filter.created_to:
        where.append(Lead.created_at < _start_of(lead_filter.created_to + timedelta(days=1)))
    if lead_filter.inactive_months:
        cutoff = (now or utcnow()) - timedelta(days=round(30.44 * lead_filter.inactive_months))
        where.append(or_(Lead.last_interaction_at < cutoff,
                         and_(Lead.last_interaction_at.is_(None), Lead.created_at < cutoff)))
    return where


def _consent_condition(state: str | None) -> list[ColumnElement[bool]]:
    if state == "marketing":
        return [latest_consent_granted("marketing")]
    if state == "no_marketing":
        return [~latest_consent_granted("marketing")]
    if state == "withdrawn":
        return [_any_withdrawal()]
    return []


def _search(text: str) -> ColumnElement[bool]:
    """Name, company, email, phone or postcode containing the text, folded the way ingest folds the stored keys.

    Names: every token of ``person_key(text)`` must occur in ``leads.name_key``
    (the key is order-insensitive, so "garcía maría" finds "María García").
    Companies: ``company_key(text)`` inside ``companies.key``. Emails: the
    lower-cased text. Phones: its digits, when there are at least three.
    Postcodes: the text as a postcode is written (upper case; "sw1a1aa" as "SW1A 1AA").
    """
    options: list[ColumnElement[bool]] = []
    tokens = person_key(text).split()
    if tokens:
        options.append(and_(*(Lead.name_key.contains(token, autoescape=True) for token in tokens)))
    company = company_key(text)
    if company:
        company_ids = select(Company.id).where(Company.key.contains(company, autoescape=True))
        options.append(Lead.company_id.in_(company_ids))
    email_like = text.strip().lower()
    if email_like:
        options.append(Lead.id.in_(select(ContactPoint.lead_id).where(
            ContactPoint.kind == "email", ContactPoint.value.contains(email_like, autoescape=True))))
    digits = _DIGITS.sub("", text)
    if len(digits) >= 3:
        options.append(Lead.id.in_(select(ContactPoint.lead_id).where(
            ContactPoint.kind == "phone", ContactPoint.value.contains(digits, autoescape=True))))
    postcode = _postcode_like(text)
    if postcode:
        options.append(Lead.postcode.contains(postcode, autoescape=True))
    return or_(*options) if options else Lead.id.is_(None)


def _postcode_like(text: str) -> str | None:
    """The searched text as stored postcodes are written, when it could be (part of) one: it has a digit."""
    compact = " ".join(text.upper().split())
    if not compact or len(compact) > MAX_POSTCODE_LENGTH or not any(ch.isdigit() for ch in compact):
        return None
    try:
        return normalize_postcode(compact)
    except InvalidContact:
        return compact


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def filtered(lead_filter: LeadFilter) -> Select[Any]:
    """``SELECT leads.id … WHERE <filter>``: the base of the list, the counts and the export."""
    return select(Lead.id).where(*conditions(lead_filter))


@dataclass(frozen=True)
class Sort:
    key: str = "created"
    descending: bool = True

    @classmethod
    def parse(cls, value: str | None) -> Sort:
        """"-created" (newest first, the default), "name", "-score"…; InvalidFilter when unknown."""
        value = (value or "-created").strip()
        key = value.lstrip("-")
        if key not in SORTS:
            raise InvalidFilter(f"sort must be one of: {', '.join(SORTS)} (with - for descending)")
        return cls(key, value.startswith("-"))

    def __str__(self) -> str:
        return ("-" if self.descending else "") + self.key

    def order_by(self) -> list[Any]:
        """The column, then the id as tie-breaker, both in one direction so one index serves them.

        Only ``last_interaction_at`` can be NULL: those leads go last either way.
        """
        column = SORTS[self.key]
        ordered = column.desc() if self.descending else column.asc()
        if self.key == "last_interaction":
            ordered = ordered.nulls_last()
        return [ordered, Lead.id.desc() if self.descending else Lead.id.asc()]

    def toggled(self, key: str) -> str:
        """The sort a column header links to: the other direction when it is the current column."""
        return str(Sort(key, not self.descending if key == self.key else key in ("created", "score",
                                                                                  "last_interaction")))


@dataclass(frozen=True)
class LeadRow:
    id: int
    name: str
    company: str | None
    email: str | None
    phone: str | None
    status: str
    score: int
    owner: str | None
    channel: str | None
    created_at: datetime
    last_interaction_at: datetime | None


@dataclass(frozen=True)
class LeadPage:
    rows: list[LeadRow]
    page: int
    total: int
    total_is_capped: bool
    has_next: bool


def list_leads(session: Session, lead_filter: LeadFilter, sort: Sort, page: int = 1) -> LeadPage:
    """One page of the filtered, sorted list, with the first email and phone of each lead."""
    if not 1 <= page <= MAX_PAGE:
        raise InvalidFilter(f"page must be from 1 to {MAX_PAGE}; narrow the filter to see further")
    order = sort.order_by()
    query = (select(Lead.id, Lead.display_name, Company.name.label("company"), Lead.status, Lead.score,
                    StaffUser.email.label("owner"), Lead.first_channel, Lead.created_at, Lead.last_interaction_at)
             .outerjoin(Company, Company.id == Lead.company_id).outerjoin(StaffUser, StaffUser.id == Lead.owner_id)
             .where(*conditions(lead_filter)).order_by(*order).limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE))
    results = session.execute(query).all()
    has_next, results = len(results) > PAGE_SIZE, results[:PAGE_SIZE]
    contacts = first_contacts(session, [row.id for row in results])
    rows = [LeadRow(row.id, row.display_name, row.company, *contacts.get(row.id, (None, None)), row.status,
                    row.score, row.owner, row.first_channel, row.created_at, row.last_interaction_at)
            for row in results]
    if has_next or (page > 1 and not rows):
        total, capped = count_leads(session, lead_filter)
    else:  # the last page tells the exact total for free
        total, capped = (page - 1) * PAGE_SIZE + len(rows), False
    return LeadPage(rows, page, total, capped, has_next)


def count_leads(session: Session, lead_filter: LeadFilter, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many leads match, counting at most ``cap`` (so a broad filter stays fast); (count, capped)."""
    limited = filtered(lead_filter).limit(cap + 1).subquery()
    count = session.scalar(select(func.count()).select_from(limited)) or 0
    return min(count, cap), count > cap


def first_contacts(session: Session, lead_ids: list[int]) -> dict[int, tuple[str | None, str | None]]:
    """The first email and the first phone of each lead."""
    found: dict[int, dict[str, str]] = {}
    if lead_ids:
        rows = session.execute(select(ContactPoint.lead_id, ContactPoint.kind, ContactPoint.value)
                               .where(ContactPoint.lead_id.in_(lead_ids)).order_by(ContactPoint.id))
        for row in rows:
            found.setdefault(row.lead_id, {}).setdefault(row.kind, row.value)
    return {lead_id: (kinds.get("email"), kinds.get("phone")) for lead_id, kinds in found.items()}


@dataclass
class LeadDetail:
    """Everything the lead page shows, loaded in a handful of queries."""

    lead: Lead
    contact_points: list[ContactPoint]
    interactions: list[Interaction]
    consents: list[Consent]
    history: list[LeadValue]
    audit: list[AuditEvent]
    owner: StaffUser | None
    merges: list[Merge] = field(default_factory=list)

    def latest_consent(self, purpose: str) -> Consent | None:
        matching = [c for c in self.consents if c.purpose == purpose]
        return matching[-1] if matching else None


def lead_detail(session: Session, lead_id: int) -> LeadDetail | None:
    """The lead with its contact points, timeline, consents, field history and audit trail; None if absent."""
    lead = session.get(Lead, lead_id)
    if lead is None:
        return None
    return LeadDetail(
        lead=lead,
        contact_points=_of_lead(session, ContactPoint, lead_id, ContactPoint.id),
        interactions=_of_lead(session, Interaction, lead_id, Interaction.occurred_at.desc()),
        consents=_of_lead(session, Consent, lead_id, Consent.id),
        history=_of_lead(session, LeadValue, lead_id, LeadValue.id),
        audit=list(session.scalars(select(AuditEvent).where(AuditEvent.lead_id == lead_id)
                                   .order_by(AuditEvent.id.desc()).limit(200))),
        owner=session.get(StaffUser, lead.owner_id) if lead.owner_id else None,
        merges=list(session.scalars(select(Merge).where(or_(Merge.kept_lead_id == lead_id,
                                                            Merge.merged_lead_id == lead_id)).order_by(Merge.id))),
    )


def _of_lead(session: Session, model: Any, lead_id: int, order: Any) -> list[Any]:
    return list(session.scalars(select(model).where(model.lead_id == lead_id).order_by(order)))


def assignable_staff(session: Session) -> list[StaffUser]:
    """Who can own a lead: active sales and admin staff."""
    roles = [role for role in STAFF_ROLES if role != "agent"]
    return list(session.scalars(select(StaffUser).where(StaffUser.active.is_(True), StaffUser.role.in_(roles))
                                .order_by(StaffUser.email)))


def open_duplicates(session: Session, limit: int = 100) -> list[DuplicateCandidate]:
    """Open candidate pairs whose leads are both still live, most certain first."""
    one, other = aliased(Lead), aliased(Lead)
    query = (select(DuplicateCandidate)
             .join(one, one.id == DuplicateCandidate.lead_id).join(other, other.id == DuplicateCandidate.other_lead_id)
             .where(DuplicateCandidate.status == "open",
                    one.merged_into_id.is_(None), one.erased_at.is_(None),
                    other.merged_into_id.is_(None), other.erased_at.is_(None))
             .order_by(DuplicateCandidate.score.desc(), DuplicateCandidate.id).limit(limit))
    return list(session.scalars(query))


def why(parts: dict[str, Any]) -> list[tuple[str, str, float]]:
    """A queued pair's reasons (field → [level, bits]) as rows, the fields that moved the score most first."""
    rows = [(name, str(value[0]), float(value[1])) for name, value in parts.items()
            if isinstance(value, (list, tuple)) and len(value) == 2]
    return sorted(rows, key=lambda row: (-abs(row[2]), row[0]))


@dataclass(frozen=True)
class DuplicatePair:
    """An open candidate with both leads' fields and first contacts, for the side-by-side view."""

    candidate: DuplicateCandidate
    one: Lead
    other: Lead
    one_values: dict[str, str | None]
    other_values: dict[str, str | None]
    one_contacts: tuple[str | None, str | None]
    other_contacts: tuple[str | None, str | None]

    @property
    def why(self) -> list[tuple[str, str, float]]:
        return why(self.candidate.parts)


def duplicate_pairs(session: Session, limit: int = 100) -> list[DuplicatePair]:
    candidates = open_duplicates(session, limit)
    ids = [i for c in candidates for i in (c.lead_id, c.other_lead_id)]
    leads = {lead.id: lead for lead in session.scalars(select(Lead).where(Lead.id.in_(ids)))}
    contacts = first_contacts(session, ids)
    return [DuplicatePair(c, leads[c.lead_id], leads[c.other_lead_id], field_values(leads[c.lead_id]),
                          field_values(leads[c.other_lead_id]), contacts.get(c.lead_id, (None, None)),
                          contacts.get(c.other_lead_id, (None, None))) for c in candidates]


def recent_merges(session: Session, limit: int = 20) -> list[Merge]:
    return list(session.scalars(select(Merge).order_by(Merge.id.desc()).limit(limit)))


# ---------------------------------------------------------------- companies

PEOPLE_SHOWN = 50  # people listed on a company's page (and 5 in a pair of the duplicates page)


@dataclass(frozen=True)
class Person:
    """One of a company's people, as a company page lists them."""

    id: int
    name: str
    status: str
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class CompanyPeople:
    company: Company
    people: list[Person]
    count: int


def company_people(session: Session, company_ids: list[int], shown: int) -> dict[int, CompanyPeople]:
    """Each company with its live leads (the first ``shown``, oldest first) and how many there are."""
    companies = {c.id: c for c in session.scalars(select(Company).where(Company.id.in_(company_ids)))}
    counts = dict(session.execute(select(Lead.company_id, func.count()).where(
        Lead.company_id.in_(company_ids), live_leads()).group_by(Lead.company_id)).all())
    rank = func.row_number().over(partition_by=Lead.company_id, order_by=Lead.id).label("rank")
    ranked = select(Lead.id, Lead.company_id, Lead.display_name, Lead.status, rank).where(
        Lead.company_id.in_(company_ids), live_leads()).subquery()
    rows = session.execute(select(ranked).where(ranked.c.rank <= shown).order_by(ranked.c.id)).all()
    contacts = first_contacts(session, [row.id for row in rows])
    people: dict[int, list[Person]] = {company_id: [] for company_id in companies}
    for row in rows:
        people[row.company_id].append(Person(row.id, row.display_name, row.status,
                                             *contacts.get(row.id, (None, None))))
    return {company_id: CompanyPeople(company, people[company_id], counts.get(company_id, 0))
            for company_id, company in companies.items()}


@dataclass(frozen=True)
class CompanyPair:
    """An open pair of possibly duplicate companies, each with its people, for the duplicates page."""

    candidate: CompanyDuplicate
    one: CompanyPeople
    other: CompanyPeople

    @property
    def why(self) -> list[tuple[str, str, float]]:
        return why(self.candidate.parts)


def company_pairs(session: Session, limit: int = 100) -> list[CompanyPair]:
    """Open pairs whose companies are both live (not merged), most certain first."""
    one, other = aliased(Company), aliased(Company)
    candidates = list(session.scalars(
        select(CompanyDuplicate)
        .join(one, one.id == CompanyDuplicate.company_id).join(other, other.id == CompanyDuplicate.other_company_id)
        .where(CompanyDuplicate.status == "open", one.merged_into_id.is_(None), other.merged_into_id.is_(None))
        .order_by(CompanyDuplicate.score.desc(), CompanyDuplicate.id).limit(limit)))
    ids = [i for c in candidates for i in (c.company_id, c.other_company_id)]
    people = company_people(session, ids, shown=5)
    return [CompanyPair(c, people[c.company_id], people[c.other_company_id]) for c in candidates]


def recent_company_merges(session: Session, limit: int = 20) -> list[CompanyMerge]:
    return list(session.scalars(select(CompanyMerge).order_by(CompanyMerge.id.desc()).limit(limit)))


@dataclass(frozen=True)
class CompanyDetail:
    """A company's page: its people, the names they wrote it under, the companies merged into it."""

    company: Company
    people: CompanyPeople
    spellings: list[str]
    merged_from: list[Company]
    merges: list[CompanyMerge]
    open_pairs: int


def company_detail(session: Session, company_id: int) -> CompanyDetail | None:
    company = session.get(Company, company_id)
    if company is None:
        return None
    spellings = sorted(set(session.scalars(
        select(LeadValue.value).join(Lead, Lead.id == LeadValue.lead_id)
        .where(Lead.company_id == company_id, LeadValue.field == "company").limit(500))) - {company.name})
    pairs = select(func.count()).select_from(CompanyDuplicate).where(
        CompanyDuplicate.status == "open",
        or_(CompanyDuplicate.company_id == company_id, CompanyDuplicate.other_company_id == company_id))
    return CompanyDetail(
        company=company,
        people=company_people(session, [company_id], PEOPLE_SHOWN)[company_id],
        spellings=spellings,
        merged_from=list(session.scalars(select(Company).where(Company.merged_into_id == company_id)
                                         .order_by(Company.id))),
        merges=list(session.scalars(select(CompanyMerge).where(or_(
            CompanyMerge.kept_company_id == company_id, CompanyMerge.merged_company_id == company_id))
            .order_by(CompanyMerge.id))),
        open_pairs=session.scalar(pairs) or 0,
    )


@dataclass(frozen=True)
class SegmentCount:
    segment: Segment
    lead_filter: LeadFilter
    count: int
    capped: bool


def segments_with_counts(session: Session) -> list[SegmentCount]:
    """Every saved segment with how many live leads it holds now."""
    result = []
    for segment in session.scalars(select(Segment).order_by(Segment.name)):
        lead_filter = LeadFilter.parse(segment.filters)
        count, capped = count_leads(session, lead_filter, SEGMENT_COUNT_CAP)
        result.append(SegmentCount(segment, lead_filter, count, capped))
    return result


def segment_names(session: Session) -> list[str]:
    return list(session.scalars(select(Segment.name).order_by(Segment.name)))


def segment_filter(session: Session, name: str) -> LeadFilter | None:
    """The filter of the segment called ``name``; None when there is none."""
    segment = session.scalar(select(Segment).where(Segment.name == name))
    return LeadFilter.parse(segment.filters) if segment else None


def submission_counts(connection: Any) -> dict[str, int]:
    """Submissions by state (pending, stored, rejected, failed): ``captura status`` and the admin page."""
    counts = {row.status: row.count for row in connection.execute(
        select(Submission.status, func.count().label("count")).group_by(Submission.status))}
    return {state: counts.get(state, 0) for state in SUBMISSION_STATUSES}


def failed_submissions(session: Session, limit: int = 200) -> list[Submission]:
    """The newest failed submissions with their error, for an admin to read and retry."""
    return list(session.scalars(select(Submission).where(Submission.status == "failed")
                                .order_by(Submission.id.desc()).limit(limit)))
