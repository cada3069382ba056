"""Per-address rate limits on the public doors (form, API, web chat) and on staff sign-in.

The counters live where every web process sees them: in Redis when the
runtime's queue is Redis, otherwise in the store's ``rate_limits`` table
(``SQLCounters``). Counters in each process's memory let one address post
once per worker (56 form posts a minute against the 20 promised, with four
workers). A Redis that stops answering falls back to memory rather than
turning every submission into an error. Callers with an API token are
exempt: they are known systems, limited by their own contract.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Blueprint, Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits.storage import Storage
from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from captura.config import DEFAULT_REDIS_URL
from captura.runtime import Runtime
from store import rate_limits
from store.db import read_only

POST_LIMITS = {
    "form": "20/minute",
    "chat": "60/minute",
    "api": "300/minute",
    "auth": "15/minute",
}
"""Per door and per address. A person retyping a form needs a few posts a minute and a bot far more;
a chat is a few messages a minute (the engine also slows bursts); the API serves backends that may
post a batch without a token, so it only stops floods (token callers are exempt altogether). Sign-in
locks an account after a few wrong passwords (``store.staff``); this limit is the other half, against
one address trying many accounts, with room for an office signing in behind one address."""


SQL_SCHEME = "captura-sql"
PRUNE_EVERY = 1_000


class SQLCounters(Storage):
    """Flask-Limiter's counters (fixed windows) in the store, for deployments without Redis.

    One statement per hit (``store.rate_limits.hit``); windows that are over
    are deleted every ``PRUNE_EVERY`` hits of a process.
    """

    STORAGE_SCHEME = [SQL_SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, *, engine: Engine,
                 **_options: object) -> None:
        super().__init__(uri, wrap_exceptions)
        self.engine = engine
        self.hits_since_prune = 0

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        self.hits_since_prune += 1
        with self.engine.begin() as connection:
            window = rate_limits.hit(connection, key, expiry, amount=amount)
            if self.hits_since_prune >= PRUNE_EVERY:
                self.hits_since_prune = 0
                rate_limits.prune(connection)
        return window.hits

    def get(self, key: str) -> int:
        with read_only(self.engine) as connection:
            return rate_limits.current(connection, key).hits

    def get_expiry(self, key: str) -> float:
        with read_only(self.engine) as connection:
            return rate_limits.current(connection, key).ends

    def check(self) -> bool:
        try:
            with read_only(self.engine) as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.engine.begin() as connection:
            return rate_limits.clear_prefix(connection, "")

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            rate_limits.clear(connection, key)


def storage_settings(runtime: Runtime) -> tuple[str, dict[str, object]]:
    """Redis when the queue is Redis (same server), the store otherwise: the URI and its options."""
    if runtime.queue.kind == "redis":
        return runtime.settings.redis_url or DEFAULT_REDIS_URL, {}
    return f"{SQL_SCHEME}://", {"engine": runtime.engine}


class DoorLimiter(Limiter):
    """Flask-Limiter, asked only about the requests that can be limited: POSTs to the limited doors.

    Flask-Limiter looks up and evaluates limits for every request before it
    consults its request filters, which costs a token caller on the API
    (exempt, and the busiest request there is) as much as a limited one.
    Deciding here first keeps every other request out of it.
    """

    def __init__(self, *args: object, limited_blueprints: Iterable[str], exempt_when: Callable[[], bool],
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.limited_blueprints = frozenset(limited_blueprints)
        self.exempt_when = exempt_when

    def _check_request_limit(self, callable_name: str | None = None, in_middleware: bool = True) -> None:
        if request.method != "POST" or request.blueprint not in self.limited_blueprints or self.exempt_when():
            return
        super()._check_request_limit(callable_name, in_middleware)


def init_app(app: Flask, runtime: Runtime, blueprints: Iterable[Blueprint],
             exempt_when: Callable[[], bool]) -> Limiter:
    """Limit POSTs on ``blueprints`` (named as in POST_LIMITS) per remote address; before they are registered.

    The key prefix carries the queue name so two deployments (or two test
    runs) sharing one Redis never share counters.
    """
    blueprints = list(blueprints)
    uri, options = storage_settings(runtime)
    limiter = DoorLimiter(
        get_remote_address,
        limited_blueprints=[blueprint.name for blueprint in blueprints],
        exempt_when=exempt_when,
        app=app,
        storage_uri=uri,
        storage_options=options,
        key_prefix=f"captura-limits:{runtime.settings.queue_name}",
        in_memory_fallback_enabled=True,
        headers_enabled=True,
    )
    for blueprint in blueprints:
        limiter.limit(POST_LIMITS[blueprint.name], methods=["POST"])(blueprint)
    return limiter
