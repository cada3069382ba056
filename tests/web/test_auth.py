"""Staff sign-in: Argon2 passwords, lock-out, sessions that end, CSRF on every staff form."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from captura.runtime import Runtime
from store.db import unit_of_work
from store.models import AuditEvent, StaffUser
from store.staff import (
    LOCK_DURATION_SECONDS,
    MAX_FAILED_SIGN_INS,
    SignInRefused,
    StaffError,
    add_user,
    authenticate,
    ensure_first_admin,
)
from tests.conftest import make_runtime
from tests.web.staff_helpers import PASSWORD, add_staff, csrf_token, sign_in
from webforms import create_app
from webforms.limits import POST_LIMITS


@pytest.fixture
def app(sqlite_url: str) -> Iterator[tuple[Flask, Runtime]]:
    runtime = make_runtime(sqlite_url, redis=False, secure_cookies=False)
    yield create_app(runtime=runtime), runtime
    runtime.close()


def test_passwords_are_stored_as_argon2id_hashes(inline_runtime: Runtime) -> None:
    add_staff(inline_runtime, "sales")
    with inline_runtime.sessions() as session:
        user = session.scalars(select(StaffUser)).one()
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_weak_password_unknown_role_and_duplicate_email_are_refused(inline_runtime: Runtime) -> None:
    add_staff(inline_runtime, "sales", "ana@captura.test")
    for email, role, password in [("x@captura.test", "sales", "short"), ("x@captura.test", "boss", PASSWORD),
                                  ("ANA@captura.test", "admin", PASSWORD)]:
        with pytest.raises(StaffError), unit_of_work(inline_runtime.sessions) as session:
            add_user(session, email, role, password, actor="test")


def test_failures_throttle_one_address_on_one_account_and_nobody_else(inline_runtime: Runtime) -> None:
    email = add_staff(inline_runtime, "sales")

    def attempt(password: str, address: str, account: str = email, now: float | None = None) -> SignInRefused | None:
        with unit_of_work(inline_runtime.sessions) as session:
            try:
                authenticate(session, account, password, address=address, now=now)
            except SignInRefused as refusal:
                return refusal
        return None

    refusals = [attempt("wrong password", "203.0.113.7") for _ in range(MAX_FAILED_SIGN_INS)]
    assert [refusal.throttled for refusal in refusals if refusal] == [False] * 4 + [True]
    throttled = attempt(PASSWORD, "203.0.113.7")
    assert throttled is not None and throttled.throttled  # even the right password, from that address
    assert attempt(PASSWORD, "198.51.100.9") is None  # the person, from elsewhere, is not locked out
    assert attempt(PASSWORD, "203.0.113.7", now=time.time() + LOCK_DURATION_SECONDS + 1) is None
    unknown = [attempt("guess", "203.0.113.7", "nobody@captura.test") for _ in range(MAX_FAILED_SIGN_INS)]
    assert unknown[-1] is not None and unknown[-1].throttled  # the same answer: no telling which accounts exist
    with inline_runtime.sessions() as session:
        assert session.scalar(select(AuditEvent.id).where(AuditEvent.action == "staff.throttled"))


def test_first_run_creates_one_admin_with_a_random_password_once(inline_runtime: Runtime) -> None:
    with unit_of_work(inline_runtime.sessions) as session:
        email, password = ensure_first_admin(session) or ("", "")
    with unit_of_work(inline_runtime.sessions) as session:
        assert ensure_first_admin(session) is None
        assert authenticate(session, email, password, address="127.0.0.1").role == "admin"
    assert len(password) >= 16


def test_sign_in_and_out_through_the_pages(app: tuple[Flask, Runtime]) -> None:
    flask_app, runtime = app
    email = add_staff(runtime, "sales")
    client = flask_app.test_client()
    response = sign_in(client, email)
    assert response.status_code == 302
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert b"You are signed in as sales@captura.test" in client.get("/login").data
    assert client.post("/logout", data={"csrf_token": csrf_token(client)}).status_code == 302
    assert b"You are signed in as" not in client.get("/login").data


def test_wrong_password_in_the_page_is_401_then_throttled(app: tuple[Flask, Runtime]) -> None:
    flask_app, runtime = app
    email = add_staff(runtime, "sales")
    client = flask_app.test_client()
    for _ in range(MAX_FAILED_SIGN_INS - 1):
        response = sign_in(client, email, "not the password")
        assert response.status_code == 401 and b"Wrong email or password" in response.data
    response = sign_in(client, email, "not the password")
    assert response.status_code == 401 and b"Too many failed sign-ins from your address" in response.data
    assert sign_in(client, email).status_code == 401  # the right password, but throttled here
    assert sign_in(client, "nobody@captura.test").status_code == 401


def test_sign_in_attempts_from_one_address_are_rate_limited_across_accounts(app: tuple[Flask, Runtime]) -> None:
    """The lock-out protects one account; the per-address limit stops one address trying many."""
    flask_app, _runtime = app
    client = flask_app.test_client()
    limit = int(POST_LIMITS["auth"].split("/")[0])
    statuses = [sign_in(client, f"guess{attempt}@captura.test", "not the password").status_code
                for attempt in range(limit + 2)]
    assert set(statuses[:limit]) == {401} and set(statuses[limit:]) == {429}
    assert client.get("/login").status_code == 200  # the page itself is never limited


@pytest.mark.parametrize("trusted_proxies", [0, 1])
def test_forwarded_addresses_count_only_behind_a_trusted_proxy(sqlite_url: str, trusted_proxies: int) -> None:
    """Behind a proxy each client has its own limit; without one, a forged X-Forwarded-For changes nothing."""
    runtime = make_runtime(sqlite_url, redis=False, secure_cookies=False, trusted_proxies=trusted_proxies)
    try:
        client = create_app(runtime=runtime).test_client()
        limit = int(POST_LIMITS["auth"].split("/")[0])

        def attempt(address: str) -> int:
            client.environ_base["HTTP_X_FORWARDED_FOR"] = address
            return sign_in(client, "nobody@captura.test", "not the password").status_code

        assert {attempt("203.0.113.7") for _ in range(limit)} == {401}
        assert attempt("203.0.113.7") == 429
        assert attempt("198.51.100.9") == (401 if trusted_proxies else 429)
    finally:
        runtime.close()


def test_sign_in_without_csrf_token_is_refused(app: tuple[Flask, Runtime]) -> None:
    flask_app, runtime = app
    email = add_staff(runtime, "sales")
    client = flask_app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 400 and b"expired" in response.data
    assert b"You are signed in as" not in client.get("/login").data


def test_logout_without_csrf_token_is_refused_and_keeps_the_session(app: tuple[Flask, Runtime]) -> None:
    flask_app, runtime = app
    client = flask_app.test_client()
    sign_in(client, add_staff(runtime, "admin"))
    assert client.post("/logout").status_code == 400
    assert b"You are signed in as" in client.get("/login").data


def test_expired_session_is_refused(app: tuple[Flask, Runtime]) -> None:
    flask_app, runtime = app
    client = flask_app.test_client()
    sign_in(client, add_staff(runtime, "sales"))
    assert b"You are signed in as" in client.get("/login").data
    flask_app.permanent_session_lifetime = timedelta(seconds=-1)
    assert b"You are signed in as" not in client.get("/login").data


def test_next_only_follows_local_paths(app: tuple[Flask, Runtime]) -> None:
    flask_app, runtime = app
    email = add_staff(runtime, "sales")
    client = flask_app.test_client()
    token = csrf_token(client)
    response = client.post("/login?next=https://evil.example/", data={"email": email, "password": PASSWORD,
                                                                      "csrf_token": token})
    assert "evil.example" not in response.headers["Location"]


@pytest.mark.parametrize(("setting", "scheme", "secure"), [
    (None, "https", True), (None, "http", False), (True, "http", True), (False, "https", False)])
def test_session_cookie_is_secure_over_https_by_default(sqlite_url: str, setting: bool | None, scheme: str,
                                                        secure: bool) -> None:
    runtime = make_runtime(sqlite_url, redis=False, secure_cookies=setting)
    try:
        client = create_app(runtime=runtime).test_client()
        client.get("/login", base_url=f"{scheme}://localhost")
        cookie = client.get_cookie("session", domain="localhost")
        assert cookie is not None and cookie.secure is secure and cookie.http_only
    finally:
        runtime.close()


def test_admin_adds_and_deactivates_staff_and_their_session_ends(app: tuple[Flask, Runtime]) -> None:
    flask_app, runtime = app
    admin = flask_app.test_client()
    sign_in(admin, add_staff(runtime, "admin"))
    token = csrf_token(admin)
    assert admin.post("/review/users", data={"email": "Nuevo@Captura.test", "role": "sales", "password": "short",
                                             "csrf_token": token}).status_code == 400
    assert admin.post("/review/users", data={"email": "Nuevo@Captura.test", "role": "sales", "password": PASSWORD,
                                             "csrf_token": token}).status_code == 302
    newcomer = flask_app.test_client()
    assert sign_in(newcomer, "nuevo@captura.test").status_code == 302
    assert newcomer.get("/review/leads").status_code == 200
    with runtime.sessions() as session:
        newcomer_id = session.scalar(select(StaffUser.id).where(StaffUser.email == "nuevo@captura.test"))
    assert admin.post(f"/review/users/{newcomer_id}/active", data={"active": "0", "csrf_token": token}).status_code \
        == 302
    assert newcomer.get("/review/leads").status_code == 302  # signed out: the account is inactive
    assert sign_in(newcomer, "nuevo@captura.test").status_code == 401
    assert admin.post("/review/users/1/active", data={"active": "0", "csrf_token": token}).status_code == 400


def test_captura_user_add_reads_the_password_from_stdin(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from captura.cli import main

    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("CAPTURA_INLINE_QUEUE", "1")
    result = CliRunner().invoke(main, ["user", "add", "Ana@Captura.test", "--role", "sales"], input=PASSWORD + "\n")
    assert result.exit_code == 0 and "Created sales ana@captura.test" in result.output
    again = CliRunner().invoke(main, ["user", "add", "ana@captura.test", "--role", "admin"], input=PASSWORD + "\n")
    assert again.exit_code == 1 and "already exists" in again.output
    weak = CliRunner().invoke(main, ["user", "add", "bob@captura.test", "--role", "agent"], input="123\n")
    assert weak.exit_code == 1 and "at least" in weak.output
    runtime = make_runtime(sqlite_url, redis=False)
    try:
        with runtime.sessions() as session:
            assert authenticate(session, "ana@captura.test", PASSWORD, address="127.0.0.1").role == "sales"
    finally:
        runtime.close()
