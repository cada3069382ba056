"""The reference pieces ``bench/load.py`` measures Captura against: only the irreducible work.

- the reference door: a bare Flask endpoint that parses the JSON body, does
  one INSERT + COMMIT into PostgreSQL through a connection pool and one rq
  enqueue;
- the reference worker: an rq ``SimpleWorker`` whose job is one INSERT +
  COMMIT per lead.

Served by gunicorn with the same settings as Captura's web tier:
``gunicorn 'bench.reference:create_app()'`` with ``REFERENCE_DATABASE_URL``,
``REFERENCE_REDIS_URL`` and ``REFERENCE_QUEUE`` in the environment.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

from flask import Flask, jsonify, request
from psycopg_pool import ConnectionPool
from redis import Redis
from rq import Queue

SCHEMA = """
CREATE TABLE IF NOT EXISTS reference_submissions (id BIGSERIAL PRIMARY KEY, payload JSONB NOT NULL);
CREATE TABLE IF NOT EXISTS reference_leads (id BIGSERIAL PRIMARY KEY, submission_id BIGINT NOT NULL,
                                            email TEXT, name TEXT);
"""


@lru_cache(maxsize=1)
def _pool() -> ConnectionPool:
    return ConnectionPool(os.environ["REFERENCE_DATABASE_URL"], min_size=2, max_size=8, open=True)


@lru_cache(maxsize=1)
def _queue() -> Queue:
    return Queue(os.environ.get("REFERENCE_QUEUE", "reference"),
                 connection=Redis.from_url(os.environ["REFERENCE_REDIS_URL"]))


def create_app() -> Flask:
    app = Flask(__name__)

    @app.post("/leads")
    def create_lead():  # type: ignore[no-untyped-def]
        body = request.get_json()
        with _pool().connection() as connection:
            submission_id = connection.execute(
                "INSERT INTO reference_submissions (payload) VALUES (%s) RETURNING id", (json.dumps(body),)
            ).fetchone()[0]
        _queue().enqueue(reference_job, submission_id, body.get("email"), body.get("name"))
        return jsonify({"submission_id": submission_id}), 202

    return app


def reference_job(submission_id: int, email: str | None, name: str | None) -> None:
    """One INSERT + COMMIT per lead: the irreducible work of a worker."""
    with _pool().connection() as connection:
        connection.execute("INSERT INTO reference_leads (submission_id, email, name) VALUES (%s, %s, %s)",
                           (submission_id, email, name))
