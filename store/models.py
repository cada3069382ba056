"""The shared SQL store: one schema for every door, on SQLite and PostgreSQL.

Table names are a contract (migrations, the dashboard, users' own reports
rely on them); change them only with a migration and a note.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

LEAD_STATUSES = ("new", "contacted", "qualified", "won", "lost")
SUBMISSION_STATUSES = ("pending", "stored", "rejected", "failed")
STAFF_ROLES = ("agent", "sales", "admin")


def utcnow() -> datetime:
    """Timezone-aware now; every timestamp in the store is UTC."""
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: DateTime(timezone=True), dict[str, Any]: JSON}


class StaffUser(Base):
    """A person of the company who signs in: agent, sales or admin."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of every session cookie: raising it ends all of the person's sessions (sign-out, new password, new role).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A password someone else chose (the first admin's, an admin's reset) must be replaced at the next sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RateLimit(Base):
    """One fixed-window counter: a door's posts from one address, or one address's failed sign-ins on one account.

    In the store so every web process sees the same count when there is no
    Redis; ``window_ends`` is in seconds since the epoch.
    """

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    window_ends: Mapped[float] = mapped_column(Float)


class Company(Base):
    """A company: the leads of one firm point to one row, however each of them wrote its name.

    ``key`` is the folded name it was first seen under (``store.normalize.company_key``);
    other spellings find it through ``company_match_keys`` and the matcher. A company merged
    into another points at it (``merged_into_id``), like a merged lead.
    """

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)


class CompanyMatchKey(Base):
    """Blocking keys of a company's name (``store.blocking``), so a new spelling finds it in one look-up."""

    __tablename__ = "company_match_keys"
    __table_args__ = (Index("ix_company_match_keys_key_id", "key", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    key: Mapped[str] = mapped_column(String(400))


class CompanyDuplicate(Base):
    """A pair of companies that may be one firm, waiting for a person to decide."""

    __tablename__ = "company_duplicates"
    __table_args__ = (UniqueConstraint("company_id", "other_company_id", name="uq_company_duplicates_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    other_company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    score: Mapped[float]
    parts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))


class CompanyMerge(Base):
    """A merge of one company into another: which leads moved, so that it can be undone."""

    __tablename__ = "company_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    kept_company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    merged_company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    snapshot: Mapped[dict[str, Any]] = mapped_column(default=dict)
    merged_at: Mapped[datetime] = mapped_column(default=utcnow)
    merged_by: Mapped[str] = mapped_column(String(100))
    undone_at: Mapped[datetime | None]


class Lead(Base):
    """One prospect: the record sales work on."""

    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(300), default="")
    name_key: Mapped[str] = mapped_column(String(300), default="", index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    job_title: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(20))  # as its country writes it (nlp.fields)
    interest: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    score: Mapped[int] = mapped_column(Integer, default=0, index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    first_channel: Mapped[str | None] = mapped_column(String(20), index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id"), index=True)
    erased_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    last_interaction_at: Mapped[datetime | None] = mapped_column(index=True)

    company: Mapped[Company | None] = relationship(lazy="joined")
    contact_points: Mapped[list[ContactPoint]] = relationship(
        back_populates="lead", order_by="ContactPoint.id"
    )


class ContactPoint(Base):
    """An email or phone of a lead; ``(kind, value)`` is the first de-duplication key."""

    __tablename__ = "contact_points"
    __table_args__ = (UniqueConstraint("kind", "value", name="uq_contact_points_kind_value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(320))
    raw_value: Mapped[str] = mapped_column(String(320))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    lead: Mapped[Lead] = relationship(back_populates="contact_points")


class LeadValue(Base):
    """Every value a field of a lead has had, from which submission: nothing is overwritten unseen."""

    __tablename__ = "lead_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(Text)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Consent(Base):
    """One consent event (granted or withdrawn). Append-only: never updated."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    purpose: Mapped[str] = mapped_column(String(40))
    granted: Mapped[bool] = mapped_column(Boolean)
    channel: Mapped[str] = mapped_column(String(20))
    wording: Mapped[str] = mapped_column(Text)
    wording_version: Mapped[str] = mapped_column(String(40))
    language: Mapped[str | None] = mapped_column(String(8))
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    given_at: Mapped[datetime]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Interaction(Base):
    """Something that happened with a lead: a form, a chat, a call, a note."""

    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    channel: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    summary: Mapped[str] = mapped_column(String(500), default="")
    raw_text: Mapped[str | None] = mapped_column(Text)


class Submission(Base):
    """Every accepted intake payload. The record that makes "nothing lost" provable.

    Written (status ``pending``) before the door acknowledges anything; the
    worker moves it to ``stored`` in the same transaction that writes the lead,
    or to ``failed`` with the error. ``rejected`` is for drafts that passed the
    door but the worker refuses (for example a duplicate of an erased person).
    """

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(20), index=True)
    source_ref: Mapped[str | None] = mapped_column(String(300))
    payload: Mapped[dict[str, Any]] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AuditEvent(Base):
    """Who did what to which lead, when. ``details`` never holds personal data."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40), index=True)
    lead_id: Mapped[int | None] = mapped_column(Integer, index=True)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class MatchKey(Base):
    """Blocking keys of a lead, indexed, so fuzzy candidates are one indexed look-up away."""

    __tablename__ = "match_keys"
    __table_args__ = (Index("ix_match_keys_key_id", "key", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    key: Mapped[str] = mapped_column(String(400))


class DuplicateCandidate(Base):
    """A pair of leads that may be one person, waiting for a person to decide."""

    __tablename__ = "duplicate_candidates"
    __table_args__ = (UniqueConstraint("lead_id", "other_lead_id", name="uq_duplicate_candidates_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    other_lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    score: Mapped[float]
    parts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))


class Merge(Base):
    """A merge of one lead into another, with what is needed to undo it."""

    __tablename__ = "merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    kept_lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    merged_lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    snapshot: Mapped[dict[str, Any]] = mapped_column(default=dict)
    merged_at: Mapped[datetime] = mapped_column(default=utcnow)
    merged_by: Mapped[str] = mapped_column(String(100))
    undone_at: Mapped[datetime | None]


class Segment(Base):
    """A saved filter of the leads list, e.g. "inactive for six months"."""

    __tablename__ = "segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    filters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Conversation(Base):
    """The state of a chat with a prospect (Telegram or web), so restarts resume it."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "chat_key", name="uq_conversations_channel_chat"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_key: Mapped[str] = mapped_column(String(200))
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
