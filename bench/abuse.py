"""Abuse figures against a running product: what one address gets through, slow clients, a huge webhook body.

    python bench/abuse.py [--seconds 60] [--json]

Starts ``captura up`` (SQLite, inline jobs, 2 × 2 single-thread web workers:
the embedded default, where limits used to be per worker) in a temporary
folder, then prints:

- posts per minute one address gets past each door's limiter (form, web
  chat, API without a token, sign-in), against the README's limits; every
  post goes on a new connection, so every web worker sees some;
- ``/healthz`` latency while 50 slow clients trickle their requests;
- the peak memory (VmHWM) of the Telegram webhook process while a client
  without the secret sends it a 300 MB body.

Nothing here is a test: it prints figures. It only talks to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import httpx

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tests.support.bot_api_server import BotApiServer  # noqa: E402
from tests.support.served import ServedCaptura, free_port  # noqa: E402
from webforms.limits import POST_LIMITS  # noqa: E402

SLOW_CLIENTS = 50
WEBHOOK_BODY_BYTES = 300_000_000
WEBHOOK_SECRET = "abuse-bench-webhook-secret"
TOKEN_FIELD = re.compile(r'name="(csrf_token|form_token)" type="hidden" value="([^"]+)"')


def _hidden_fields(client: httpx.Client, path: str) -> dict[str, str]:
    return dict(TOKEN_FIELD.findall(client.get(path).text))


def _post_form(client: httpx.Client) -> int:
    fields = _hidden_fields(client, "/form")
    return client.post("/form", data={**fields, "name": "Abuse Bench", "email": f"{uuid.uuid4().hex[:8]}@ejemplo.es",
                                      "consent": "y"}).status_code


def _post_chat(client: httpx.Client) -> int:
    return client.post("/chat/api/messages", json={"text": "hola"}).status_code


def _post_api(client: httpx.Client) -> int:
    return client.post("/api/v1/leads", json={}).status_code


def _post_sign_in(client: httpx.Client) -> int:
    fields = _hidden_fields(client, "/login")
    return client.post("/login", data={"csrf_token": fields.get("csrf_token", ""), "password": "not the password",
                                       "email": f"{uuid.uuid4().hex[:8]}@captura.test"}).status_code


DOORS: dict[str, Callable[[httpx.Client], int]] = {
    "form": _post_form, "chat": _post_chat, "api": _post_api, "auth": _post_sign_in}


def _let_through(url: str, post: Callable[[httpx.Client], int], seconds: float, result: dict[str, int],
                 door: str) -> None:
    """Posts one door for ``seconds`` (timed from its first post, as its limiter's window is); counts non-429s."""
    started, passed = time.monotonic(), 0
    with httpx.Client(base_url=url, timeout=10, limits=httpx.Limits(max_keepalive_connections=0)) as client:
        while time.monotonic() - started < seconds:
            passed += post(client) != 429
            time.sleep(0.02)
    result[door] = passed


def posts_per_minute(url: str, seconds: float) -> dict[str, dict[str, float]]:
    """Each door hammered at once from 127.0.0.1; per minute, beside the promised limit."""
    counted: dict[str, int] = {}
    threads = [threading.Thread(target=_let_through, args=(url, post, seconds, counted, door))
               for door, post in DOORS.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures = {}
    for door in DOORS:
        promised = int(POST_LIMITS[door].split("/")[0])
        per_minute = counted[door] * 60 / seconds if seconds > 60 else counted[door]  # one window covers it all
        figures[door] = {"per_minute": round(per_minute, 1), "limit": promised,
                         "off_percent": round(100 * (per_minute - promised) / promised, 1)}
    return figures


def _slow_client(port: int) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    connection.sendall(b"POST /api/v1/leads HTTP/1.1\r\nHost: captura\r\n")
    return connection


def healthz_while_slow_clients(url: str, port: int, probes: int = 20) -> dict[str, float]:
    """/healthz latency (ms) while 50 connections send one header every 2 s and never finish."""
    timings = []
    with ExitStack() as stack:
        slow = [stack.enter_context(_slow_client(port)) for _ in range(SLOW_CLIENTS)]
        for probe in range(probes):
            if probe % 8 == 0:
                for connection in slow:
                    with contextlib.suppress(OSError):  # timed out by the server (408), as it should after 10 s
                        connection.sendall(b"X-Slow: 1\r\n")
            started = time.perf_counter()
            httpx.get(f"{url}/healthz", timeout=30)
            timings.append((time.perf_counter() - started) * 1000)
            time.sleep(0.25)
    return {"p50_ms": round(statistics.median(timings), 1), "max_ms": round(max(timings), 1),
            "slow_clients": SLOW_CLIENTS}


def _peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status)[1]) / 1024  # type: ignore[index]


def _send_huge_body(port: int) -> str:
    """A 300 MB body without the secret; returns the status line (or how the connection ended)."""
    chunk = b"x" * (1 << 20)
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(f"POST /telegram/hook HTTP/1.1\r\nHost: bot\r\nContent-Length: {WEBHOOK_BODY_BYTES}\r\n"
                           "Content-Type: application/json\r\n\r\n".encode())
        try:
            for _ in range(WEBHOOK_BODY_BYTES // len(chunk)):
                connection.sendall(chunk)
        except OSError:
            pass  # the server answered and closed without reading it: the point
        try:
            return connection.recv(256).split(b"\r\n", 1)[0].decode() or "closed"
        except OSError as error:
            return f"closed ({error.__class__.__name__})"


def webhook_peak_memory(served: ServedCaptura) -> dict[str, object]:
    """Peak RSS of ``captura bot --webhook-url`` before and after a 300 MB body without the secret."""
    port = free_port()
    with BotApiServer() as api:
        env = {**served.env, "TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_API_BASE_URL": api.url,
               "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET}
        bot = subprocess.Popen([sys.executable, "-m", "captura", "bot", "--webhook-url",
                                f"http://127.0.0.1:{port}/telegram/hook", "--listen", "127.0.0.1", "--port", str(port)],
                               cwd=served.folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            api.wait_for(lambda: "setWebhook" in api.methods(), timeout=60)
            before = _peak_rss_mb(bot.pid)
            started = time.perf_counter()
            answer = _send_huge_body(port)
            seconds = time.perf_counter() - started
            after = _peak_rss_mb(bot.pid)
        finally:
            bot.terminate()
            bot.wait(timeout=30)
    return {"answer": answer, "seconds": round(seconds, 2), "peak_rss_before_mb": round(before, 1),
            "peak_rss_after_mb": round(after, 1), "grew_mb": round(after - before, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0,
                        help="how long each door is posted to (60: one limiter window; less under-counts the API)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="captura-abuse-") as folder, ServedCaptura(Path(folder)) as served:
        figures = {"doors": posts_per_minute(served.url, args.seconds),
                   "healthz_with_slow_clients": healthz_while_slow_clients(served.url, served.port),
                   "webhook_300mb_without_secret": webhook_peak_memory(served)}
    if args.json:
        print(json.dumps(figures))
        return
    print(f"posts one address gets past each limiter, posting for {args.seconds:.0f} s (per minute):")
    for door, row in figures["doors"].items():
        print(f"  {door:>5}: {row['per_minute']:>6}  (limit {row['limit']}, {row['off_percent']:+}%)")
    health = figures["healthz_with_slow_clients"]
    print(f"/healthz with {health['slow_clients']} slow clients: p50 {health['p50_ms']} ms, max {health['max_ms']} ms")
    hook = figures["webhook_300mb_without_secret"]
    print(f"webhook, 300 MB without the secret: answered {hook['answer']!r} in {hook['seconds']} s; "
          f"peak RSS {hook['peak_rss_before_mb']} -> {hook['peak_rss_after_mb']} MB (+{hook['grew_mb']} MB)")


if __name__ == "__main__":
    main()
