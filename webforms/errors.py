"""Domain errors mapped to HTTP responses, in one place.

API routes (``/api/``) answer JSON; pages answer a short HTML page. No
traceback or personal data ever reaches the response.
"""

from __future__ import annotations

from flask import Flask, g, jsonify, render_template, request
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from captura.i18n import field_error_message
from captura.intake import ConsentMissing, FieldError, IdempotencyConflict, InvalidLead
from store.merge import MergeChoiceError, MergeError, MergeNotFound
from store.queries import InvalidFilter
from store.review import LeadNotFound, ReviewError

RETRY_AFTER_SECONDS = "5"


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
    return request.path.startswith("/api/")


def _problem(status: int, code: str, message: str, **extra: object):  # type: ignore[no-untyped-def]
    if _wants_json():
        return jsonify({"error": code, "message": message, **extra}), status
    return render_template("error.html", status=status, message=message), status


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
        response[0].headers["Retry-After"] = RETRY_AFTER_SECONDS
        return response

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):  # type: ignore[no-untyped-def]
        messages = {413: "The request is too large.", 404: "Not found.", 405: "Method not allowed."}
        return _problem(error.code or 500, (error.name or "error").lower().replace(" ", "_"),
                        messages.get(error.code or 500, error.description or "Error."))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):  # type: ignore[no-untyped-def]
        app.logger.exception("unexpected error", exc_info=error)
        return _problem(500, "internal", "Something went wrong on our side; nothing you sent was lost.")
