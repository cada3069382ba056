"""Per-address rate limits on the public doors (form, API, web chat) and on staff sign-in.

The counters live in Redis when the runtime's queue is Redis, so every web
process shares them; otherwise in this process's memory (the embedded
default). A Redis that stops answering falls back to memory rather than
turning every submission into an error. Callers with an API token are
exempt: they are known systems, limited by their own contract.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Blueprint, Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from captura.config import DEFAULT_REDIS_URL
from captura.runtime import Runtime

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


def storage_uri(runtime: Runtime) -> str:
    """Redis when the queue is Redis (same server), memory otherwise."""
    if runtime.queue.kind == "redis":
        return runtime.settings.redis_url or DEFAULT_REDIS_URL
    return "memory://"


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
    limiter = DoorLimiter(
        get_remote_address,
        limited_blueprints=[blueprint.name for blueprint in blueprints],
        exempt_when=exempt_when,
        app=app,
        storage_uri=storage_uri(runtime),
        key_prefix=f"captura-limits:{runtime.settings.queue_name}",
        in_memory_fallback_enabled=True,
        headers_enabled=True,
    )
    for blueprint in blueprints:
        limiter.limit(POST_LIMITS[blueprint.name], methods=["POST"])(blueprint)
    return limiter
