"""A small HTTP/1.1 load generator for the benchmarks (asyncio, keep-alive, no dependencies).

Two modes: closed loop (N connections, each sends its next request when the
previous answers: finds the peak rate) and open loop (requests scheduled at
a fixed rate; latency counted from the scheduled time, so a slow server is
not hidden by the generator waiting for it).
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import json
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

BodyFactory = Callable[[int], tuple[bytes, dict[str, str]]]


@dataclass
class LoadResult:
    sent: int = 0
    ok: int = 0
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)
    accepted_ids: list[int] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def add(self, other: LoadResult) -> None:
        """Fold another run against the same server into this one (interleaved rounds)."""
        self.sent += other.sent
        self.ok += other.ok
        self.errors += other.errors
        for status, count in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + count
        self.latencies_ms += other.latencies_ms
        self.accepted_ids += other.accepted_ids
        self.seconds += other.seconds

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]

    def summary(self) -> dict[str, float]:
        return {"rps": round(self.rps, 1), "ok": self.ok, "errors": self.errors,
                "p50_ms": round(statistics.median(self.latencies_ms), 2) if self.latencies_ms else None,
                "p99_ms": round(self.percentile(99), 2), "statuses": self.statuses}


class _Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self) -> None:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def request(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        await self.connect()
        head = [f"POST {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(body)}",
                "Content-Type: application/json", *(f"{k}: {v}" for k, v in headers.items())]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        assert self.reader is not None
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        length, close = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and "close" in value.lower():
                close = True
        payload = await self.reader.readexactly(length) if length else b""
        if close:
            await self.close()
        return status, payload

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def _send(conn: _Connection, path: str, make_body: BodyFactory, index: int, started: float,
                result: LoadResult) -> None:
    body, headers = make_body(index)
    result.sent += 1
    try:
        status, payload = await conn.request(path, body, headers)
    except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
        result.errors += 1
        await conn.close()
        return
    result.statuses[status] = result.statuses.get(status, 0) + 1
    if 200 <= status < 300:
        result.ok += 1
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
        submission_id = _submission_id(payload)
        if submission_id is not None:
            result.accepted_ids.append(submission_id)
    else:
        result.errors += 1


def _submission_id(payload: bytes) -> int | None:
    try:
        value = json.loads(payload).get("submission_id")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None


async def _closed_loop(url: str, make_body: BodyFactory, connections: int, seconds: float,
                       counter: itertools.count) -> LoadResult:
    parts = urlsplit(url)
    result = LoadResult()
    stop_at = time.perf_counter() + seconds

    async def client() -> None:
        conn = _Connection(parts.hostname or "127.0.0.1", parts.port or 80)
        while time.perf_counter() < stop_at:
            await _send(conn, parts.path, make_body, next(counter), time.perf_counter(), result)
        await conn.close()

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    result.seconds = time.perf_counter() - began
    return result


async def _open_loop(url: str, make_body: BodyFactory, rate: float, seconds: float, connections: int,
                     counter: itertools.count) -> LoadResult:
    parts = urlsplit(url)
    result = LoadResult()
    pool: asyncio.Queue[_Connection] = asyncio.Queue()
    opened = [_Connection(parts.hostname or "127.0.0.1", parts.port or 80) for _ in range(connections)]
    # Connected before the clock starts, as a client with a warm keep-alive pool would be: otherwise the
    # first requests of every phase also time the server accepting dozens of new connections at once.
    await asyncio.gather(*(connection.connect() for connection in opened))
    for connection in opened:
        pool.put_nowait(connection)
    began = time.perf_counter()
    total = int(rate * seconds)
    tasks = []

    async def one(index: int, scheduled: float) -> None:
        conn = await pool.get()
        try:
            await _send(conn, parts.path, make_body, index, scheduled, result)
        finally:
            pool.put_nowait(conn)

    for n in range(total):
        scheduled = began + n / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(next(counter), scheduled)))
    await asyncio.gather(*tasks)
    result.seconds = time.perf_counter() - began
    while not pool.empty():
        await pool.get_nowait().close()
    return result


def closed_loop(url: str, make_body: BodyFactory, *, connections: int, seconds: float,
                start: int = 0) -> LoadResult:
    """As fast as the server answers, with ``connections`` requests in flight."""
    with _collector_paused():
        return asyncio.run(_closed_loop(url, make_body, connections, seconds, itertools.count(start)))


def open_loop(url: str, make_body: BodyFactory, *, rate: float, seconds: float, connections: int = 64,
              start: int = 0) -> LoadResult:
    """``rate`` requests a second for ``seconds``; latency from each request's scheduled time."""
    with _collector_paused():
        return asyncio.run(_open_loop(url, make_body, rate, seconds, connections, itertools.count(start)))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection in the generator while it measures (as ``timeit`` does).

    A full collection here stops every connection at once, and the time it
    takes would be counted as the server's latency. A phase makes a few
    thousand short-lived objects at most; they are collected right after.
    """
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()
