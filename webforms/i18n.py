"""Language of each request: ``?lang=``, then the ``lang`` cookie, then the browser's preference."""

from __future__ import annotations

from flask import Flask, g, request
from flask_babel import Babel

from captura.i18n import LANGUAGES, TRANSLATIONS_DIR, supported


def select_locale() -> str:
    asked = request.args.get("lang") or request.cookies.get("lang")
    if asked:
        return supported(asked)
    return request.accept_languages.best_match(LANGUAGES) or "en"


def init_app(app: Flask) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS_DIR)
    Babel(app, locale_selector=select_locale)

    @app.before_request
    def _remember_language() -> None:
        g.lang = select_locale()

    @app.after_request
    def _store_language(response):  # type: ignore[no-untyped-def]
        if request.args.get("lang"):
            response.set_cookie("lang", supported(request.args["lang"]), samesite="Lax", httponly=True)
        return response
