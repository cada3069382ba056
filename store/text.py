"""Text fit to store: the one rule every writer of people's text applies."""

from __future__ import annotations

import re
from typing import Any

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(value: Any) -> Any:
    """``value`` with C0 control characters removed from every string in it (tab and newlines kept).

    Nobody types them; they arrive in pasted or generated text, and
    PostgreSQL refuses NUL in text columns, so one left in would fail a
    write that SQLite takes (a submission the door had accepted, a note).
    """
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, dict):
        return {key: without_control_characters(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_control_characters(item) for item in value]
    return value


def is_whole_number(text: str, max_digits: int = 18) -> bool:
    """Plain ASCII digits, at most ``max_digits`` of them.

    ``str.isdigit()`` is also true for "²" and other digit-like characters
    that ``int()`` refuses: checked with it, ``page=²`` became a 500.
    """
    return 0 < len(text) <= max_digits and text.isascii() and text.isdigit()
