"""Every route of the application against every role, from the route table itself.

A route is either public by declaration (``webforms.auth.PUBLIC_ENDPOINTS`` or
``@public``) or declares its roles with ``role_required``; anything else fails
here, so a page cannot be left open by forgetting a decorator. Declared
routes are then requested anonymously (sent to sign in) and by each role
they do not admit (403), with a valid CSRF token so the refusal tested is the
role's, not the token's.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.routing import Rule

from captura.runtime import Runtime
from tests.conftest import make_runtime
from tests.web.staff_helpers import ROLES, csrf_token, signed_in_client
from webforms import create_app
from webforms.auth import access_rule


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, sqlite_template) -> Iterator[tuple[Flask, Runtime]]:  # type: ignore[no-untyped-def]
    import shutil

    path = tmp_path_factory.mktemp("routes") / "captura.db"
    shutil.copy(sqlite_template, path)
    runtime = make_runtime(f"sqlite:///{path}", redis=False, secure_cookies=False)
    yield create_app(runtime=runtime), runtime
    runtime.close()


def routes(app: Flask) -> list[tuple[Rule, str]]:
    return [(rule, method) for rule in app.url_map.iter_rules()
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})]


def url_for_rule(rule: Rule) -> str:
    """A concrete URL for the rule, with 1 for every argument (the lead, merge… with id 1)."""
    values = {name: "1" if name != "filename" else "captura.css" for name in rule.arguments}
    return rule.build(values, append_unknown=False)[1]  # type: ignore[index]


def test_every_route_is_public_or_declares_its_roles(app: tuple[Flask, Runtime]) -> None:
    flask_app, _ = app
    undeclared = sorted(rule.endpoint for rule in flask_app.url_map.iter_rules()
                        if access_rule(flask_app, rule.endpoint) is None)
    assert undeclared == [], f"declare these routes public or wrap them in role_required: {undeclared}"


def test_anonymous_visitors_are_refused_every_staff_route(app: tuple[Flask, Runtime]) -> None:
    flask_app, _ = app
    client = flask_app.test_client()
    token = csrf_token(client)
    for rule, method in routes(flask_app):
        if not access_rule(flask_app, rule.endpoint):
            continue
        response = client.open(url_for_rule(rule), method=method, data={"csrf_token": token})
        assert response.status_code in (302, 401), (rule.rule, method, response.status_code)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"], rule.rule


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_refused_the_routes_it_is_not_given(app: tuple[Flask, Runtime], role: str) -> None:
    flask_app, runtime = app
    client = signed_in_client(flask_app, runtime, role)
    token = csrf_token(client)
    checked = 0
    for rule, method in routes(flask_app):
        roles = access_rule(flask_app, rule.endpoint)
        if not roles or role in roles:
            continue
        response = client.open(url_for_rule(rule), method=method, data={"csrf_token": token})
        assert response.status_code == 403, (role, rule.rule, method, response.status_code)
        checked += 1
    assert role == "admin" or checked or not any(access_rule(flask_app, r.endpoint) for r, _ in routes(flask_app))


def _admitted_role(roles: frozenset[str]) -> str:
    return "admin" if "admin" in roles else sorted(roles)[0]


def test_no_staff_page_may_be_kept_by_a_cache(app: tuple[Flask, Runtime]) -> None:
    """Dashboard pages hold personal data: no shared cache, and no back button after sign-out, may keep them."""
    flask_app, runtime = app
    clients = {role: signed_in_client(flask_app, runtime, role) for role in ROLES}
    pages = [rule for rule, method in routes(flask_app) if method == "GET" and access_rule(flask_app, rule.endpoint)]
    assert pages
    for rule in pages:
        response = clients[_admitted_role(access_rule(flask_app, rule.endpoint) or frozenset())].get(url_for_rule(rule))
        assert "no-store" in response.headers.get("Cache-Control", ""), (rule.rule, response.status_code)


def test_a_cookie_kept_after_sign_out_opens_no_staff_route(app: tuple[Flask, Runtime]) -> None:
    flask_app, runtime = app
    admin = signed_in_client(flask_app, runtime, "admin")
    token = csrf_token(admin)
    cookie = admin.get_cookie("session")
    assert cookie is not None
    assert admin.post("/logout", data={"csrf_token": token}).status_code == 302
    copy = flask_app.test_client()
    copy.set_cookie("session", cookie.value)
    for rule, method in routes(flask_app):
        if access_rule(flask_app, rule.endpoint):
            response = copy.open(url_for_rule(rule), method=method, data={"csrf_token": token})
            assert response.status_code == 302 and "/login" in response.headers["Location"], (rule.rule, method)
