"""Companies as entities: a company's page with its people, and its duplicates (merge, keep apart, undo)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from store.companies import mark_companies_distinct, merge_company_pair, undo_company_merge
from store.db import unit_of_work
from store.queries import company_detail
from webforms.auth import role_required
from webforms.review import SALES, blueprint
from webforms.review.common import actor, form_int, reading, staff_id
from webforms.runtime import runtime


@blueprint.get("/companies/<int:company_id>")
@role_required(*SALES)
def company(company_id: int):  # type: ignore[no-untyped-def]
    with reading() as session:
        detail = company_detail(session, company_id)
        if detail is None:
            abort(404)
        return render_template("review/company.html", detail=detail, company=detail.company)


@blueprint.post("/company-duplicates/<int:candidate_id>/merge")
@role_required(*SALES)
def merge_companies(candidate_id: int):  # type: ignore[no-untyped-def]
    """``keep`` names the company that stays; the other's people move to it."""
    kept_id = form_int("keep")
    with unit_of_work(runtime().sessions) as session:
        merge_company_pair(session, candidate_id, kept_id or 0, actor=actor(), staff_id=staff_id())
    flash(_("Companies merged: their people are now under one company. You can undo this from the duplicates page."))
    return redirect(url_for("review.company", company_id=kept_id))


@blueprint.post("/company-duplicates/<int:candidate_id>/distinct")
@role_required(*SALES)
def distinct_companies(candidate_id: int):  # type: ignore[no-untyped-def]
    with unit_of_work(runtime().sessions) as session:
        mark_companies_distinct(session, candidate_id, staff_id=staff_id(), actor=actor())
    flash(_("Marked as two different companies."))
    return redirect(url_for("review.duplicates", _anchor="companies"))


@blueprint.post("/company-merges/<int:merge_id>/undo")
@role_required(*SALES)
def undo_companies(merge_id: int):  # type: ignore[no-untyped-def]
    with unit_of_work(runtime().sessions) as session:
        undone = undo_company_merge(session, merge_id, actor=actor())
        merged_id = undone.merged_company_id
    flash(_("The company merge is undone: both companies are back with their people."))
    return redirect(url_for("review.company", company_id=merged_id))
