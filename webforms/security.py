"""Response headers that keep pages safe: a strict Content Security Policy, framing rules.

No page has inline script, so ``script-src 'self'`` holds everywhere. Only the
embeddable form (``/form?embed=1``, its thanks page and the privacy page it
links to) may be framed by other sites; everything else only by ourselves.
"""

from __future__ import annotations

from flask import Flask, Response, request

EMBEDDABLE = {"/form", "/form/thanks"}


def init_app(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        framed = request.path in EMBEDDABLE and request.args.get("embed") == "1"
        ancestors = "*" if framed else "'self'"
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        return response
