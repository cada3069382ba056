"""The leads list and one lead's page (status pipeline, owner, notes, timeline, consents, audit, score)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from captura.intake import CHANNELS
from nlp.fields import SHOWN_COLUMNS
from store.db import unit_of_work
from store.models import LEAD_STATUSES
from store.queries import (
    CONSENT_STATES,
    InvalidFilter,
    Sort,
    assignable_staff,
    lead_detail,
    list_leads,
    segment_names,
)
from store.review import MAX_NOTES, LeadChanges, update_lead, withdraw_for_lead
from store.scoring import current_score
from store.text import is_whole_number
from webforms.auth import role_required
from webforms.review import SALES, blueprint
from webforms.review.common import actor, form_int, lead_filter_from, reading
from webforms.runtime import runtime

MAX_PAGE_DIGITS = 6


@blueprint.get("/leads")
@role_required(*SALES)
def leads():  # type: ignore[no-untyped-def]
    lead_filter, segment = lead_filter_from(request.args)
    sort = Sort.parse(request.args.get("sort"))
    page = _page(request.args.get("page"))
    with reading() as session:
        result = list_leads(session, lead_filter, sort, page)
        staff = assignable_staff(session)
        segments = segment_names(session)
    return render_template("review/leads.html", result=result, lead_filter=lead_filter, sort=sort, staff=staff,
                           statuses=LEAD_STATUSES, channels=CHANNELS, consent_states=CONSENT_STATES, segment=segment,
                           segments=segments, args=request.args)


def _page(value: str | None) -> int:
    if not value:
        return 1
    if not is_whole_number(value, MAX_PAGE_DIGITS):
        raise InvalidFilter("page must be a whole number")
    return int(value)


@blueprint.get("/leads/<int:lead_id>")
@role_required(*SALES)
def lead(lead_id: int):  # type: ignore[no-untyped-def]
    with reading() as session:
        detail = lead_detail(session, lead_id)
        if detail is None:
            abort(404)
        score = current_score(session, detail.lead)
        staff = assignable_staff(session)
    return render_template("review/lead.html", detail=detail, lead=detail.lead, score=score, staff=staff,
                           statuses=LEAD_STATUSES, max_notes=MAX_NOTES, shown_fields=SHOWN_COLUMNS)


@blueprint.post("/leads/<int:lead_id>")
@role_required(*SALES)
def edit_lead(lead_id: int):  # type: ignore[no-untyped-def]
    changes = LeadChanges(status=request.form.get("status", ""), owner_id=form_int("owner_id"),
                          notes=request.form.get("notes", "").strip())
    with unit_of_work(runtime().sessions) as session:
        update_lead(session, lead_id, changes, actor=actor())
    flash(_("Saved."))
    return redirect(url_for("review.lead", lead_id=lead_id))


@blueprint.post("/leads/<int:lead_id>/withdraw")
@role_required(*SALES)
def withdraw(lead_id: int):  # type: ignore[no-untyped-def]
    """The person told us (by phone, email…) they withdraw a consent: a new consent event, not an edit."""
    with unit_of_work(runtime().sessions) as session:
        withdraw_for_lead(session, lead_id, request.form.get("purpose", ""), actor=actor(),
                          statement=request.form.get("statement", ""))
    flash(_("The withdrawal is recorded."))
    return redirect(url_for("review.lead", lead_id=lead_id))
