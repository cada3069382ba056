"""Request bodies in JSON, read the same way by every door that takes them (the API, the web chat).

A body nested hundreds of levels deep is nobody's data: Python's parser
raised RecursionError on it and pydantic "maximum depth" while storing it,
and each became a 500 with a traceback thousands of lines long. Here it is
a 400, like any other body we cannot read.
"""

from __future__ import annotations

from typing import Any

from flask import request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

MAX_NESTING = 32
"""Deeper than any lead or chat message we take (the deepest, consent evidence, is three levels)."""


def nesting_depth(value: Any) -> int:
    """How many containers deep ``value`` goes (a scalar is 0), without recursion."""
    deepest, pending = 0, [(value, 0)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth + 1)
        pending.extend((child, depth + 1) for child in children)
    return deepest


def json_object(*, required: bool = True) -> dict[str, Any]:
    """The body as a JSON object: 415/400 for anything else, or ``{}`` when not ``required`` (the chat
    widget's lenient reading); a body nested too deep is a 400 either way."""
    if not request.is_json:
        if required:
            raise UnsupportedMediaType("Send the body as JSON (Content-Type: application/json).")
        return {}
    too_deep = BadRequest(f"The body is nested more than {MAX_NESTING} levels deep.")
    try:
        body = request.get_json()
    except RecursionError:
        raise too_deep from None
    except BadRequest:
        if not required:
            return {}
        raise BadRequest("The body is not valid JSON (UTF-8).") from None
    if nesting_depth(body) > MAX_NESTING:
        raise too_deep
    if not isinstance(body, dict):
        if not required:
            return {}
        raise BadRequest("The body must be a JSON object.")
    return body
