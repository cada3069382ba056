"""Staff accounts: create them, check passwords, throttle guessing, end sessions.

Free of Flask so the CLI (``captura user …``), the web sign-in and
``captura up`` (first admin) share one implementation. Passwords are hashed
with Argon2id (argon2-cffi's defaults); a hash made with older parameters is
re-hashed at the next successful sign-in. A password must be long enough and
not easy to guess: zxcvbn (MIT licence), whose dictionaries ship inside the
package, estimates how many guesses it would take, common passwords and
their usual variations included.

Failed sign-ins are counted per address *and* account (``rate_limits``):
after ``MAX_FAILED_SIGN_INS`` that address is refused for that account for
``LOCK_DURATION``, without saying whether the account exists, and every
answer costs one Argon2 verification, so neither the message nor its timing
tells. Someone elsewhere can no longer keep an account locked; an admin can
clear an account's counters (``unlock``).

Each account has a ``session_version`` that is part of its session cookies:
signing out, a new password and a new role raise it, which ends every
session of that person, a cookie copied earlier included.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from zxcvbn import zxcvbn

from store import rate_limits
from store.db import unit_of_work
from store.models import STAFF_ROLES, AuditEvent, StaffUser

MAX_FAILED_SIGN_INS = 5
LOCK_DURATION_SECONDS = 15 * 60
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1_000  # Argon2 hashes anything, but a megabyte "password" is an attack, not a password
MIN_PASSWORD_SCORE = 3  # zxcvbn: 3 is "safely unguessable" (about 10^8 guesses or more)
SCORED_PREFIX = 100  # zxcvbn's time grows with length; a longer password is not weak for what follows
FIRST_ADMIN_EMAIL = "admin@localhost"

_hasher = PasswordHasher()
# Verified against when no real hash is checked (unknown email, throttled address), so every answer costs the same.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class StaffError(Exception):
    """A staff account operation refused (unknown role, duplicate email, weak password)."""


class StaffNotFound(StaffError):
    """No staff account has that id or email."""


class SignInRefused(Exception):
    """Wrong email or password, an inactive account, or too many failures from this address (``throttled``)."""

    def __init__(self, *, throttled: bool = False) -> None:
        super().__init__("too many failed sign-ins" if throttled else "wrong email or password")
        self.throttled = throttled


@dataclass(frozen=True)
class StaffAccount:
    """What the rest of the product needs to know about a signed-in person (no hash)."""

    id: int
    email: str
    role: str
    name: str
    active: bool = True
    session_version: int = 0
    must_change_password: bool = False

    @classmethod
    def of(cls, user: StaffUser) -> StaffAccount:
        return cls(id=user.id, email=user.email, role=user.role, name=user.name, active=user.active,
                   session_version=user.session_version or 0, must_change_password=bool(user.must_change_password))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_rules(password: str, *, email: str = "") -> None:
    """Refuse passwords too short, too long, or easy to guess (common ones, keyboard walks, words of the email)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise StaffError("the password is too long")
    hints = [part for part in email.replace("@", ".").split(".") if part]
    if zxcvbn(password[:SCORED_PREFIX], user_inputs=hints)["score"] < MIN_PASSWORD_SCORE:
        raise StaffError("that password is too easy to guess (a common password or pattern); choose another")


def normalize_staff_email(email: str) -> str:
    return email.strip().lower()


def add_user(session: Session, email: str, role: str, password: str, *, name: str = "",
             actor: str, must_change_password: bool = False) -> StaffAccount:
    """Create a staff account; the caller commits."""
    if role not in STAFF_ROLES:
        raise StaffError(f"unknown role {role!r}; roles: {', '.join(STAFF_ROLES)}")
    email = normalize_staff_email(email)
    if "@" not in email or len(email) > 254:
        raise StaffError("give the person's email address")
    check_password_rules(password, email=email)
    if session.scalar(select(StaffUser.id).where(StaffUser.email == email)) is not None:
        raise StaffError(f"a staff account for {email} already exists")
    user = StaffUser(email=email, name=name, role=role, password_hash=hash_password(password), active=True,
                     session_version=0, must_change_password=must_change_password)
    session.add(user)
    session.flush()
    session.add(AuditEvent(actor=actor, action="staff.created", details={"staff_id": user.id, "role": role}))
    return StaffAccount.of(user)


def ensure_first_admin(session: Session) -> tuple[str, str] | None:
    """On a store without staff, create an admin with a one-time random password (to be changed at sign-in).

    Returns ``(email, password)`` to print once, or None when staff exist.
    Captura ships no default password: this is how the first person gets in.
    """
    if session.scalar(select(func.count()).select_from(StaffUser)):
        return None
    password = secrets.token_urlsafe(15)
    account = add_user(session, FIRST_ADMIN_EMAIL, "admin", password, name="Administrator",
                       actor="system:first-run", must_change_password=True)
    return account.email, password


def _throttle_key(email: str, address: str) -> str:
    return f"{_account_prefix(email)}{address}"


def _account_prefix(email: str) -> str:
    return f"sign-in:{normalize_staff_email(email)[:254]}|"


def authenticate(session: Session, email: str, password: str, *, address: str,
                 now: float | None = None) -> StaffAccount:
    """Check a sign-in from ``address``; failures are counted for that address and account.

    The caller commits whatever happens: a failure must be recorded too.
    """
    key = _throttle_key(email, address)
    if rate_limits.current(session, key, now=now).hits >= MAX_FAILED_SIGN_INS:
        _verify(_DUMMY_HASH, password[:MAX_PASSWORD_LENGTH])
        raise SignInRefused(throttled=True)
    user = session.scalar(select(StaffUser).where(StaffUser.email == normalize_staff_email(email)[:254]))
    if user is None or not _password_matches(user, password):
        failures = rate_limits.hit(session, key, LOCK_DURATION_SECONDS, now=now).hits
        if failures == MAX_FAILED_SIGN_INS and user is not None:
            session.add(AuditEvent(actor="system", action="staff.throttled", details={"staff_id": user.id}))
        if user is None:
            _verify(_DUMMY_HASH, password[:MAX_PASSWORD_LENGTH])
        raise SignInRefused(throttled=failures >= MAX_FAILED_SIGN_INS)
    rate_limits.clear(session, key)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.add(AuditEvent(actor=f"staff:{user.id}", action="staff.signed_in", details={}))
    return StaffAccount.of(user)


def sign_in(sessions: sessionmaker[Session], email: str, password: str, *, address: str) -> StaffAccount:
    """``authenticate`` in its own transaction, committing a failure's count before raising."""
    refusal: SignInRefused | None = None
    with unit_of_work(sessions) as session:
        try:
            return authenticate(session, email, password, address=address)
        except SignInRefused as error:
            refusal = error
    raise refusal


def _password_matches(user: StaffUser, password: str) -> bool:
    """One Argon2 verification whatever the case (inactive account, oversized password), so timing tells nothing."""
    usable = user.active and len(password) <= MAX_PASSWORD_LENGTH
    matches = _verify(user.password_hash if usable else _DUMMY_HASH, password[:MAX_PASSWORD_LENGTH])
    return usable and matches


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def load_account(session: Session, staff_id: int) -> StaffAccount | None:
    """The active account with this id (None when gone or deactivated: its sessions end)."""
    user = session.get(StaffUser, staff_id)
    return StaffAccount.of(user) if user is not None and user.active else None


def list_accounts(session: Session) -> list[StaffAccount]:
    return [StaffAccount.of(u) for u in session.scalars(select(StaffUser).order_by(StaffUser.email))]


def _user(session: Session, staff_id: int) -> StaffUser:
    user = session.get(StaffUser, staff_id)
    if user is None:
        raise StaffNotFound("that staff account does not exist")
    return user


def find_account_id(session: Session, email: str) -> int:
    """The id of the account with this email (StaffError when there is none)."""
    staff_id = session.scalar(select(StaffUser.id).where(StaffUser.email == normalize_staff_email(email)))
    if staff_id is None:
        raise StaffNotFound(f"there is no staff account for {normalize_staff_email(email)}")
    return staff_id


def end_sessions(session: Session, staff_id: int) -> StaffAccount:
    """End every session of this person now (the cookies they hold, or anyone copied, stop working)."""
    user = _user(session, staff_id)
    user.session_version = (user.session_version or 0) + 1
    return StaffAccount.of(user)


def set_active(session: Session, staff_id: int, active: bool, *, actor: str, acting_id: int) -> StaffAccount:
    """Deactivate (their sessions end at the next request) or reactivate an account; not one's own."""
    user = _user(session, staff_id)
    if staff_id == acting_id:
        raise StaffError("you cannot deactivate your own account")
    user.active = active
    session.add(AuditEvent(actor=actor, action="staff.activated" if active else "staff.deactivated",
                           details={"staff_id": staff_id}))
    return StaffAccount.of(user)


def set_role(session: Session, staff_id: int, role: str, *, actor: str, acting_id: int) -> StaffAccount:
    """Give an account another role (not one's own); the person signs in again under it."""
    if role not in STAFF_ROLES:
        raise StaffError(f"unknown role {role!r}; roles: {', '.join(STAFF_ROLES)}")
    user = _user(session, staff_id)
    if staff_id == acting_id:
        raise StaffError("you cannot change your own role")
    user.role = role
    session.add(AuditEvent(actor=actor, action="staff.role_changed", details={"staff_id": staff_id, "role": role}))
    return end_sessions(session, staff_id)


def set_password(session: Session, staff_id: int, password: str, *, actor: str,
                 must_change: bool = False) -> StaffAccount:
    """Replace the password (checked against the rules), end every session, clear failed sign-ins."""
    user = _user(session, staff_id)
    check_password_rules(password, email=user.email)
    user.password_hash = hash_password(password)
    user.must_change_password = must_change
    rate_limits.clear_prefix(session, _account_prefix(user.email))
    session.add(AuditEvent(actor=actor, action="staff.password_reset" if must_change else "staff.password_changed",
                           details={"staff_id": staff_id}))
    return end_sessions(session, staff_id)


def change_own_password(session: Session, staff_id: int, current: str, new: str) -> StaffAccount:
    """The person's own change: the current password first, and a new one that is not the same."""
    user = _user(session, staff_id)
    if not _verify(user.password_hash, current):
        raise StaffError("the current password is not right")
    if new == current:
        raise StaffError("the new password must differ from the current one")
    return set_password(session, staff_id, new, actor=f"staff:{staff_id}")


def reset_password(session: Session, staff_id: int, *, actor: str) -> tuple[StaffAccount, str]:
    """A random one-time password for someone who forgot theirs; they must change it when they sign in."""
    password = secrets.token_urlsafe(15)
    return set_password(session, staff_id, password, actor=actor, must_change=True), password


def unlock(session: Session, staff_id: int, *, actor: str) -> int:
    """Forget the account's failed sign-ins from every address; how many addresses were throttled or counting."""
    user = _user(session, staff_id)
    cleared = rate_limits.clear_prefix(session, _account_prefix(user.email))
    session.add(AuditEvent(actor=actor, action="staff.unlocked", details={"staff_id": staff_id}))
    return cleared
