"""Helpers for the staff pages: accounts per role, signing in through the real form, CSRF tokens."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from captura.runtime import Runtime
from store.db import unit_of_work
from store.staff import add_user

PASSWORD = "correct horse battery"
ROLES = ("agent", "sales", "admin")


def add_staff(runtime: Runtime, role: str, email: str | None = None) -> str:
    email = email or f"{role}@captura.test"
    with unit_of_work(runtime.sessions) as session:
        add_user(session, email, role, PASSWORD, actor="test")
    return email


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    page = client.get(path)
    match = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_token(client)})


def signed_in_client(app: Flask, runtime: Runtime, role: str) -> FlaskClient:
    client = app.test_client()
    email = f"{role}@captura.test"
    with runtime.sessions() as session:
        from sqlalchemy import select

        from store.models import StaffUser

        exists = session.scalar(select(StaffUser.id).where(StaffUser.email == email))
    if exists is None:
        add_staff(runtime, role, email)
    assert sign_in(client, email).status_code == 302
    return client
