"""Small request helpers shared by the review views: who acts, which filter the query string names."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import request
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from store.db import read_only
from store.queries import InvalidFilter, LeadFilter, segment_filter
from store.text import is_whole_number
from webforms.runtime import runtime


@contextmanager
def reading() -> Iterator[Session]:
    """A session for a page that only reads (on SQLite it does not queue for the write lock)."""
    with read_only(runtime().engine) as connection, Session(connection) as session:
        yield session


def actor() -> str:
    """How the audit trail names the signed-in person (an id, not an email)."""
    return f"staff:{current_user.id}"


def staff_id() -> int:
    return int(current_user.id)


def lead_filter_from(values: MultiDict[str, str]) -> tuple[LeadFilter, str | None]:
    """The filter a request names: a saved segment (``segment=NAME``) or the filter fields themselves."""
    name = values.get("segment", "").strip()
    if not name:
        return LeadFilter.parse(values), None
    with reading() as session:
        lead_filter = segment_filter(session, name)
    if lead_filter is None:
        raise InvalidFilter("there is no segment with that name")
    return lead_filter, name


def form_int(name: str) -> int | None:
    """An optional whole number from the posted form; InvalidFilter when it is not one."""
    value = request.form.get(name, "").strip()
    if not value:
        return None
    if not is_whole_number(value, 9):
        raise InvalidFilter(f"{name} must be a whole number")
    return int(value)
