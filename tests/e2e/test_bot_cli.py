"""`captura chat` and `captura bot` as an operator runs them: real processes, a real SQLite file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, select

from store.models import Consent, Lead, Submission
from tests.conftest import REPO_ROOT
from tests.support.bot_api_server import BotApiServer, TelegramUser


def _environment(sqlite_url: str, **extra: str) -> dict[str, str]:
    environ = {key: value for key, value in os.environ.items()
               if not key.startswith(("TELEGRAM_", "DATABASE_", "REDIS_", "CAPTURA_"))}
    environ.update(DATABASE_URL=sqlite_url, CAPTURA_INLINE_QUEUE="1", CAPTURA_DEFAULT_REGION="ES", **extra)
    return environ


def test_captura_chat_on_the_console(sqlite_url: str) -> None:
    script = "Soy Lucía Vega, lucia@vega.es\nVega Diseño\nUna web nueva\n1\n"
    result = subprocess.run([sys.executable, "-m", "captura", "chat", "--lang", "es"], input=script,
                            capture_output=True, text=True, cwd=REPO_ROOT, env=_environment(sqlite_url), timeout=120)
    assert result.returncode == 0, result.stderr
    assert "¿Cómo te llamas?" in result.stdout and "1) Sí, acepto" in result.stdout
    assert "Gracias, Lucía Vega" in result.stdout
    engine = create_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.execute(select(Lead.display_name)).scalars().all() == ["Lucía Vega"]
        assert connection.execute(select(Submission.channel, Submission.source_ref)).one() == ("demo", "console:local")
        assert connection.execute(select(Consent.granted)).scalar_one() is True
    engine.dispose()


def test_captura_bot_polls_the_configured_bot_api_server(sqlite_url: str, tmp_path: Path) -> None:
    with BotApiServer() as api:
        environ = _environment(sqlite_url, TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=api.url)
        log = (tmp_path / "bot.log").open("w")
        process = subprocess.Popen([sys.executable, "-m", "captura", "bot"], cwd=REPO_ROOT, env=environ,
                                   stdout=log, stderr=subprocess.STDOUT)
        try:
            user = TelegramUser(api, 6001, "Iker", "en")
            user.says("/start", expect="What is your name?")
            user.says("I'm Iker Mendi, iker@mendi.eus", expect="Which company")
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) == 0
            log.close()
        output = (tmp_path / "bot.log").read_text()
        assert api.token not in output and "iker@mendi.eus" not in output
