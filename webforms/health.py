"""``GET /healthz``: does the database answer, does the queue answer."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from store.db import read_only
from webforms.runtime import runtime

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    services = runtime()
    database_ok = _database_answers(services.engine)
    queue_ok = services.queue.ping()
    body = {
        "status": "ok" if database_ok and queue_ok else "degraded",
        "database": {"ok": database_ok, "backend": services.engine.dialect.name},
        "queue": {"ok": queue_ok, "kind": services.queue.kind, "depth": services.queue.depth()},
    }
    return jsonify(body), 200 if database_ok else 503


def _database_answers(engine) -> bool:  # type: ignore[no-untyped-def]
    try:
        with read_only(engine) as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True
