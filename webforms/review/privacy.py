"""Data-subject rights (admin): find a person by email or phone, hand out what we hold, erase them.

Everything goes through ``store.privacy`` — the same code as ``captura
access`` / ``captura erase`` and the bot — so the dashboard cannot erase
less than the command line does. Identifiers travel in POST bodies, never in
URLs (which end up in logs).
"""

from __future__ import annotations

import json

from flask import Response, render_template, request
from flask_babel import gettext as _

from store.db import unit_of_work
from store.privacy import access_report, contact_keys, erase_leads, find_lead_ids, withdraw_consent
from store.queries import InvalidFilter
from store.review import record_access
from webforms.auth import role_required
from webforms.review import ADMIN, blueprint
from webforms.review.common import actor, reading
from webforms.runtime import runtime

MAX_IDENTIFIER = 300
ERASE_CONFIRMATION = "ERASE"


def _person() -> tuple[str, list[tuple[str, str]]]:
    """The email or phone posted, and its store keys; InvalidFilter when it is neither."""
    identifier = request.form.get("who", "").strip()[:MAX_IDENTIFIER]
    keys = contact_keys(identifier, runtime().settings.default_region)
    if not keys:
        raise InvalidFilter(_("Give a valid email address or phone number."))
    return identifier, keys


@blueprint.get("/privacy")
@role_required(*ADMIN)
def privacy():  # type: ignore[no-untyped-def]
    return render_template("review/privacy.html", who="", report=None)


@blueprint.post("/privacy")
@role_required(*ADMIN)
def privacy_lookup():  # type: ignore[no-untyped-def]
    who, keys = _person()
    with reading() as session:
        report = access_report(session, find_lead_ids(session, keys=keys))
    return render_template("review/privacy.html", who=who, report=report)


@blueprint.post("/privacy/access")
@role_required(*ADMIN)
def privacy_access():  # type: ignore[no-untyped-def]
    _who, keys = _person()
    with unit_of_work(runtime().sessions) as session:
        lead_ids = find_lead_ids(session, keys=keys)
        report = access_report(session, lead_ids)
        record_access(session, lead_ids, actor=actor())
    return Response(json.dumps(report, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="captura-access-report.json"',
                             "Cache-Control": "no-store"})


@blueprint.post("/privacy/erase")
@role_required(*ADMIN)
def privacy_erase():  # type: ignore[no-untyped-def]
    """First post: a confirmation page. Second post, with ``confirm=ERASE``: the erasure."""
    who, keys = _person()
    if request.form.get("confirm") != ERASE_CONFIRMATION:
        with reading() as session:
            lead_ids = find_lead_ids(session, keys=keys)
        return render_template("review/privacy_confirm.html", who=who, lead_ids=lead_ids,
                               confirmation=ERASE_CONFIRMATION)
    with unit_of_work(runtime().sessions) as session:
        erasure = erase_leads(session, find_lead_ids(session, keys=keys), actor=actor(),
                              region=runtime().settings.default_region, extra_keys=keys)
    return render_template("review/privacy_done.html", erasure=erasure)


@blueprint.post("/privacy/withdraw")
@role_required(*ADMIN)
def privacy_withdraw():  # type: ignore[no-untyped-def]
    """The person withdraws a consent for every lead we hold of them: new consent events."""
    who, keys = _person()
    purpose = request.form.get("purpose", "")
    if purpose not in ("marketing", "contact"):
        raise InvalidFilter("purpose must be marketing or contact")
    with unit_of_work(runtime().sessions) as session:
        withdraw_consent(session, find_lead_ids(session, keys=keys), purpose=purpose, channel="dashboard",
                         actor=actor(), evidence={"kind": "staff_entry", "staff": actor()})
    with reading() as session:
        report = access_report(session, find_lead_ids(session, keys=keys))
    return render_template("review/privacy.html", who=who, report=report,
                           message=_("The withdrawal is recorded."))
