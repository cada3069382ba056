"""Possible duplicates side by side: merge (choosing which values win, nothing lost), mark distinct, undo.

The page also holds the possible duplicate companies (``webforms.review.companies`` acts on them), and
shows for every pair which fields moved the matcher's score and by how much.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from store.db import unit_of_work
from store.merge import CHOOSABLE_FIELDS, merge_candidate, undo_merge
from store.queries import InvalidFilter, company_pairs, duplicate_pairs, recent_company_merges, recent_merges
from store.review import mark_distinct
from store.text import is_whole_number
from webforms.auth import role_required
from webforms.review import SALES, blueprint
from webforms.review.common import actor, reading, staff_id
from webforms.runtime import runtime


@blueprint.get("/duplicates")
@role_required(*SALES)
def duplicates():  # type: ignore[no-untyped-def]
    with reading() as session:
        pairs = duplicate_pairs(session)
        merges = recent_merges(session)
        firms = company_pairs(session)
        firm_merges = recent_company_merges(session)
        return render_template("review/duplicates.html", pairs=pairs, merges=merges, fields=CHOOSABLE_FIELDS,
                               company_pairs=firms, company_merges=firm_merges)


@blueprint.post("/duplicates/<int:candidate_id>/merge")
@role_required(*SALES)
def merge(candidate_id: int):  # type: ignore[no-untyped-def]
    """``keep`` names the lead that stays; ``win_<field>`` names the lead whose value wins for that field."""
    kept_id = _lead_id(request.form.get("keep", ""))
    winners = {name: _lead_id(request.form[f"win_{name}"]) for name in CHOOSABLE_FIELDS
               if request.form.get(f"win_{name}")}
    with unit_of_work(runtime().sessions) as session:
        merge_candidate(session, candidate_id, kept_id, winners, actor=actor(), staff_id=staff_id())
    flash(_("Merged. You can undo this merge from the duplicates page."))
    return redirect(url_for("review.lead", lead_id=kept_id))


def _lead_id(value: str) -> int:
    if not is_whole_number(value, 9):
        raise InvalidFilter("choose one of the two leads of the pair")
    return int(value)


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
