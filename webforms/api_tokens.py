"""Server-to-server callers of the JSON API, known by a bearer token.

Tokens come from ``CAPTURA_API_TOKENS`` as ``name:secret`` pairs separated by
commas (a bare ``secret`` is named ``token1``, ``token2``…). A request with
``Authorization: Bearer <secret>`` is that caller: its submissions are marked
``source_ref=api-token:<name>`` and it is exempt from the per-address limit.
The public endpoint stays open (a website's own backend may post without a
token) but is rate-limited; a *wrong* token is refused with 401 rather than
silently treated as anonymous, so a misconfigured integration is noticed.
"""

from __future__ import annotations

import hmac

from flask import current_app, g, request
from werkzeug.exceptions import Unauthorized

CONFIG_KEY = "CAPTURA_API_TOKENS"


def parse_tokens(spec: str | None) -> dict[str, str]:
    """``"crm:s3cret, erp:other"`` → ``{"crm": "s3cret", "erp": "other"}``."""
    tokens: dict[str, str] = {}
    for number, item in enumerate((part.strip() for part in (spec or "").split(",")), start=1):
        if not item:
            continue
        name, _, secret = item.partition(":") if ":" in item else (f"token{number}", "", item)
        if len(secret) >= 8:  # a short secret is a typo, not a credential
            tokens[name.strip() or f"token{number}"] = secret
    return tokens


def api_caller() -> str | None:
    """The token name of this request's caller, None when anonymous; 401 for a wrong token.

    The comparison runs over every known token in constant time so the
    answer's timing does not tell which prefix matched.
    """
    if "api_caller" in g:
        return g.api_caller
    header = request.headers.get("Authorization", "")
    caller = None
    if header:
        scheme, _, presented = header.partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            raise Unauthorized("Use 'Authorization: Bearer <token>'.")
        caller = _match(presented.strip().encode())
        if caller is None:
            raise Unauthorized("This API token is not valid.")
    g.api_caller = caller
    return caller


def _match(presented: bytes) -> str | None:
    found = None
    for name, secret in current_app.config.get(CONFIG_KEY, {}).items():
        if hmac.compare_digest(presented, secret.encode()):
            found = name
    return found


def is_token_caller() -> bool:
    """For the rate limiter: token callers are exempt (a wrong token is limited like anyone)."""
    if not request.path.startswith("/api/"):
        return False
    try:
        return api_caller() is not None
    except Unauthorized:
        return False
