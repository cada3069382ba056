"""Serving under abuse, against ``captura up`` as it runs (gunicorn, SQLite, 4 single-thread workers).

Slow clients hold no worker, the access log carries no personal data, and
gunicorn believes no forwarding header and leaves no socket on the machine.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.support.served import ServedCaptura
from webforms.limits import POST_LIMITS

SLOW_CLIENTS = 50


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedCaptura]:
    with ServedCaptura(tmp_path_factory.mktemp("served")) as captura:
        yield captura


def _slow_client(port: int) -> socket.socket:
    """A connection that has sent a request line and one header, and is taking its time with the rest."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=5)
    connection.sendall(b"POST /api/v1/leads HTTP/1.1\r\nHost: captura\r\n")
    return connection


def _healthz_seconds(url: str) -> float:
    started = time.monotonic()
    answer = httpx.get(f"{url}/healthz", timeout=10)
    assert answer.status_code == 200
    return time.monotonic() - started


def test_healthz_answers_within_a_second_while_fifty_slow_clients_are_connected(served: ServedCaptura) -> None:
    with ExitStack() as stack:
        slow = [stack.enter_context(_slow_client(served.port)) for _ in range(SLOW_CLIENTS)]
        time.sleep(1.5)
        for connection in slow:
            connection.sendall(b"X-Slow: 1\r\n")  # one more header, as a slowloris client does
        timings = [_healthz_seconds(served.url) for _ in range(3)]
        assert max(timings) < 1.0, timings
        slow[0].sendall(b"Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
        assert slow[0].recv(64).startswith(b"HTTP/1.1 4")  # a slow client that finishes is still answered


def test_a_request_that_never_finishes_is_timed_out_and_closed(served: ServedCaptura) -> None:
    with _slow_client(served.port) as connection:
        connection.settimeout(20)
        answer = connection.recv(256)
    assert answer.startswith(b"HTTP/1.1 408")


def test_a_declared_body_over_the_limit_is_refused_before_it_is_read(served: ServedCaptura) -> None:
    with socket.create_connection(("127.0.0.1", served.port), timeout=5) as connection:
        connection.sendall(b"POST /api/v1/leads HTTP/1.1\r\nHost: captura\r\nContent-Type: application/json\r\n"
                           b"Content-Length: 300000000\r\n\r\n{")
        assert connection.recv(256).startswith(b"HTTP/1.1 413")


def test_the_access_log_names_routes_not_what_was_searched(served: ServedCaptura) -> None:
    mark = len(served.log())
    httpx.get(f"{served.url}/review/leads?search=juan.perez%40gmail.com&page=2",
              headers={"Referer": f"{served.url}/review/leads?search=jos%C3%A9.garc%C3%ADa@correo.es"})
    httpx.get(f"{served.url}/healthz/juan.perez@gmail.com/612-345-678")
    lines = "\n".join(served.log_after(mark))
    assert "GET /review/leads?search=*&page=* HTTP/1.1" in lines
    assert "/review/leads?search=*" in lines.split('" 302 ')[1]  # the Referer too
    for personal in ("juan.perez", "gmail.com/612", "jos%C3%A9", "josé", "345-678"):
        assert personal not in lines


def test_gunicorn_believes_no_forwarding_header_from_localhost(served: ServedCaptura) -> None:
    answer = httpx.get(f"{served.url}/review/leads", headers={"X-Forwarded-Proto": "https",
                                                              "SCRIPT_NAME": "/elsewhere"})
    assert answer.status_code == 302
    assert answer.headers["location"].startswith("/login")
    assert "Strict-Transport-Security" not in answer.headers  # the request was not taken for https


def test_no_control_socket_is_left_on_the_machine(served: ServedCaptura) -> None:
    home = Path(served.env["HOME"])
    assert served.process is not None and served.process.poll() is None
    assert not list(home.rglob("*.ctl")), "gunicorn made a control socket at a path every instance shares"


def _signed_in_client(served: ServedCaptura) -> httpx.Client:
    email, password = "sales@captura.test", "violet kettle marathon"
    subprocess.run([sys.executable, "-m", "captura", "user", "add", email, "--role", "sales"], input=password + "\n",
                   cwd=served.folder, env=served.env, check=True, capture_output=True, text=True, timeout=60)
    client = httpx.Client(base_url=served.url, timeout=10)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").text)
    assert token
    answer = client.post("/login", data={"email": email, "password": password, "csrf_token": token[1]})
    assert answer.status_code == 302
    return client


def test_bad_input_is_a_400_with_one_log_line_not_a_traceback(served: ServedCaptura) -> None:
    deep_object = '{"name": "X", "email": "x@ejemplo.es", "consent": {"granted": true, "evidence": ' + \
        '{"a": ' * 300 + "1" + "}" * 300 + "}}"
    deep_array = '{"name": ' + "[" * 5000 + "]" * 5000 + "}"
    staff = _signed_in_client(served)
    mark = len(served.log())
    for body in (deep_object, deep_array):
        answer = staff.post("/api/v1/leads", content=body, headers={"Content-Type": "application/json"})
        assert answer.status_code == 400 and "nested" in answer.json()["message"]
    for query in ("page=²", "page=1²", "page=٣"):
        assert staff.get(f"/review/leads?{query}").status_code == 400
    # the sign-in's own access line is written asynchronously and may land after the mark
    lines = [line for line in served.log_after(mark) if '"POST /login ' not in line]
    staff.close()
    assert len(lines) == 5, lines  # the access lines, nothing else
    assert all('" 400 ' in line for line in lines)


def _statuses(count: int, send: Callable[[httpx.Client], httpx.Response]) -> Counter[int]:
    """Status codes of ``count`` requests from one address, each on a new connection (so on any worker)."""
    with httpx.Client(limits=httpx.Limits(max_keepalive_connections=0), timeout=10) as client:
        return Counter(send(client).status_code for _ in range(count))


def test_rate_limits_hold_across_all_web_workers_without_redis(tmp_path: Path) -> None:
    """One address, many connections (so every worker): counters per worker let four times the limit through."""
    with ServedCaptura(tmp_path) as served:
        _assert_limits_hold(served)


def _assert_limits_hold(served: ServedCaptura) -> None:
    api_limit, sign_in_limit = (int(POST_LIMITS[door].split("/")[0]) for door in ("api", "auth"))
    api = _statuses(api_limit + 10, lambda client: client.post(f"{served.url}/api/v1/leads", json={}))
    assert api == {422: api_limit, 429: 10}

    def sign_in(client: httpx.Client) -> httpx.Response:
        page = client.get(f"{served.url}/login")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
        assert token, page.text
        return client.post(f"{served.url}/login", data={"email": f"{uuid.uuid4().hex}@captura.test",
                                                        "password": "not the password", "csrf_token": token[1]})

    assert _statuses(sign_in_limit + 5, sign_in) == {401: sign_in_limit, 429: 5}
