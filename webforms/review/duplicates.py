"""Possible duplicates side by side: merge (choosing which values win, nothing lost), mark distinct, undo."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from store.db import unit_of_work
from store.merge import CHOOSABLE_FIELDS, field_values, merge_leads, undo_merge
from store.models import DuplicateCandidate, Lead
from store.queries import InvalidFilter, first_contacts, open_duplicates, recent_merges
from store.review import mark_distinct
from webforms.auth import role_required
from webforms.review import SALES, blueprint
from webforms.review.common import actor, reading, staff_id
from webforms.runtime import runtime


@blueprint.get("/duplicates")
@role_required(*SALES)
def duplicates():  # type: ignore[no-untyped-def]
    with reading() as session:
        pairs = []
        for candidate in open_duplicates(session):
            one, other = session.get(Lead, candidate.lead_id), session.get(Lead, candidate.other_lead_id)
            pairs.append((candidate, one, other, field_values(one), field_values(other)))  # type: ignore[arg-type]
        contacts = first_contacts(session, [lead.id for pair in pairs for lead in pair[1:3]])
        merges = recent_merges(session)
    return render_template("review/duplicates.html", pairs=pairs, contacts=contacts, merges=merges,
                           fields=CHOOSABLE_FIELDS)


@blueprint.post("/duplicates/<int:candidate_id>/merge")
@role_required(*SALES)
def merge(candidate_id: int):  # type: ignore[no-untyped-def]
    """``keep`` names the lead that stays; ``win_<field>`` names the lead whose value wins for that field."""
    with unit_of_work(runtime().sessions) as session:
        candidate = session.get(DuplicateCandidate, candidate_id)
        if candidate is None or candidate.status != "open":
            abort(404)
        pair = {candidate.lead_id, candidate.other_lead_id}
        kept_id = _posted_lead("keep", pair)
        (merged_id,) = pair - {kept_id}
        winners = _winning_values(session, pair)
        merge_leads(session, kept_id, merged_id, actor=actor(), winning_values=winners)
        candidate.decided_by = staff_id()
    flash(_("Merged. You can undo this merge from the duplicates page."))
    return redirect(url_for("review.lead", lead_id=kept_id))


def _posted_lead(name: str, pair: set[int]) -> int:
    value = request.form.get(name, "")
    if not value.isdigit() or int(value) not in pair:
        raise InvalidFilter(f"{name} must be one of the two leads of the pair")
    return int(value)


def _winning_values(session, pair: set[int]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """For each field posted as ``win_<field>=<lead id>``, that lead's value."""
    winners = {}
    for field in CHOOSABLE_FIELDS:
        if request.form.get(f"win_{field}"):
            value = field_values(session.get(Lead, _posted_lead(f"win_{field}", pair)))[field]
            if value is not None:
                winners[field] = value
    return winners


@blueprint.post("/duplicates/<int:candidate_id>/distinct")
@role_required(*SALES)
def distinct(candidate_id: int):  # type: ignore[no-untyped-def]
    with unit_of_work(runtime().sessions) as session:
        mark_distinct(session, candidate_id, staff_id=staff_id(), actor=actor())
    flash(_("Marked as two different people."))
    return redirect(url_for("review.duplicates"))


@blueprint.post("/merges/<int:merge_id>/undo")
@role_required(*SALES)
def undo(merge_id: int):  # type: ignore[no-untyped-def]
    with unit_of_work(runtime().sessions) as session:
        undone = undo_merge(session, merge_id, actor())
    flash(_("The merge is undone: both leads are back as they were."))
    return redirect(url_for("review.lead", lead_id=undone.merged_lead_id))
