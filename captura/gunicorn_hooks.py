"""gunicorn hooks and the access log for the web tier (``captura web``; the load benchmark serves its
reference with them too).

After a worker has loaded the application, everything alive is code,
configuration, metadata and pools that live as long as the process. Python's
full garbage collection walks all of it (about 170,000 objects, 110 ms on the
box we measure on), stalling every request of that worker whenever it runs.
``gc.freeze()`` moves those objects out of the collector's sight; objects
made by requests are collected as before.

The access log names the route, not what was searched: a query string such as
``?search=juan.perez@gmail.com`` (and the same URL again in the next request's
``Referer``) is personal data, so only the parameters' names are logged.
"""

from __future__ import annotations

import gc
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from gunicorn.glogging import Logger

from captura.logs import mask_personal_data


def post_worker_init(worker: Any) -> None:
    """Called by gunicorn in each worker once the application is loaded."""
    gc.freeze()


def masked_query(query: str) -> str:
    """``search=juan%40x.com&page=2`` -> ``search=*&page=*``: which parameters, not their values."""
    names = [name for name, _value in parse_qsl(query, keep_blank_values=True)]
    return mask_personal_data("&".join(f"{name}=*" for name in names))


def masked_url(url: str) -> str:
    """A URL (a path, or a whole ``Referer``) with its query's values hidden."""
    parts = urlsplit(url)
    path = mask_personal_data(unquote(parts.path))
    return urlunsplit((parts.scheme, parts.netloc, path, masked_query(parts.query), ""))


class MaskedAccessLogger(Logger):
    """gunicorn's logger, whose access lines carry no query values and no personal data in the path."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        target = masked_url(environ.get("RAW_URI") or "")
        atoms["r"] = f"{environ['REQUEST_METHOD']} {target} {environ['SERVER_PROTOCOL']}"
        atoms["U"] = mask_personal_data(atoms.get("U") or "")
        atoms["q"] = masked_query(environ.get("QUERY_STRING") or "")
        referer = environ.get("HTTP_REFERER")
        atoms["f"] = masked_url(referer) if referer else "-"
        atoms["{referer}i"] = atoms["f"]
        atoms["{raw_uri}e"] = atoms["{query_string}e"] = atoms["{http_referer}e"] = "-"
        return atoms
