"""The web doors and the review pages: a Flask application factory with one blueprint per area."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from captura.config import Settings
from captura.logs import configure_logging_once
from captura.runtime import Runtime


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    """Build the web application; nothing is created at import time.

    ``runtime`` lets a caller (``captura up``, tests) share its engine and
    queue; otherwise one is started from ``settings`` (default: environment).
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

    configure_logging_once()
    settings = settings or (runtime.settings if runtime else Settings.from_env())
    runtime = runtime or Runtime.start(settings)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        **{embed.CONFIG_KEY: embed.FormConfig.load(settings.form_config_path),
           api_tokens.CONFIG_KEY: api_tokens.parse_tokens(settings.api_tokens)},
    )
    app.extensions["captura"] = runtime
    i18n.init_app(app)
    errors.init_app(app)
    auth.init_app(app, settings)
    security.init_app(app, settings)
    limits.init_app(app, runtime, [form.blueprint, api.blueprint, chat.blueprint, auth.blueprint],
                    exempt_when=api_tokens.is_token_caller)
    for blueprint in (form.blueprint, api.blueprint, health.blueprint, embed.blueprint, chat.blueprint,
                      desk.blueprint, review.blueprint):
        app.register_blueprint(blueprint)
    if settings.trusted_proxies:
        # Behind N proxies, the client's address (rate limits) and https (Secure cookies, HSTS) come from
        # their X-Forwarded-* headers. Without proxies those headers are the client's own words: ignored.
        hops = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)  # type: ignore[method-assign]
    return app

