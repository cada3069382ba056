"""Configuration, read once from the environment (12-factor).

Every process (web, worker, bot, CLI) builds one ``Settings`` at start-up and
passes it down; nothing else in Captura reads ``os.environ``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from nlp.fields import CHAT_QUESTIONS, DEFAULT_CHAT_QUESTIONS
from store.matching import DEFAULT_THRESHOLDS, Thresholds

DEFAULT_SQLITE_FILE = "captura.db"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
MIN_SECRET_KEY_BYTES = 32
Number = TypeVar("Number", int, float)


class SettingsError(ValueError):
    """A variable of the environment holds something Captura cannot use; the message names it."""


@dataclass(frozen=True)
class Settings:
    """What a Captura process needs to know about its surroundings.

    ``redis_url`` is ``None`` when the operator did not set ``REDIS_URL``;
    the queue then tries Redis on localhost and falls back to running jobs
    inline (see ``captura.queue``).
    """

    database_url: str
    redis_url: str | None = None
    force_inline_queue: bool = False
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    default_region: str | None = "ES"
    company_name: str = "Captura"
    queue_name: str = "intake"
    telegram_bot_token: str | None = field(default=None, repr=False)
    telegram_api_base_url: str | None = None
    telegram_webhook_secret: str | None = field(default=None, repr=False)
    check_email_deliverability: bool = False
    max_body_bytes: int = 256 * 1024
    secret_key_is_ephemeral: bool = False
    secure_cookies: bool | None = None  # None: Secure whenever the request came over https
    frame_ancestors: tuple[str, ...] = ()
    api_tokens: str | None = field(default=None, repr=False)
    form_config_path: str | None = None
    auto_merge_threshold: float = DEFAULT_THRESHOLDS.auto_merge  # the match model's (store/match_model.json)
    review_threshold: float = DEFAULT_THRESHOLDS.review
    trusted_proxies: int = 0  # reverse proxies in front whose X-Forwarded-* headers are believed
    chat_questions: tuple[str, ...] = DEFAULT_CHAT_QUESTIONS  # the optional questions the chat asks, in order

    @property
    def thresholds(self) -> Thresholds:
        """Match scores at or above ``auto_merge`` join a lead; at or above ``review`` are queued."""
        return Thresholds(auto_merge=self.auto_merge_threshold, review=self.review_threshold)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from ``environ`` (default: the process environment)."""
        env = os.environ if environ is None else environ
        secret = _secret_key(env.get("SECRET_KEY"))
        return cls(
            database_url=env.get("DATABASE_URL") or default_database_url(),
            redis_url=env.get("REDIS_URL") or None,
            force_inline_queue=_flag(env.get("CAPTURA_INLINE_QUEUE")),
            secret_key=secret or secrets.token_hex(32),
            secret_key_is_ephemeral=not secret,
            default_region=(env.get("CAPTURA_DEFAULT_REGION") or "ES").upper(),
            queue_name=env.get("CAPTURA_QUEUE") or "intake",
            company_name=env.get("CAPTURA_COMPANY_NAME") or "Captura",
            telegram_bot_token=env.get("TELEGRAM_BOT_TOKEN") or None,
            telegram_api_base_url=env.get("TELEGRAM_API_BASE_URL") or None,
            telegram_webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET") or None,
            check_email_deliverability=_flag(env.get("CAPTURA_CHECK_EMAIL_DELIVERABILITY")),
            max_body_bytes=_number(env, "CAPTURA_MAX_BODY_BYTES", 256 * 1024, int, minimum=1024),
            secure_cookies=_tristate(env.get("CAPTURA_SECURE_COOKIES")),
            frame_ancestors=tuple((env.get("CAPTURA_FRAME_ANCESTORS") or "").split()),
            api_tokens=env.get("CAPTURA_API_TOKENS") or None,
            form_config_path=env.get("CAPTURA_FORM_CONFIG") or None,
            auto_merge_threshold=_number(env, "CAPTURA_AUTO_MERGE_THRESHOLD", DEFAULT_THRESHOLDS.auto_merge, float,
                                         minimum=0, maximum=1),
            review_threshold=_number(env, "CAPTURA_REVIEW_THRESHOLD", DEFAULT_THRESHOLDS.review, float,
                                     minimum=0, maximum=1),
            trusted_proxies=_number(env, "CAPTURA_TRUSTED_PROXIES", 0, int, minimum=0, maximum=5),
            chat_questions=_chat_questions(env.get("CAPTURA_CHAT_QUESTIONS")),
        )


def _secret_key(value: str | None) -> str | None:
    """A key that signs sessions and CSRF tokens must resist guessing; unset means a random one per run.

    Setting ``SECRET_KEY`` is what makes a deployment production (all web
    processes, and restarts, share it), so a set key is held to the rule.
    """
    if value and len(value.encode()) < MIN_SECRET_KEY_BYTES:
        raise SettingsError(f"SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes (it has {len(value.encode())}); "
                            "generate one with: python3 -c 'import secrets; print(secrets.token_hex(32))'")
    return value


def _chat_questions(value: str | None) -> tuple[str, ...]:
    """``company,interest,postcode`` as the chat's optional questions, in that order; ``none`` asks none.

    Only fields of the register that have a chat question can be named, so a typo stops Captura at
    start-up instead of silently never asking."""
    if not (value or "").strip():
        return DEFAULT_CHAT_QUESTIONS
    if value.strip().lower() == "none":
        return ()
    names = tuple(dict.fromkeys(name.strip().lower() for name in value.split(",") if name.strip()))
    unknown = [name for name in names if name not in CHAT_QUESTIONS]
    if unknown:
        raise SettingsError(f"CAPTURA_CHAT_QUESTIONS names {', '.join(unknown)}, which the chat cannot ask; "
                            f"it can ask {', '.join(CHAT_QUESTIONS)} (or none).")
    return names


def default_database_url() -> str:
    """A SQLite file in the working folder: the embedded default."""
    return f"sqlite:///{Path.cwd() / DEFAULT_SQLITE_FILE}"


def _number(env: os._Environ[str] | dict[str, str], name: str, default: Number, kind: Callable[[str], Number], *,
            minimum: float | None = None, maximum: float | None = None) -> Number:
    """``env[name]`` as a number within bounds; a clear SettingsError otherwise (not a bare ValueError)."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        expected = "a whole number" if kind is int else "a number"
        raise SettingsError(f"{name} must be {expected}; it is {raw!r}.") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        bounds = f"at least {minimum}" if maximum is None else f"between {minimum} and {maximum}"
        raise SettingsError(f"{name} must be {bounds}; it is {raw!r}.")
    return value


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _tristate(value: str | None) -> bool | None:
    """"1"/"0" (and friends) as True/False; unset or "auto" as None."""
    if not (value or "").strip() or value.strip().lower() == "auto":
        return None
    return _flag(value)
