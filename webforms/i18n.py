"""Language of each request: ``?lang=``, then the ``lang`` cookie, then the browser's preference."""

from __future__ import annotations

from flask import Flask, has_request_context, request
from flask.ctx import _AppCtxGlobals
from flask_babel import Babel

from captura.i18n import LANGUAGES, TRANSLATIONS_DIR, supported


def select_locale() -> str:
    asked = request.args.get("lang") or request.cookies.get("lang")
    if asked:
        return supported(asked)
    return request.accept_languages.best_match(LANGUAGES) or "en"


class RequestGlobals(_AppCtxGlobals):
    """``g`` with ``g.lang`` worked out on first use: the API door rarely needs it, pages always do."""

    @property
    def lang(self) -> str:
        if "_lang" not in self.__dict__:
            self.__dict__["_lang"] = select_locale() if has_request_context() else "en"
        return self.__dict__["_lang"]


def init_app(app: Flask) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS_DIR)
    app.app_ctx_globals_class = RequestGlobals
    Babel(app, locale_selector=select_locale)

    @app.after_request
    def _store_language(response):  # type: ignore[no-untyped-def]
        if request.args.get("lang"):
            response.set_cookie("lang", supported(request.args["lang"]), samesite="Lax", httponly=True)
        return response
