"""The web tier's gunicorn worker: gthread, but no thread waits for a slow client.

gunicorn's threaded worker hands a connection to a thread as soon as its
first byte arrives; the thread then blocks until the request's headers (and
the body the application reads) are in. A client that sends a request line
and one header every few seconds holds that thread for as long as it likes,
and six of them held every thread of a four-worker SQLite deployment:
``/healthz`` stopped answering.

Here the worker's own event loop reads each request, without blocking, until
its headers and its body (up to ``CAPTURA_MAX_BODY_BYTES``) are buffered; only
then does a thread take it, and finds everything already in memory. A request
not complete within ``REQUEST_READ_SECONDS`` is answered 408 and closed; a
declared body over the limit is answered 413 and closed, its bytes never
read into memory.

Connections still being read count against the worker's connection cap
(which spreads a keep-alive pool over the workers, see ``captura.cli``) for
``SLOW_AFTER_SECONDS`` only: a slow client then stops counting, so a worker
full of slow clients still accepts, and at most ``MAX_SLOW_CONNECTIONS`` of
them are kept (the oldest is closed first). In production a reverse proxy
that buffers requests (nginx's default) stands in front as well (README).
"""

from __future__ import annotations

import contextlib
import errno
import json
import selectors
import socket
import time
from collections import deque
from collections.abc import Callable
from functools import partial
from typing import Any

from gunicorn import http
from gunicorn.workers.gthread import TConn, ThreadWorker

from captura.config import Settings

REQUEST_READ_SECONDS = 10.0
LINGER_SECONDS = 2.0
SLOW_AFTER_SECONDS = 0.5
MAX_SLOW_CONNECTIONS = 512
MAX_HEADER_BYTES = 64 * 1024
READ_CHUNK = 64 * 1024
HEADER_END = b"\r\n\r\n"
CHUNKED_END = b"0\r\n\r\n"


class RequestBuffer:
    """The bytes of one request as they arrive, and whether it is whole yet.

    Only framing is read here (where the headers end, the body's length); the
    request itself is parsed by gunicorn once a thread takes it.
    """

    def __init__(self, max_body: int, data: bytes = b"") -> None:
        self.max_body = max_body
        self.data = bytearray(data)
        self.body_length: int | None = None  # declared Content-Length, once the headers are in
        self.chunked = False
        self.header_end: int | None = None

    def feed(self, chunk: bytes) -> None:
        self.data += chunk
        if self.header_end is None:
            self._read_framing()

    def _read_framing(self) -> None:
        end = self.data.find(HEADER_END)
        if end < 0:
            return
        self.header_end = end + len(HEADER_END)
        for line in bytes(self.data[:end]).split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name, value = name.strip().lower(), value.strip()
            if name == b"content-length":
                self.body_length = int(value) if value.isdigit() else 0  # gunicorn answers 400 to a bad one
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                self.chunked = True

    @property
    def headers_too_large(self) -> bool:
        return self.header_end is None and len(self.data) > MAX_HEADER_BYTES

    @property
    def body_too_large(self) -> bool:
        """A declared length over the limit, or a chunked body that has already passed it."""
        if self.header_end is None:
            return False
        if self.chunked:
            return len(self.data) - self.header_end > self.max_body + len(CHUNKED_END)
        return (self.body_length or 0) > self.max_body

    @property
    def complete(self) -> bool:
        if self.header_end is None:
            return False
        if self.chunked:
            return self.data.endswith(CHUNKED_END)
        return len(self.data) - self.header_end >= (self.body_length or 0)


class LingeringConn(TConn):
    """A connection whose graceful close lingers in the worker's event loop.

    gunicorn closes a connection gracefully by half-closing it and reading
    until the client closes too, for up to two seconds, on the thread that
    runs the event loop: a client that never closes its end stalled every
    request of the worker for those two seconds.
    """

    def __init__(self, *args: Any, linger: Callable[[TConn], None]) -> None:
        super().__init__(*args)
        self.linger = linger

    def close(self, graceful: bool = False) -> None:
        if graceful:
            self.linger(self)
        else:
            super().close()


class PendingRead:
    """A connection whose request is being buffered by the event loop."""

    def __init__(self, conn: TConn, buffer: RequestBuffer) -> None:
        self.conn = conn
        self.buffer = buffer
        self.started = time.monotonic()
        self.counted = True  # still counted against the worker's connection cap


def plain_response(status: str, message: str) -> bytes:
    """A complete HTTP/1.1 response that closes the connection (JSON: the API is the busiest caller)."""
    error = status.split(" ", 1)[1].lower().replace(" ", "_")
    body = json.dumps({"error": error, "message": message}).encode()
    return (f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode() + body


TIMED_OUT = plain_response("408 Request Timeout", "The request did not arrive in time.")
HEADERS_TOO_LARGE = plain_response("431 Request Header Fields Too Large", "The request headers are too large.")
BODY_TOO_LARGE = plain_response("413 Request Entity Too Large", "The request is too large.")


class BufferingThreadWorker(ThreadWorker):
    """gthread whose threads only ever see requests that are already in memory."""

    def init_process(self) -> None:
        self.max_body = Settings.from_env().max_body_bytes
        self.reading: deque[PendingRead] = deque()
        self.lingering: deque[tuple[float, socket.socket]] = deque()
        super().init_process()

    def accept(self, listener: socket.socket) -> None:
        """gunicorn's accept, with connections that linger in the event loop when closed."""
        try:
            client, address = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        self.enqueue_req(LingeringConn(self.cfg, client, address, listener.getsockname(), linger=self._linger))

    def enqueue_req(self, conn: TConn) -> None:
        """Every connection with a request coming (new, kept alive, read ahead) is read here first."""
        if self.cfg.is_ssl or getattr(conn, "request_buffered", False):
            conn.request_buffered = False
            super().enqueue_req(conn)
            return
        read_ahead = conn.parser.unreader.take_buffered() if conn.parser is not None else b""
        pending = PendingRead(conn, RequestBuffer(self.max_body, read_ahead))
        conn.sock.setblocking(False)
        self.reading.append(pending)
        if not self._advance(pending):
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, pending))

    def _on_readable(self, pending: PendingRead, _sock: socket.socket) -> None:
        try:
            chunk = pending.conn.sock.recv(READ_CHUNK)
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
                return
            chunk = b""
        if not chunk:
            self._drop(pending)
            return
        pending.buffer.feed(chunk)
        self._advance(pending)

    def _advance(self, pending: PendingRead) -> bool:
        """Hand the request over, or refuse it, once that can be decided; True when done with it."""
        buffer = pending.buffer
        if buffer.headers_too_large:
            self._drop(pending, HEADERS_TOO_LARGE)
        elif buffer.body_too_large:
            self._drop(pending, BODY_TOO_LARGE)
        elif buffer.complete:
            self._hand_over(pending)
        else:
            return False
        return True

    def _hand_over(self, pending: PendingRead) -> None:
        conn = pending.conn
        self._forget(pending)
        if not pending.counted:
            self.nr_conns += 1
        if conn.parser is None:
            conn.parser = http.get_parser(self.cfg, conn.sock, conn.client)
        conn.parser.unreader.unread(bytes(pending.buffer.data))
        conn.data_ready = True
        conn.request_buffered = True
        self.enqueue_req(conn)

    def _drop(self, pending: PendingRead, answer: bytes = b"") -> None:
        """Close a connection we will not serve, with a short answer when there is one to give."""
        self._forget(pending)
        if pending.counted:
            self.nr_conns -= 1
        if answer:
            with contextlib.suppress(OSError):
                pending.conn.sock.send(answer)
        pending.conn.close()

    def _forget(self, pending: PendingRead) -> None:
        self._unregister(pending.conn.sock)  # (or never registered: decided on the bytes it came with)
        with contextlib.suppress(ValueError):
            self.reading.remove(pending)

    def _unregister(self, sock: socket.socket) -> None:
        with contextlib.suppress(KeyError, ValueError, OSError):
            self.poller.unregister(sock)

    def _linger(self, conn: TConn) -> None:
        """Half-close, then read and discard what the client still sends until it closes (or time is up)."""
        try:
            conn.sock.shutdown(socket.SHUT_WR)
            conn.sock.setblocking(False)
            self.poller.register(conn.sock, selectors.EVENT_READ, self._on_lingering_readable)
        except (OSError, ValueError, KeyError):
            conn.sock.close()
            return
        self.lingering.append((time.monotonic() + LINGER_SECONDS, conn.sock))

    def _on_lingering_readable(self, sock: socket.socket) -> None:
        try:
            if sock.recv(READ_CHUNK):
                return
        except BlockingIOError:
            return
        except OSError:
            pass
        self._close_lingering(sock)

    def _close_lingering(self, sock: socket.socket) -> None:
        self._unregister(sock)
        sock.close()

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        super().wait_for_and_dispatch_events(min(timeout, SLOW_AFTER_SECONDS))
        self._sweep_reading()
        self._sweep_lingering()

    def _sweep_lingering(self) -> None:
        now = time.monotonic()
        while self.lingering and (self.lingering[0][0] < now or self.lingering[0][1].fileno() < 0):
            self._close_lingering(self.lingering.popleft()[1])

    def _sweep_reading(self) -> None:
        """Time out requests too slow to finish; stop counting slow ones against the connection cap."""
        now = time.monotonic()
        slow = 0
        for pending in list(self.reading):
            age = now - pending.started
            if age > REQUEST_READ_SECONDS:
                self._drop(pending, TIMED_OUT)
                continue
            if age > SLOW_AFTER_SECONDS:
                slow += 1
                if pending.counted:
                    pending.counted = False
                    self.nr_conns -= 1
        while slow > MAX_SLOW_CONNECTIONS and self.reading:
            self._drop(self.reading[0], TIMED_OUT)
            slow -= 1


