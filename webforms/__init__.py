"""The web doors and the review pages: a Flask application factory with one blueprint per area."""

from __future__ import annotations

import os

from flask import Flask

from captura.config import Settings
from captura.runtime import Runtime


def create_app(settings: Settings | None = None, runtime: Runtime | None = None,
               environ: dict[str, str] | None = None) -> Flask:
    """Build the web application; nothing is created at import time.

    ``runtime`` lets a caller (``captura up``, tests) share its engine and
    queue; otherwise one is started from ``settings`` (default: environment).
    ``environ`` (default: the process environment) gives the web-only
    settings: ``CAPTURA_FORM_CONFIG`` and ``CAPTURA_API_TOKENS``.
    """
    from webforms import (
        api,
        api_tokens,
        auth,
        chat,
        desk,
        embed,
        errors,
        form,
        health,
        i18n,
        limits,
        review,
        security,
    )

    settings = settings or (runtime.settings if runtime else Settings.from_env())
    runtime = runtime or Runtime.start(settings)
    env = os.environ if environ is None else environ
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        **{embed.CONFIG_KEY: embed.FormConfig.load(env.get("CAPTURA_FORM_CONFIG")),
           api_tokens.CONFIG_KEY: api_tokens.parse_tokens(env.get("CAPTURA_API_TOKENS"))},
    )
    app.extensions["captura"] = runtime
    i18n.init_app(app)
    errors.init_app(app)
    auth.init_app(app, settings)
    security.init_app(app, settings)
    limits.init_app(app, runtime, [form.blueprint, api.blueprint, chat.blueprint],
                    exempt_when=api_tokens.is_token_caller)
    for blueprint in (form.blueprint, api.blueprint, health.blueprint, embed.blueprint, chat.blueprint,
                      desk.blueprint, review.blueprint):
        app.register_blueprint(blueprint)
    return app

