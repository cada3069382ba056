"""Security headers on every response, in one place.

A strict Content-Security-Policy (no inline script or style: every page's
script and CSS are files under /static), no sniffing, a tight referrer
policy, HSTS on HTTPS, and ``frame-ancestors`` that only the embeddable form
relaxes, to the sites listed in ``CAPTURA_FRAME_ANCESTORS``. Written as an
``after_request`` hook rather than with Flask-Talisman: the policy is short
and this keeps the embed exception visible next to it.
"""

from __future__ import annotations

from flask import Flask, Response, request

from captura.config import Settings

BASE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def content_security_policy(frame_ancestors: str) -> str:
    return "; ".join(f"{name} {value}" for name, value in {**BASE_POLICY,
                                                           "frame-ancestors": frame_ancestors}.items())


def _is_embeddable() -> bool:
    """The public form shown inside a company's own page (``/form?embed=1``) and its thanks page."""
    return request.path.startswith("/form") and request.args.get("embed") == "1"


def init_app(app: Flask, settings: Settings) -> None:
    embed_ancestors = " ".join(["'self'", *settings.frame_ancestors]) if settings.frame_ancestors else "'self'"
    strict_policy = content_security_policy("'none'")
    embed_policy = content_security_policy(embed_ancestors)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        embeddable = _is_embeddable()
        response.headers.setdefault("Content-Security-Policy", embed_policy if embeddable else strict_policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if not embeddable:
            response.headers.setdefault("X-Frame-Options", "DENY")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.path.startswith("/api/") or request.method != "GET":
            response.headers.setdefault("Cache-Control", "no-store")
        return response
