"""Settings come from the environment; a wrong value is named in one clear line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from captura.config import Settings, SettingsError
from store.match_model import load_model


def test_numbers_are_read_and_defaults_apply() -> None:
    settings = Settings.from_env({"DATABASE_URL": "sqlite://", "CAPTURA_MAX_BODY_BYTES": "65536",
                                  "CAPTURA_REVIEW_THRESHOLD": "0.8", "CAPTURA_TRUSTED_PROXIES": "1"})
    assert (settings.max_body_bytes, settings.review_threshold, settings.trusted_proxies) == (65536, 0.8, 1)
    defaults = Settings.from_env({"DATABASE_URL": "sqlite://"})
    assert (defaults.max_body_bytes, defaults.trusted_proxies) == (262144, 0)
    model = load_model()  # the thresholds come with the match model
    assert (defaults.auto_merge_threshold, defaults.review_threshold) == (model.auto_merge, model.review)


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("CAPTURA_MAX_BODY_BYTES", "lots", "must be a whole number"),
    ("CAPTURA_MAX_BODY_BYTES", "10", "at least 1024"),
    ("CAPTURA_REVIEW_THRESHOLD", "high", "must be a number"),
    ("CAPTURA_AUTO_MERGE_THRESHOLD", "1.5", "between 0 and 1"),
    ("CAPTURA_TRUSTED_PROXIES", "-1", "between 0 and 5"),
])
def test_a_wrong_value_names_the_variable(name: str, value: str, expected: str) -> None:
    with pytest.raises(SettingsError) as error:
        Settings.from_env({"DATABASE_URL": "sqlite://", name: value})
    assert name in str(error.value) and expected in str(error.value) and repr(value) in str(error.value)


def test_the_cli_reports_a_wrong_setting_in_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/c.db", "CAPTURA_TRUSTED_PROXIES": "two"}
    result = subprocess.run([sys.executable, "-m", "captura", "status"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert result.stderr.strip() == "Error: CAPTURA_TRUSTED_PROXIES must be a whole number; it is 'two'."


@pytest.mark.parametrize("command", [["status"], ["access", "ana@ejemplo.es"], ["submissions", "sweep"]])
def test_commands_on_a_database_without_schema_say_what_to_run(tmp_path, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/new.db", "CAPTURA_INLINE_QUEUE": "1"}
    result = subprocess.run([sys.executable, "-m", "captura", *command], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.strip().endswith("run `captura db upgrade` first.")


@pytest.mark.parametrize("secret", ["a", "short-but-set", "x" * 31])
def test_a_set_secret_key_shorter_than_32_bytes_is_refused(secret: str) -> None:
    with pytest.raises(SettingsError, match="SECRET_KEY must be at least 32 bytes"):
        Settings.from_env({"DATABASE_URL": "sqlite://", "SECRET_KEY": secret})
    assert Settings.from_env({"DATABASE_URL": "sqlite://", "SECRET_KEY": "k" * 32}).secret_key == "k" * 32
    unset = Settings.from_env({"DATABASE_URL": "sqlite://"})
    assert unset.secret_key_is_ephemeral and len(unset.secret_key) >= 32
