"""Per-address rate limits on the public doors (form, API, web chat).

The counters live in Redis when the runtime's queue is Redis, so every web
process shares them; otherwise in this process's memory (the embedded
default). A Redis that stops answering falls back to memory rather than
turning every submission into an error. Callers with an API token are
exempt: they are known systems, limited by their own contract.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Blueprint, Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from captura.config import DEFAULT_REDIS_URL
from captura.runtime import Runtime

POST_LIMITS = {
    "form": "20/minute",
    "chat": "60/minute",
    "api": "300/minute",
}
"""Per door and per address. A person retyping a form needs a few posts a minute and a bot far more;
a chat is a few messages a minute (the engine also slows bursts); the API serves backends that may
post a batch without a token, so it only stops floods (token callers are exempt altogether)."""


def storage_uri(runtime: Runtime) -> str:
    """Redis when the queue is Redis (same server), memory otherwise."""
    if runtime.queue.kind == "redis":
        return runtime.settings.redis_url or DEFAULT_REDIS_URL
    return "memory://"


def init_app(app: Flask, runtime: Runtime, blueprints: Iterable[Blueprint],
             exempt_when: Callable[[], bool]) -> Limiter:
    """Limit POSTs on ``blueprints`` (named as in POST_LIMITS) per remote address; before they are registered.

    The key prefix carries the queue name so two deployments (or two test
    runs) sharing one Redis never share counters.
    """
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=storage_uri(runtime),
        key_prefix=f"captura-limits:{runtime.settings.queue_name}",
        in_memory_fallback_enabled=True,
        headers_enabled=True,
    )
    # A request filter runs before any limit is looked up: token callers cost nothing here.
    limiter.request_filter(exempt_when)
    for blueprint in blueprints:
        limiter.limit(POST_LIMITS[blueprint.name], methods=["POST"])(blueprint)
    return limiter
