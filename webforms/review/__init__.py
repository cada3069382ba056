"""``/review``: the dashboard where captured leads become customers.

One blueprint, one module per area (leads, duplicates, segments, export,
data-subject rights); each route declares its roles with ``role_required``
right above it. Every POST carries the session's CSRF token.
"""

from __future__ import annotations

from flask import Blueprint

from webforms.auth import refuse_nul_bytes, require_csrf

blueprint = Blueprint("review", __name__, url_prefix="/review")
blueprint.before_request(refuse_nul_bytes)
blueprint.before_request(require_csrf)

# Sales work the leads; admins can do everything sales can, plus users, erasure and settings.
SALES = ("sales", "admin")
ADMIN = ("admin",)

from webforms.review import (  # noqa: E402,F401  (routes)
    companies,
    duplicates,
    exports,
    leads,
    privacy,
    segments,
    submissions,
    users,
)
