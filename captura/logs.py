"""Structured logs that never carry a whole email address or phone number."""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

import structlog

EMAIL = re.compile(r"([\w.%+-])[\w.%+-]*@([\w.-]+)")  # \w: accented addresses too (josé.garcía@…)
PHONE = re.compile(r"\+?\d(?:[ ()./-]?\d){8,}")  # nine digits or more, any usual separator: phones, not dates


def mask_personal_data(text: str) -> str:
    """"juan.perez@gmail.com" -> "j***@gmail.com"; "+34 612 345 678" -> "***678"."""
    text = EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)
    return PHONE.sub(lambda m: "***" + re.sub(r"\D", "", m.group(0))[-3:], text)


def _mask_event(_logger: Any, _name: str, event: dict[str, Any]) -> dict[str, Any]:
    return {key: mask_personal_data(value) if isinstance(value, str) and key != "timestamp" else value
            for key, value in event.items()}


class _CurrentStderr:
    """Whatever ``sys.stderr`` is at write time (a test's capture, a redirected stream), not at start-up."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(json_output: bool | None = None, level: int = logging.INFO) -> None:
    """JSON lines when not on a terminal (production), readable lines otherwise."""
    json_output = not sys.stderr.isatty() if json_output is None else json_output
    renderer = structlog.processors.JSONRenderer() if json_output else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _mask_event,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=_CurrentStderr()),
        cache_logger_on_first_use=True,
    )


def configure_logging_once() -> None:
    """Configure logging unless this process already did (the CLI does; a gunicorn worker importing
    ``webforms:create_app()`` does not, and unconfigured structlog neither masks nor filters debug lines)."""
    if not structlog.is_configured():
        configure_logging()
