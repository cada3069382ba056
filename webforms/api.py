"""``POST /api/v1/leads``: the JSON door for systems that already talked to the person.

The body carries the same fields as the form and a ``consent`` object saying
what the person agreed to and with which words; the optional
``Idempotency-Key`` header makes retries safe. Answers 202 with the
submission id once the submission is committed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, g, jsonify, request
from pydantic import BaseModel, ConfigDict, Field
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from captura.consent import CONTACT, MARKETING, consent_text
from captura.intake import MAX_INTEREST, MAX_TEXT_FIELD, ConsentGrant, LeadDraft, submit_lead
from webforms.runtime import runtime

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")


class ApiConsent(BaseModel):
    """What the person agreed to. Without ``wording`` the register's current text is recorded."""

    model_config = ConfigDict(extra="forbid")

    granted: bool
    marketing: bool = False
    wording: str | None = Field(default=None, max_length=4_000)
    wording_version: str | None = Field(default=None, max_length=40)
    given_at: datetime | None = None
    evidence: str | dict[str, Any] | None = None


class ApiLead(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, max_length=MAX_TEXT_FIELD)
    email: str | None = Field(default=None, max_length=MAX_TEXT_FIELD)
    phone: str | None = Field(default=None, max_length=MAX_TEXT_FIELD)
    company: str | None = Field(default=None, max_length=MAX_TEXT_FIELD)
    job_title: str | None = Field(default=None, max_length=MAX_TEXT_FIELD)
    city: str | None = Field(default=None, max_length=MAX_TEXT_FIELD)
    message: str | None = Field(default=None, max_length=MAX_INTEREST)
    language: str | None = Field(default=None, max_length=8)
    source_ref: str | None = Field(default=None, max_length=300)
    consent: ApiConsent


def consent_grants(consent: ApiConsent, language: str | None, company: str) -> list[ConsentGrant]:
    """The consent object as ledger entries: contact, and marketing when asked."""
    purposes = [(CONTACT, consent.granted)] + ([(MARKETING, True)] if consent.marketing else [])
    evidence = consent.evidence if isinstance(consent.evidence, dict) else {"statement": consent.evidence}
    grants = []
    for purpose, granted in purposes:
        register = consent_text(purpose)
        extra = {"given_at": consent.given_at} if consent.given_at else {}
        grants.append(ConsentGrant(
            purpose=purpose, granted=granted, language=language,
            wording=consent.wording or register.text(language).format(company=company),
            wording_version=consent.wording_version or register.version,
            evidence={"kind": "api", **{k: v for k, v in evidence.items() if v is not None}},
            **extra,
        ))
    return grants


@blueprint.post("/leads")
def create_lead():  # type: ignore[no-untyped-def]
    body = _json_body()
    lead = ApiLead.model_validate(body)
    services = runtime()
    language = lead.language or g.lang
    draft = LeadDraft(
        channel="api", name=lead.name, email=lead.email, phone=lead.phone, company=lead.company,
        job_title=lead.job_title, city=lead.city, interest=lead.message, language=language,
        raw_text=lead.message, source_ref=lead.source_ref,
        idempotency_key=_idempotency_key(),
        consents=consent_grants(lead.consent, language, services.settings.company_name),
    )
    receipt = submit_lead(draft, services.engine, services.queue, region=services.settings.default_region,
                          check_deliverability=services.settings.check_email_deliverability)
    response = jsonify({"submission_id": receipt.submission_id, "status": receipt.status,
                        "replayed": receipt.replayed})
    if receipt.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response, 202


def _json_body() -> dict[str, Any]:
    if not request.is_json:
        raise UnsupportedMediaType("Send the lead as JSON (Content-Type: application/json).")
    try:
        body = request.get_json()
    except BadRequest:
        raise BadRequest("The body is not valid JSON (UTF-8).") from None
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object.")
    return body


def _idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return None
    if len(key) > 150:
        raise BadRequest("Idempotency-Key is longer than 150 characters.")
    return f"api:{key}"
