"""Staff accounts: create them, check passwords, lock them after repeated failures.

Free of Flask so the CLI (``captura user add``), the web sign-in and
``captura up`` (first admin) share one implementation. Passwords are hashed
with Argon2id (argon2-cffi's defaults); a hash made with older parameters is
re-hashed at the next successful sign-in.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from store.db import unit_of_work
from store.models import STAFF_ROLES, AuditEvent, StaffUser, utcnow

MAX_FAILED_SIGN_INS = 5
LOCK_DURATION = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1_000  # Argon2 hashes anything, but a megabyte "password" is an attack, not a password

_hasher = PasswordHasher()
# Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class StaffError(Exception):
    """A staff account operation refused (unknown role, duplicate email, weak password)."""


class SignInRefused(Exception):
    """Wrong email or password, an inactive account, or a locked one (``locked`` says which)."""

    def __init__(self, *, locked: bool = False) -> None:
        super().__init__("locked" if locked else "wrong email or password")
        self.locked = locked


@dataclass(frozen=True)
class StaffAccount:
    """What the rest of the product needs to know about a signed-in person (no hash)."""

    id: int
    email: str
    role: str
    name: str
    active: bool = True

    @classmethod
    def of(cls, user: StaffUser) -> StaffAccount:
        return cls(id=user.id, email=user.email, role=user.role, name=user.name, active=user.active)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_rules(password: str) -> None:
    """Refuse passwords too short to resist guessing or too long to be one."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise StaffError("the password is too long")


def normalize_staff_email(email: str) -> str:
    return email.strip().lower()


def add_user(session: Session, email: str, role: str, password: str, *, name: str = "",
             actor: str) -> StaffAccount:
    """Create a staff account; the caller commits."""
    if role not in STAFF_ROLES:
        raise StaffError(f"unknown role {role!r}; roles: {', '.join(STAFF_ROLES)}")
    email = normalize_staff_email(email)
    if "@" not in email or len(email) > 254:
        raise StaffError("give the person's email address")
    check_password_rules(password)
    if session.scalar(select(StaffUser.id).where(StaffUser.email == email)) is not None:
        raise StaffError(f"a staff account for {email} already exists")
    user = StaffUser(email=email, name=name, role=role, password_hash=hash_password(password),
                     active=True, failed_logins=0)
    session.add(user)
    session.flush()
    session.add(AuditEvent(actor=actor, action="staff.created", details={"staff_id": user.id, "role": role}))
    return StaffAccount.of(user)


def ensure_first_admin(session: Session) -> tuple[str, str] | None:
    """On a store without staff, create an admin with a one-time random password.

    Returns ``(email, password)`` to print once, or None when staff exist.
    Captura ships no default password: this is how the first person gets in.
    """
    if session.scalar(select(func.count()).select_from(StaffUser)):
        return None
    password = secrets.token_urlsafe(15)
    account = add_user(session, "admin@localhost", "admin", password, name="Administrator", actor="system:first-run")
    return account.email, password


def authenticate(session: Session, email: str, password: str, *, now: datetime | None = None) -> StaffAccount:
    """Check a sign-in; counts failures and locks the account after MAX_FAILED_SIGN_INS.

    The caller commits whatever happens: a failure must be recorded too.
    """
    now = now or utcnow()
    user = session.scalar(select(StaffUser).where(StaffUser.email == normalize_staff_email(email)[:254]))
    if user is None or not user.active:
        _verify(_DUMMY_HASH, password)
        raise SignInRefused()
    if user.locked_until is not None and _aware(user.locked_until) > now:
        raise SignInRefused(locked=True)
    if len(password) > MAX_PASSWORD_LENGTH or not _verify(user.password_hash, password):
        _count_failure(session, user, now)
        raise SignInRefused(locked=user.locked_until is not None and _aware(user.locked_until) > now)
    user.failed_logins, user.locked_until = 0, None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.add(AuditEvent(actor=f"staff:{user.id}", action="staff.signed_in", details={}))
    return StaffAccount.of(user)


def sign_in(sessions: sessionmaker[Session], email: str, password: str) -> StaffAccount:
    """``authenticate`` in its own transaction, committing a failure's count before raising."""
    refusal: SignInRefused | None = None
    with unit_of_work(sessions) as session:
        try:
            return authenticate(session, email, password)
        except SignInRefused as error:
            refusal = error
    raise refusal


def _count_failure(session: Session, user: StaffUser, now: datetime) -> None:
    user.failed_logins += 1
    if user.failed_logins >= MAX_FAILED_SIGN_INS:
        user.failed_logins, user.locked_until = 0, now + LOCK_DURATION
        session.add(AuditEvent(actor="system", action="staff.locked", details={"staff_id": user.id}))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every timestamp in the store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def load_account(session: Session, staff_id: int) -> StaffAccount | None:
    """The active account with this id (None when gone or deactivated: its sessions end)."""
    user = session.get(StaffUser, staff_id)
    return StaffAccount.of(user) if user is not None and user.active else None


def list_accounts(session: Session) -> list[StaffAccount]:
    return [StaffAccount.of(u) for u in session.scalars(select(StaffUser).order_by(StaffUser.email))]


def set_active(session: Session, staff_id: int, active: bool, *, actor: str, acting_id: int) -> StaffAccount:
    """Deactivate (their sessions end at the next request) or reactivate an account; not one's own."""
    user = session.get(StaffUser, staff_id)
    if user is None:
        raise StaffError("that staff account does not exist")
    if staff_id == acting_id:
        raise StaffError("you cannot deactivate your own account")
    user.active = active
    user.failed_logins, user.locked_until = 0, None
    session.add(AuditEvent(actor=actor, action="staff.activated" if active else "staff.deactivated",
                           details={"staff_id": staff_id}))
    return StaffAccount.of(user)
