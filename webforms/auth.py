"""Staff sign-in and the role each page needs.

Every route of the application is either public by declaration (its endpoint
in ``PUBLIC_ENDPOINTS``, or its view wrapped in ``public``) or wrapped in
``role_required(...)``, which records the roles on the view: a test walks
``app.url_map`` and fails on any route that is neither, so a new page cannot
be left open by accident. Roles: ``agent`` (transcript desk, own
submissions), ``sales`` (review and edit leads), ``admin`` (users, erasure,
settings) — a route lists every role it admits, nothing is implied.

Sessions are Flask's signed cookie (httponly, SameSite=Lax; Secure whenever
the request came over https, always with ``CAPTURA_SECURE_COOKIES=1``, never
with ``0`` for plain-http development) and expire after
``SESSION_LIFETIME``; every form posted by a signed-in page carries a CSRF
token (``require_csrf``). A signed cookie alone cannot be taken back, so the
cookie also names the account's ``session_version``: signing out, a new
password or a new role raise it in the store, and every cookie that named
the old one (a copy included) stops working at its next request. A person
whose password someone else chose (the first admin, an admin's reset) is
sent to ``/account/password`` before any staff page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Request,
    current_app,
    flash,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from werkzeug.exceptions import BadRequest, Forbidden
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length
from wtforms.validators import ValidationError as WTFValidationError

from captura.config import Settings
from store.db import unit_of_work
from store.models import STAFF_ROLES
from store.staff import (
    MAX_PASSWORD_LENGTH,
    SignInRefused,
    StaffAccount,
    StaffError,
    change_own_password,
    end_sessions,
    load_account,
    sign_in,
)
from store.text import is_whole_number
from webforms.runtime import runtime

SESSION_LIFETIME = timedelta(hours=8)
ROLES_ATTRIBUTE = "captura_roles"
PUBLIC_ATTRIBUTE = "captura_public"

# Endpoints anyone may open, declared here so the route table test can tell "public" from "forgotten".
PUBLIC_ENDPOINTS: set[str] = {
    "static",
    "form.lead_form",
    "form.thanks",
    "api.create_lead",
    "health.healthz",
    "auth.login",
    "auth.logout",
}
SESSION_ID_SEPARATOR = ":"

# Where each role lands after signing in; the transcript desk registers "desk.index".
HOME_ENDPOINTS = {"sales": "review.leads", "admin": "review.leads", "agent": "desk.index"}

F = TypeVar("F", bound=Callable[..., Any])

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.session_protection = "basic"

blueprint = Blueprint("auth", __name__)


class SignedIn(UserMixin):
    """The signed-in staff member, as Flask-Login wants it."""

    def __init__(self, account: StaffAccount) -> None:
        self.account = account
        self.id = account.id
        self.role = account.role
        self.email = account.email

    def get_id(self) -> str:
        """What the session cookie keeps: the account and its session version (``12:3``)."""
        return f"{self.account.id}{SESSION_ID_SEPARATOR}{self.account.session_version}"

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


def role_required(*roles: str) -> Callable[[F], F]:
    """Admit only signed-in staff with one of ``roles``; anonymous visitors go to the sign-in page.

    The roles are recorded on the view so the route table can be audited.
    """
    if not roles:
        raise ValueError("role_required needs at least one role")

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                raise Forbidden(_("Your role cannot open this page."))
            if current_user.account.must_change_password and request.endpoint != "auth.change_password":
                flash(_("Please choose a password of your own before you go on."))
                return redirect(url_for("auth.change_password"))
            return view(*args, **kwargs)

        setattr(guarded, ROLES_ATTRIBUTE, frozenset(roles))
        return guarded  # type: ignore[return-value]

    return decorate


def public(view: F) -> F:
    """Declare a view open to anyone (the alternative to ``PUBLIC_ENDPOINTS`` for new blueprints)."""
    setattr(view, PUBLIC_ATTRIBUTE, True)
    return view


def access_rule(app: Flask, endpoint: str) -> frozenset[str] | None:
    """The roles an endpoint admits, ``frozenset()`` when public, None when undeclared (a bug)."""
    view = app.view_functions.get(endpoint)
    if endpoint in PUBLIC_ENDPOINTS or getattr(view, PUBLIC_ATTRIBUTE, False):
        return frozenset()
    return getattr(view, ROLES_ATTRIBUTE, None)


def require_csrf() -> None:
    """Refuse a state-changing request without this session's CSRF token (400, nothing changed).

    Installed as ``before_request`` on the staff blueprints; the public form
    checks its own token through Flask-WTF and the JSON API needs none.
    """
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    token = request.form.get("csrf_token") or request.headers.get("X-CSRFToken")
    try:
        validate_csrf(token)
    except WTFValidationError as error:
        raise CSRFError(_("This form has expired or did not come from our page; nothing was changed. "
                          "Please reload the page and try again.")) from error


def refuse_nul_bytes() -> None:
    """400 for a NUL character anywhere in the query or form: PostgreSQL cannot store or compare it."""
    values = [*request.args.values(), *request.form.values()]
    if any("\x00" in value for value in values):
        raise BadRequest(_("The request contains a character that is not allowed."))


blueprint.before_request(refuse_nul_bytes)
blueprint.before_request(require_csrf)


@login_manager.user_loader
def _load_user(session_id: str) -> SignedIn | None:
    """The cookie's account, while its session version is the account's current one (else: signed out)."""
    staff_id, _, version = session_id.partition(SESSION_ID_SEPARATOR)
    if not (is_whole_number(staff_id) and is_whole_number(version)):
        return None
    with runtime().sessions() as db_session:
        account = load_account(db_session, int(staff_id))
    return SignedIn(account) if account and account.session_version == int(version) else None


class SignInForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])


@blueprint.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    form = SignInForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("review/login.html", form=form), status
    try:
        account = sign_in(runtime().sessions, form.email.data or "", form.password.data or "",
                          address=request.remote_addr or "-")
    except SignInRefused as refusal:
        message = (_("Too many failed sign-ins from your address: please wait 15 minutes and try again.")
                   if refusal.throttled else _("Wrong email or password."))
        return render_template("review/login.html", form=form, message=message), 401
    _start_session(account)
    if account.must_change_password:
        return redirect(url_for("auth.change_password"))
    return redirect(_safe_next(request.args.get("next")) or url_for(home_endpoint(account.role)))


def _start_session(account: StaffAccount) -> None:
    session.clear()  # a fresh session on sign-in: no fixation
    session.permanent = True
    login_user(SignedIn(account))


@blueprint.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    """Sign out here and everywhere: the session version moves on, so no copy of the cookie still works."""
    if current_user.is_authenticated:
        with unit_of_work(runtime().sessions) as db_session:
            end_sessions(db_session, int(current_user.id))
    logout_user()
    session.clear()
    flash(_("You are signed out."))
    return redirect(url_for("auth.login"))


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    again = PasswordField(_l("New password again"),
                          validators=[DataRequired(), EqualTo("new", _l("The two new passwords differ."))])


@blueprint.route("/account/password", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def change_password():  # type: ignore[no-untyped-def]
    """Any staff member's own password; their other sessions end, this one goes on under the new version."""
    form = PasswordForm()
    error = None
    if form.validate_on_submit():
        try:
            with unit_of_work(runtime().sessions) as db_session:
                account = change_own_password(db_session, int(current_user.id), form.current.data or "",
                                              form.new.data or "")
        except StaffError as refusal:
            error = str(refusal)
        else:
            _start_session(account)
            flash(_("Your password is changed; your other sessions are signed out."))
            return redirect(url_for(home_endpoint(account.role)))
    status = 400 if request.method == "POST" else 200
    return render_template("review/password.html", form=form, error=error), status


def home_endpoint(role: str) -> str:
    """Where a role lands after signing in (the sign-in page itself until that area is installed)."""
    endpoint = HOME_ENDPOINTS.get(role, "auth.login")
    return endpoint if endpoint in current_app.view_functions else "auth.login"


def _safe_next(target: str | None) -> str | None:
    """Follow ``?next=`` only to a path on this site (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


SESSIONLESS_PREFIX = "/api/"


class StaffSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie session, for people using pages; the JSON API gets none.

    The API's callers are systems: a session there would never be used, and
    opening and saving it is a measurable share of the busiest door's CPU.
    With ``secure_when_https`` the cookie is marked Secure per request, when
    the request came over https (behind a proxy: with ProxyFix).
    """

    def __init__(self, *, secure_when_https: bool) -> None:
        self.secure_when_https = secure_when_https

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path.startswith(SESSIONLESS_PREFIX):
            return None  # Flask then uses a null session, which it never saves
        return super().open_session(app, request)

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = bool(app.config["SESSION_COOKIE_SECURE"])
        return configured or (self.secure_when_https and has_request_context() and request.is_secure)


def init_app(app: Flask, settings: Settings) -> None:
    """Cookie policy, Flask-Login and the sign-in pages."""
    app.config.update(
        SESSION_COOKIE_SECURE=bool(settings.secure_cookies),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=bool(settings.secure_cookies),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
    )
    app.session_interface = StaffSessions(secure_when_https=settings.secure_cookies is None)
    login_manager.init_app(app)
    app.jinja_env.globals["csrf_token"] = generate_csrf
    app.register_blueprint(blueprint)

    @app.context_processor
    def _staff() -> dict[str, Any]:
        return {"current_user": current_user}
