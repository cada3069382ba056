"""Security headers on every response, in one place.

A strict Content-Security-Policy (no inline script or style: every page's
script and CSS are files under /static), no sniffing, a tight referrer
policy, HSTS on HTTPS, ``Cache-Control: no-store`` on everything that does
not set its own caching (dashboard pages hold personal data; a shared or
back-button cache must not keep them), and ``frame-ancestors`` that only the embeddable form
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

    common = [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "strict-origin-when-cross-origin"),
              ("Permissions-Policy", "camera=(), microphone=(), geolocation=()")]
    framed = [("Content-Security-Policy", embed_policy), *common]
    unframed = [("Content-Security-Policy", strict_policy), ("X-Frame-Options", "DENY"), *common]

    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = list(framed if _is_embeddable() else unframed)
        if request.is_secure:
            headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
        headers.append(("Cache-Control", "no-store"))  # unless the response chose its own (static files, scripts)
        present = {name.lower() for name, _ in response.headers}
        response.headers.extend([(name, value) for name, value in headers if name.lower() not in present])
        return response
