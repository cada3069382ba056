"""Staff accounts (admin): who can sign in, with which role; add one, deactivate one."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from store.db import unit_of_work
from store.models import STAFF_ROLES
from store.staff import StaffError, add_user, list_accounts, set_active
from webforms.auth import role_required
from webforms.review import ADMIN, blueprint
from webforms.review.common import actor, reading, staff_id
from webforms.runtime import runtime


@blueprint.get("/users")
@role_required(*ADMIN)
def users():  # type: ignore[no-untyped-def]
    with reading() as session:
        accounts = list_accounts(session)
    return render_template("review/users.html", accounts=accounts, roles=STAFF_ROLES, error=None)


@blueprint.post("/users")
@role_required(*ADMIN)
def add_account():  # type: ignore[no-untyped-def]
    form = request.form
    try:
        with unit_of_work(runtime().sessions) as session:
            account = add_user(session, form.get("email", ""), form.get("role", ""), form.get("password", ""),
                               name=form.get("name", "")[:200], actor=actor())
    except StaffError as error:
        with reading() as session:
            accounts = list_accounts(session)
        return render_template("review/users.html", accounts=accounts, roles=STAFF_ROLES, error=str(error)), 400
    flash(_("Account %(email)s created.", email=account.email))
    return redirect(url_for("review.users"))


@blueprint.post("/users/<int:account_id>/active")
@role_required(*ADMIN)
def set_account_active(account_id: int):  # type: ignore[no-untyped-def]
    try:
        with unit_of_work(runtime().sessions) as session:
            set_active(session, account_id, request.form.get("active") == "1", actor=actor(), acting_id=staff_id())
    except StaffError:
        abort(404 if account_id != staff_id() else 400)
    flash(_("Saved."))
    return redirect(url_for("review.users"))
