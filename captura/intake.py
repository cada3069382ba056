"""The intake path: the one way a lead enters Captura, whatever the door.

Adapters (form, API, bot, web chat, transcript desk) build a ``LeadDraft``
and call ``submit_lead``. It validates, refuses a draft without a granted
contact consent *before anything is written*, writes a durable submission row
(nothing is acknowledged before that commit), then enqueues a job carrying
only the submission id. The worker does the rest (``captura.jobs``).

The write is one ``INSERT … ON CONFLICT DO NOTHING`` on the idempotency key,
committed as a statement of its own (``store.db.insert_returning``): no ORM
and no Core transaction on the door's hot path, and the same key submitted
twice yields one submission.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Literal

import structlog
from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator
from sqlalchemy import Engine, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from captura.consent import PURPOSES, REQUIRED_PURPOSE
from nlp.contact import InvalidContact, normalize_email, normalize_phone
from nlp.fields import BY_NAME, MAX_TEXT, REGISTRY, normalize_lead_postcode
from store.db import insert_returning, read_only
from store.ingest import NORMALIZED_KEY
from store.models import Submission
from store.text import without_control_characters

log = structlog.get_logger(__name__)
SUBMISSIONS = Submission.__table__  # Core, not the ORM: the door's hot path

Channel = Literal["form", "api", "telegram", "webchat", "desk", "demo", "import"]
CHANNELS: tuple[str, ...] = Channel.__args__  # type: ignore[attr-defined]
MAX_TEXT_FIELD = MAX_TEXT
MAX_INTEREST = BY_NAME["interest"].max_length
MAX_RAW_TEXT = 200_000


class IntakeError(Exception):
    """Base of the intake's named errors; adapters map each to a response in one place."""


class ConsentMissing(IntakeError):
    """The draft has no granted consent for the required purpose: nothing is written."""

    code = "consent.missing"

    def __init__(self) -> None:
        super().__init__("A granted consent to store and contact is required; nothing was stored.")


@dataclass(frozen=True)
class FieldError:
    code: str
    detail: str


class InvalidLead(IntakeError):
    """One or more fields are wrong; ``errors`` maps each field to its reason."""

    def __init__(self, errors: dict[str, FieldError]) -> None:
        super().__init__("; ".join(f"{name}: {error.detail}" for name, error in errors.items()))
        self.errors = errors


class IdempotencyConflict(IntakeError):
    """The idempotency key was already used for a different lead."""

    def __init__(self, submission_id: int) -> None:
        super().__init__("This Idempotency-Key was already used with a different body.")
        self.submission_id = submission_id


class PlainText(BaseModel):
    """A model whose text, however it arrives, holds no control characters."""

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, data: Any) -> Any:
        return without_control_characters(data) if isinstance(data, dict) else data


class ConsentGrant(PlainText):
    """One consent answer, with the evidence that proves it."""

    model_config = ConfigDict(extra="forbid")

    purpose: str
    granted: bool
    wording: str = Field(min_length=1, max_length=4_000)
    wording_version: str = Field(min_length=1, max_length=40)
    language: str | None = Field(default=None, max_length=8)
    given_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    evidence: dict[str, Any] = Field(default_factory=dict)

    @field_validator("purpose")
    @classmethod
    def _known_purpose(cls, purpose: str) -> str:
        if purpose not in PURPOSES:
            raise ValueError(f"unknown consent purpose {purpose!r}; known: {', '.join(PURPOSES)}")
        return purpose


class _PersonFieldsBase(PlainText):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


PersonFields: type[_PersonFieldsBase] = create_model(  # type: ignore[call-overload]
    "PersonFields", __base__=_PersonFieldsBase,
    __doc__="The person's own fields, with their limits, from the field register (nlp.fields): one place "
            "for every door's schema. The interest travels as the draft's ``interest`` (the API's ``message``).",
    **{field.name: (str | None, Field(default=None, max_length=field.max_length))
       for field in REGISTRY if field.on_form == field.name},
)


class LeadDraft(PersonFields):  # type: ignore[misc,valid-type]
    """What a door hands to intake: fields, consent and provenance.

    ``raw_text`` is the message, chat or transcript the data came from; it is
    kept as the interaction's text (and erased with the person).
    """

    channel: Channel
    interest: str | None = Field(default=None, max_length=MAX_INTEREST)
    language: str | None = Field(default=None, max_length=8)
    raw_text: str | None = Field(default=None, max_length=MAX_RAW_TEXT)
    source_ref: str | None = Field(default=None, max_length=300)
    idempotency_key: str | None = Field(default=None, max_length=200)
    consents: list[ConsentGrant] = Field(default_factory=list, max_length=10)

    def granted(self, purpose: str) -> bool:
        """True when the latest answer for ``purpose`` in this draft is a yes."""
        answers = [consent.granted for consent in self.consents if consent.purpose == purpose]
        return bool(answers) and answers[-1]


@dataclass(frozen=True)
class Receipt:
    """What the door tells the sender: the submission id, and whether it was a replay."""

    submission_id: int
    status: str
    replayed: bool = False


def check_draft(draft: LeadDraft, region: str | None, *, check_deliverability: bool = False) -> dict[str, str]:
    """Raise InvalidLead or ConsentMissing, writing nothing; return the normalized contact points.

    Field errors come first so a form can show every problem at once; consent
    is checked last because a person fixing a typo should not be told twice.
    The normalized values (email, phone, postcode in its country's form)
    travel in the payload, so the worker does not parse them a second time.
    """
    errors: dict[str, FieldError] = {}
    normalized: dict[str, str] = {}
    if draft.email:
        email = draft.email
        _collect(errors, normalized, "email",
                 lambda: normalize_email(email, check_deliverability=check_deliverability))
    if draft.phone:
        _collect(errors, normalized, "phone", lambda: normalize_phone(draft.phone or "", region))
    if draft.postcode:
        _collect(errors, normalized, "postcode", lambda: normalize_lead_postcode(
            draft.postcode or "", phone=draft.phone, language=draft.language, region=region))
    if not draft.email and not draft.phone and "email" not in errors:
        errors["contact"] = FieldError("contact.missing", "Give an email address or a phone number.")
    if errors:
        raise InvalidLead(errors)
    if not draft.granted(REQUIRED_PURPOSE):
        raise ConsentMissing()
    return normalized


def _collect(errors: dict[str, FieldError], normalized: dict[str, str], kind: str, check: Any) -> None:
    try:
        normalized[kind] = check()
    except InvalidContact as error:
        errors[error.field] = FieldError(error.code, error.detail)


def submit_lead(draft: LeadDraft, engine: Engine, queue: Any, *, region: str | None,
                check_deliverability: bool = False) -> Receipt:
    """Validate, write the durable submission, enqueue its job; return the receipt.

    Raises InvalidLead / ConsentMissing before writing anything, and
    IdempotencyConflict when the key was used for another body. A queue that
    does not answer is not an error: the submission waits in SQL and the
    sweeper enqueues it later (``captura.jobs.sweep_pending``).
    """
    normalized = check_draft(draft, region, check_deliverability=check_deliverability)
    payload = draft.model_dump(mode="json")
    fingerprint = _fingerprint(payload)
    payload[NORMALIZED_KEY] = normalized
    key = draft.idempotency_key or f"{draft.channel}:{uuid.uuid4()}"
    submission_id = _insert_submission(engine, key, fingerprint, draft, payload)
    if submission_id is not None:
        queue.enqueue_submission(submission_id)
        log.debug("intake.accepted", submission_id=submission_id, channel=draft.channel)  # the row is the record
        return Receipt(submission_id, "pending")
    return _replay(engine, queue, key, fingerprint)


def _insert_submission(engine: Engine, key: str, fingerprint: str, draft: LeadDraft,
                       payload: dict[str, Any]) -> int | None:
    now = datetime.now(timezone.utc)
    values = {"idempotency_key": key, "fingerprint": fingerprint, "channel": draft.channel,
              "source_ref": draft.source_ref, "payload": payload, "status": "pending", "attempts": 0,
              "created_at": now, "updated_at": now}
    row = insert_returning(engine, _insert_statement(engine.dialect.name), values)
    return row[0] if row is not None else None


@lru_cache(maxsize=4)
def _insert_statement(dialect: str) -> Any:
    """``INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING id``, built once per dialect.

    Values come as execution parameters, so no statement is rebuilt per request.
    """
    dialect_insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if dialect_insert is None:
        return insert(SUBMISSIONS).returning(SUBMISSIONS.c.id)
    return (dialect_insert(SUBMISSIONS).on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(SUBMISSIONS.c.id))


def _replay(engine: Engine, queue: Any, key: str, fingerprint: str) -> Receipt:
    with read_only(engine) as connection:
        row = connection.execute(
            select(SUBMISSIONS.c.id, SUBMISSIONS.c.status, SUBMISSIONS.c.fingerprint)
            .where(SUBMISSIONS.c.idempotency_key == key)
        ).one()
    if row.fingerprint != fingerprint:
        raise IdempotencyConflict(row.id)
    if row.status == "pending":
        queue.enqueue_submission(row.id)
    return Receipt(row.id, row.status, replayed=True)


def _fingerprint(payload: dict[str, Any]) -> str:
    """A hash of what the person sent, ignoring consent timestamps a retry would change."""
    stable = {**payload, "consents": [
        {k: v for k, v in consent.items() if k != "given_at"} for consent in payload.get("consents", [])
    ]}
    return hashlib.sha256(json.dumps(stable, sort_keys=True).encode()).hexdigest()
