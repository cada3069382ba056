"""Saved filters ("inactive for more than six months") with how many leads each holds now."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from store.db import unit_of_work
from store.queries import LeadFilter, segments_with_counts
from store.review import delete_segment, save_segment
from webforms.auth import role_required
from webforms.review import SALES, blueprint
from webforms.review.common import actor, reading, staff_id
from webforms.runtime import runtime


@blueprint.get("/segments")
@role_required(*SALES)
def segments():  # type: ignore[no-untyped-def]
    with reading() as session:
        counted = segments_with_counts(session)
    return render_template("review/segments.html", segments=counted)


@blueprint.post("/segments")
@role_required(*SALES)
def save():  # type: ignore[no-untyped-def]
    """Save the filter posted from the leads list under a name (the same name replaces it)."""
    lead_filter = LeadFilter.parse(request.form)
    with unit_of_work(runtime().sessions) as session:
        segment = save_segment(session, request.form.get("name", ""), lead_filter, staff_id=staff_id(),
                               actor=actor())
    flash(_("Segment “%(name)s” saved.", name=segment.name))
    return redirect(url_for("review.segments"))


@blueprint.post("/segments/<int:segment_id>/delete")
@role_required(*SALES)
def delete(segment_id: int):  # type: ignore[no-untyped-def]
    with unit_of_work(runtime().sessions) as session:
        delete_segment(session, segment_id, actor=actor())
    flash(_("Segment deleted."))
    return redirect(url_for("review.segments"))
