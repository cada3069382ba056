"""Accounts after the security review: sessions that really end, passwords people choose, throttles nobody abuses."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from captura.cli import main
from captura.runtime import Runtime
from store.db import unit_of_work
from store.models import StaffUser
from store.staff import MAX_FAILED_SIGN_INS, StaffError, add_user, ensure_first_admin
from tests.conftest import make_runtime
from tests.web.staff_helpers import PASSWORD, add_staff, csrf_token, sign_in
from webforms import create_app

NEW_PASSWORD = "violet kettle marathon"


@pytest.fixture
def app(sqlite_url: str) -> Iterator[tuple[Flask, Runtime]]:
    runtime = make_runtime(sqlite_url, redis=False, secure_cookies=False)
    yield create_app(runtime=runtime), runtime
    runtime.close()


def _copy_of(flask_app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of ``client``'s session cookie, as taken before sign-out."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = flask_app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def _staff_id(runtime: Runtime, email: str) -> int:
    with runtime.sessions() as session:
        return session.scalar(select(StaffUser.id).where(StaffUser.email == email)) or 0


def test_a_cookie_copied_before_sign_out_no_longer_opens_pages_or_posts(app: tuple[Flask, Runtime]) -> None:
    flask_app, runtime = app
    admin = flask_app.test_client()
    sign_in(admin, add_staff(runtime, "admin"))
    thief = _copy_of(flask_app, admin)
    token = csrf_token(thief, "/review/users")  # the copy works while the session lives
    assert admin.post("/logout", data={"csrf_token": csrf_token(admin)}).status_code == 302
    assert thief.get("/review/users").status_code == 302  # to the sign-in page
    posted = thief.post("/review/users", data={"email": "mole@captura.test", "role": "admin",
                                               "password": NEW_PASSWORD, "csrf_token": token})
    assert posted.status_code == 302 and "/login" in posted.headers["Location"]
    assert _staff_id(runtime, "mole@captura.test") == 0


def test_a_new_password_ends_every_other_session_and_keeps_this_one(app: tuple[Flask, Runtime]) -> None:
    flask_app, runtime = app
    email = add_staff(runtime, "sales")
    laptop, phone = flask_app.test_client(), flask_app.test_client()
    sign_in(laptop, email), sign_in(phone, email)
    token = csrf_token(laptop, "/account/password")
    weak = laptop.post("/account/password", data={"current": PASSWORD, "new": "Password1234",
                                                  "again": "Password1234", "csrf_token": token})
    assert weak.status_code == 400 and b"too easy to guess" in weak.data
    wrong = laptop.post("/account/password", data={"current": "not it at all", "new": NEW_PASSWORD,
                                                   "again": NEW_PASSWORD, "csrf_token": token})
    assert wrong.status_code == 400 and b"current password is not right" in wrong.data
    changed = laptop.post("/account/password", data={"current": PASSWORD, "new": NEW_PASSWORD,
                                                     "again": NEW_PASSWORD, "csrf_token": token})
    assert changed.status_code == 302
    assert laptop.get("/review/leads").status_code == 200
    assert phone.get("/review/leads").status_code == 302
    assert sign_in(flask_app.test_client(), email).status_code == 401
    assert sign_in(flask_app.test_client(), email, NEW_PASSWORD).status_code == 302


def test_a_new_role_ends_the_persons_sessions(app: tuple[Flask, Runtime]) -> None:
    flask_app, runtime = app
    admin, person = flask_app.test_client(), flask_app.test_client()
    sign_in(admin, add_staff(runtime, "admin"))
    sign_in(person, add_staff(runtime, "sales"))
    assert person.get("/review/leads").status_code == 200
    moved = admin.post(f"/review/users/{_staff_id(runtime, 'sales@captura.test')}/role",
                       data={"role": "agent", "csrf_token": csrf_token(admin, "/review/users")})
    assert moved.status_code == 302
    assert person.get("/review/leads").status_code == 302
    assert sign_in(person, "sales@captura.test").headers["Location"].endswith("/desk")


def test_the_first_admin_must_choose_a_password_before_anything_else(app: tuple[Flask, Runtime]) -> None:
    flask_app, runtime = app
    with unit_of_work(runtime.sessions) as session:
        email, one_time = ensure_first_admin(session) or ("", "")
    client = flask_app.test_client()
    assert sign_in(client, email, one_time).headers["Location"].endswith("/account/password")
    assert client.get("/review/users").headers["Location"].endswith("/account/password")
    token = csrf_token(client, "/account/password")
    client.post("/account/password", data={"current": one_time, "new": NEW_PASSWORD, "again": NEW_PASSWORD,
                                           "csrf_token": token})
    assert client.get("/review/users").status_code == 200


def test_common_passwords_are_refused_everywhere(inline_runtime: Runtime) -> None:
    for weak in ("password123", "Password1234", "qwertyuiop", "iloveyou12", "captura2024!", "salescaptura"):
        with pytest.raises(StaffError, match=r"too easy to guess|at least"), \
                unit_of_work(inline_runtime.sessions) as session:
            add_user(session, "sales@captura.test", "sales", weak, actor="test")


def _failed_sign_in_seconds(client: FlaskClient, email: str) -> float:
    started = time.perf_counter()
    assert sign_in(client, email, "not the password").status_code == 401
    return time.perf_counter() - started


def test_a_throttled_answer_costs_as_much_as_a_checked_one(app: tuple[Flask, Runtime]) -> None:
    """A quick answer for a throttled account would tell that the account exists."""
    flask_app, runtime = app
    email = add_staff(runtime, "sales")
    client = flask_app.test_client()
    checked = [_failed_sign_in_seconds(client, email) for _ in range(MAX_FAILED_SIGN_INS)]
    throttled = [_failed_sign_in_seconds(client, email) for _ in range(3)]
    assert statistics.median(throttled) > statistics.median(checked) / 2, (checked, throttled)


def test_an_admin_unlocks_an_account_from_the_page_and_the_cli(app: tuple[Flask, Runtime], sqlite_url: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    flask_app, runtime = app
    admin = flask_app.test_client()
    sign_in(admin, add_staff(runtime, "admin"))
    email = add_staff(runtime, "sales")
    person = flask_app.test_client()

    def throttle() -> None:
        for _ in range(MAX_FAILED_SIGN_INS):
            sign_in(person, email, "not the password")
        assert sign_in(person, email).status_code == 401

    throttle()
    unlocked = admin.post(f"/review/users/{_staff_id(runtime, email)}/unlock",
                          data={"csrf_token": csrf_token(admin, "/review/users")})
    assert unlocked.status_code == 302
    assert sign_in(person, email).status_code == 302
    throttle()
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("CAPTURA_INLINE_QUEUE", "1")
    result = CliRunner().invoke(main, ["user", "unlock", email])
    assert result.exit_code == 0 and "1 address" in result.output
    assert sign_in(person, email).status_code == 302


def test_cli_sets_and_resets_passwords(app: tuple[Flask, Runtime], sqlite_url: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    flask_app, runtime = app
    email = add_staff(runtime, "sales")
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("CAPTURA_INLINE_QUEUE", "1")
    weak = CliRunner().invoke(main, ["user", "password", email], input="qwertyuiop1\n")
    assert weak.exit_code == 1 and "too easy to guess" in weak.output
    assert CliRunner().invoke(main, ["user", "password", email], input=NEW_PASSWORD + "\n").exit_code == 0
    assert sign_in(flask_app.test_client(), email, NEW_PASSWORD).status_code == 302
    reset = CliRunner().invoke(main, ["user", "reset", email])
    one_time = re.search(r"One-time password for \S+: (\S+)", reset.output)
    assert reset.exit_code == 0 and one_time
    signed = sign_in(flask_app.test_client(), email, one_time.group(1))
    assert signed.headers["Location"].endswith("/account/password")
    missing = CliRunner().invoke(main, ["user", "reset", "nobody@captura.test"])
    assert missing.exit_code == 1 and "no staff account" in missing.output
