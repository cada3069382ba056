"""Access to the process's Captura runtime from inside a request."""

from __future__ import annotations

from flask import current_app

from captura.runtime import Runtime


def runtime() -> Runtime:
    return current_app.extensions["captura"]
