"""Staff accounts (admin): who can sign in, with which role; add, deactivate, change role, reset, unlock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from store.db import unit_of_work
from store.models import STAFF_ROLES
from store.staff import StaffError, StaffNotFound, add_user, list_accounts, reset_password, set_active, set_role, unlock
from webforms.auth import role_required
from webforms.review import ADMIN, blueprint
from webforms.review.common import actor, reading, staff_id
from webforms.runtime import runtime


def _users_page(error: str | None = None, one_time: tuple[str, str] | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    with reading() as session:
        accounts = list_accounts(session)
    return render_template("review/users.html", accounts=accounts, roles=STAFF_ROLES, error=error,
                           one_time=one_time), status


@blueprint.get("/users")
@role_required(*ADMIN)
def users():  # type: ignore[no-untyped-def]
    return _users_page()


@blueprint.post("/users")
@role_required(*ADMIN)
def add_account():  # type: ignore[no-untyped-def]
    form = request.form
    try:
        with unit_of_work(runtime().sessions) as session:
            account = add_user(session, form.get("email", ""), form.get("role", ""), form.get("password", ""),
                               name=form.get("name", "")[:200], actor=actor())
    except StaffError as error:
        return _users_page(error=str(error), status=400)
    flash(_("Account %(email)s created.", email=account.email))
    return redirect(url_for("review.users"))


def _change_account(account_id: int, change: Callable[[Session], Any]) -> Any:
    """Run an admin's change to another account; 404 for an unknown one, 400 for a refused one."""
    try:
        with unit_of_work(runtime().sessions) as session:
            return change(session)
    except StaffError as error:
        abort(404 if isinstance(error, StaffNotFound) else 400, str(error))


@blueprint.post("/users/<int:account_id>/active")
@role_required(*ADMIN)
def set_account_active(account_id: int):  # type: ignore[no-untyped-def]
    active = request.form.get("active") == "1"
    _change_account(account_id, lambda s: set_active(s, account_id, active, actor=actor(), acting_id=staff_id()))
    flash(_("Saved."))
    return redirect(url_for("review.users"))


@blueprint.post("/users/<int:account_id>/role")
@role_required(*ADMIN)
def set_account_role(account_id: int):  # type: ignore[no-untyped-def]
    role = request.form.get("role", "")
    _change_account(account_id, lambda s: set_role(s, account_id, role, actor=actor(), acting_id=staff_id()))
    flash(_("Role changed; that person signs in again."))
    return redirect(url_for("review.users"))


@blueprint.post("/users/<int:account_id>/reset")
@role_required(*ADMIN)
def reset_account_password(account_id: int):  # type: ignore[no-untyped-def]
    account, password = _change_account(account_id, lambda s: reset_password(s, account_id, actor=actor()))
    return _users_page(one_time=(account.email, password))


@blueprint.post("/users/<int:account_id>/unlock")
@role_required(*ADMIN)
def unlock_account(account_id: int):  # type: ignore[no-untyped-def]
    _change_account(account_id, lambda s: unlock(s, account_id, actor=actor()))
    flash(_("Failed sign-ins forgotten: the account can be signed in to from anywhere again."))
    return redirect(url_for("review.users"))
