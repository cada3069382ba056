"""Domain errors mapped to HTTP responses, in one place.

API routes (``/api/``) answer JSON; pages answer a short HTML page. No
traceback or personal data ever reaches the response.
"""

from __future__ import annotations

from flask import Flask, Response, g, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from captura.i18n import field_error_message
from captura.intake import ConsentMissing, FieldError, IdempotencyConflict, InvalidLead
from store.merge import MergeChoiceError, MergeError, MergeNotFound
from store.queries import InvalidFilter
from store.review import LeadNotFound, ReviewError

RETRY_AFTER_SECONDS = "5"
HTTP_MESSAGES = {
    400: _l("The request could not be read."),
    401: _l("Sign in or give a valid API token."),
    403: _l("You are not allowed to do that."),
    404: _l("Not found."),
    405: _l("Method not allowed."),
    413: _l("The request is too large."),
    415: _l("Send the data as JSON (Content-Type: application/json)."),
    429: _l("Too many requests from your address. Please wait a minute and try again."),
}


def field_errors_json(errors: dict[str, FieldError]) -> dict[str, dict[str, str]]:
    language = getattr(g, "lang", "en")
    return {name: {"code": error.code, "message": field_error_message(error.code, language)}
            for name, error in errors.items()}


def validation_errors(error: ValidationError) -> dict[str, FieldError]:
    """pydantic's errors keyed by the dotted field path."""
    result: dict[str, FieldError] = {}
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"]) or "body"
        result.setdefault(name, FieldError(f"invalid.{item['type']}", item["msg"]))
    return result


def _wants_json() -> bool:
    return request.path.startswith(("/api/", "/chat/api/"))


def _problem(status: int, code: str, message: str, **extra: object) -> Response:
    if _wants_json():
        return make_response(jsonify({"error": code, "message": message, **extra}), status)
    return make_response(render_template("error.html", status=status, message=message), status)


def init_app(app: Flask) -> None:
    @app.errorhandler(InvalidLead)
    def _invalid(error: InvalidLead):  # type: ignore[no-untyped-def]
        return _problem(422, "invalid", "Some fields are not valid.", errors=field_errors_json(error.errors))

    @app.errorhandler(ValidationError)
    def _invalid_shape(error: ValidationError):  # type: ignore[no-untyped-def]
        return _problem(422, "invalid", "Some fields are not valid.",
                        errors=field_errors_json(validation_errors(error)))

    @app.errorhandler(ConsentMissing)
    def _no_consent(error: ConsentMissing):  # type: ignore[no-untyped-def]
        return _problem(422, ConsentMissing.code, str(error),
                        errors=field_errors_json({"consent": FieldError(ConsentMissing.code, str(error))}))

    @app.errorhandler(IdempotencyConflict)
    def _conflict(error: IdempotencyConflict):  # type: ignore[no-untyped-def]
        return _problem(409, "idempotency_conflict", str(error), submission_id=error.submission_id)

    # The review dashboard: bad filters and refused edits are the sender's to fix; nothing was changed.
    @app.errorhandler(InvalidFilter)
    @app.errorhandler(ReviewError)
    def _refused(error: Exception):  # type: ignore[no-untyped-def]
        if isinstance(error, LeadNotFound):
            return _problem(404, "not_found", str(error))
        return _problem(400, "invalid", str(error))

    @app.errorhandler(MergeError)
    def _merge_refused(error: MergeError):  # type: ignore[no-untyped-def]
        status = 404 if isinstance(error, MergeNotFound) else 400 if isinstance(error, MergeChoiceError) else 409
        return _problem(status, "merge_refused", str(error))

    @app.errorhandler(OperationalError)
    def _database_down(_error: OperationalError):  # type: ignore[no-untyped-def]
        response = _problem(503, "unavailable", "The service is busy or down; nothing was stored. "
                            "Please try again in a few seconds.")
        response.headers["Retry-After"] = RETRY_AFTER_SECONDS
        return response

    @app.errorhandler(RateLimitExceeded)
    def _too_many(error: RateLimitExceeded):  # type: ignore[no-untyped-def]
        return _problem(429, "too_many_requests", str(HTTP_MESSAGES[429]), limit=str(error.description))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):  # type: ignore[no-untyped-def]
        code = error.code or 500
        described = code in (400, 401, 415) and error.description and error.description != type(error).description
        message = error.description if described else HTTP_MESSAGES.get(code, error.description or _("Error."))
        response = _problem(code, (error.name or "error").lower().replace(" ", "_"), str(message))
        if code == 401 and _wants_json():
            response.headers["WWW-Authenticate"] = 'Bearer realm="captura"'
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):  # type: ignore[no-untyped-def]
        app.logger.exception("unexpected error", exc_info=error)
        return _problem(500, "internal", "Something went wrong on our side; nothing you sent was lost.")
