"""The threaded web tier spreads a keep-alive pool across its workers (real gunicorn, real sockets).

A client pool opening many connections at once used to land almost whole
on the first worker to wake, pinning the load on one process's GIL.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from captura.cli import CONNECTIONS_PER_THREAD, WEB_THREADS, gunicorn_command
from tests.conftest import REPO_ROOT, free_port

POOL_SIZE = 48
PER_WORKER_CAP = WEB_THREADS * CONNECTIONS_PER_THREAD


@pytest.fixture
def two_worker_server() -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    port = free_port()
    command = gunicorn_command("tests.support.hello_app:app", "127.0.0.1", port, 2, access_log=False)
    process = subprocess.Popen(command, cwd=REPO_ROOT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_workers(process, port, 2)
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for_workers(process: subprocess.Popen[bytes], port: int, workers: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if len(_children(process.pid)) == workers and _answers(port):
            return
        time.sleep(0.1)
    raise AssertionError("gunicorn did not start its workers")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            return _request(connection) == b"ok"
    except OSError:
        return False


def _request(connection: socket.socket) -> bytes:
    connection.sendall(b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")
    answer = b""
    while not answer.endswith(b"\r\n\r\nok"):
        chunk = connection.recv(4096)
        if not chunk:
            break
        answer += chunk
    return answer[-2:]


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _server_side_sockets(port: int) -> set[str]:
    """Inodes of established TCP sockets whose local port is ``port`` (the server's ends)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port, state, inode = int(fields[1].split(":")[1], 16), fields[3], fields[9]
        if local_port == port and state == "01":
            inodes.add(inode)
    return inodes


def _connections_held(pid: int, inodes: set[str]) -> int:
    held = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        held += target.startswith("socket:[") and target[8:-1] in inodes
    return held


def _held_per_worker(master: int, port: int) -> list[int]:
    """Client connections each worker holds open, ascending."""
    inodes = _server_side_sockets(port)
    return sorted(_connections_held(worker, inodes) for worker in _children(master))


def test_a_keep_alive_pool_opened_at_once_is_spread_over_the_workers(two_worker_server) -> None:  # type: ignore[no-untyped-def]
    port, process = two_worker_server
    with ExitStack() as pool:
        connections = [pool.enter_context(socket.create_connection(("127.0.0.1", port), timeout=10))
                       for _ in range(POOL_SIZE)]
        assert all(_request(connection) == b"ok" for connection in connections)  # each kept alive after
        held = _held_per_worker(process.pid, port)
    # A worker at its cap stops accepting (the rest go to the other) and closes idle connections beyond it.
    assert held[-1] <= PER_WORKER_CAP, f"one worker holds {held[-1]} of {POOL_SIZE} connections"
    assert held[0] >= POOL_SIZE - PER_WORKER_CAP, held
