"""A fault-injecting HTTP proxy on loopback, between the counter's sync client and a server.

Tests give the client ``proxy.url`` as the server's address and script what the network
does to the next requests, optionally only those whose path starts with a prefix::

    proxy.fail(times=2)                      # HTTP 500 without forwarding
    proxy.delay(3.0, path="/v1/push")         # hold the request 3 s, then forward it
    proxy.drop_request()                     # close the connection, the server sees nothing
    proxy.lose_response(path="/v1/push")      # the server acts, the answer never arrives
    proxy.duplicate()                        # the server gets it twice; the client the 2nd answer
    proxy.rewrite(edit, path="/v1/changes")  # the client gets edit(the answer's JSON) instead
    proxy.pass_through()                     # forget what was scripted

``times=None`` applies a fault to every matching request until ``pass_through()``. Each
request takes the first scripted fault that matches it; others pass through. What
happened is in ``proxy.exchanges`` as soon as the client has its answer (or error).

One request per client connection: requests go upstream with ``Connection: close`` and
answers come back with it, so a client opens a new connection for each request and no
response framing is needed. Request bodies need a ``Content-Length`` (httpx sends one);
chunked requests are refused with 501 rather than passed on half understood.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from http import HTTPStatus
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

IO_TIMEOUT = 30.0
MAX_HEAD = 64 * 1024


class Fault(StrEnum):
    ERROR = "error"  # answer an HTTP error status without forwarding
    DELAY = "delay"  # hold the request, then forward it
    DROP_REQUEST = "drop_request"  # close the client's connection before forwarding
    LOSE_RESPONSE = "lose_response"  # forward; close the client's connection unanswered
    DUPLICATE = "duplicate"  # forward twice; the client gets the second answer
    REWRITE = "rewrite"  # forward; the client gets a 200's JSON body as the test edits it


@dataclass
class Exchange:
    """One request as the proxy saw it."""

    method: str
    path: str
    fault: Fault | None
    statuses: list[int] = field(default_factory=list)  # the server's answers, in order
    answered: int | None = None  # the status the client was sent; None: none was


@dataclass
class _Rule:
    fault: Fault
    times: int | None
    path: str
    status: int = 500
    seconds: float = 0.0
    edit: Callable[[Any], Any] | None = None


@dataclass
class _Request:
    method: str
    path: str
    head: bytes  # request line and headers, rewritten for upstream, with the blank line
    body: bytes


class BadRequest(Exception):
    """A request the proxy cannot frame (no complete head, chunked body)."""


class FaultProxy:
    """Listens on 127.0.0.1 (a free port) and forwards to ``upstream`` (``http://host:port``)."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        if parts.scheme != "http" or parts.hostname is None or parts.port is None:
            raise ValueError(f"upstream must be http://host:port, not {upstream!r}")
        self.upstream = (parts.hostname, parts.port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self._rules: list[_Rule] = []
        self._exchanges: list[Exchange] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._threads: set[threading.Thread] = set()
        self._acceptor = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self._acceptor.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    # --- commands -------------------------------------------------------------------------

    def fail(self, times: int | None = 1, status: int = 500, path: str = "") -> None:
        self._script(_Rule(Fault.ERROR, times, path, status=status))

    def delay(self, seconds: float, times: int | None = 1, path: str = "") -> None:
        self._script(_Rule(Fault.DELAY, times, path, seconds=seconds))

    def drop_request(self, times: int | None = 1, path: str = "") -> None:
        self._script(_Rule(Fault.DROP_REQUEST, times, path))

    def lose_response(self, times: int | None = 1, path: str = "") -> None:
        self._script(_Rule(Fault.LOSE_RESPONSE, times, path))

    def duplicate(self, times: int | None = 1, path: str = "") -> None:
        self._script(_Rule(Fault.DUPLICATE, times, path))

    def rewrite(self, edit: Callable[[Any], Any], times: int | None = 1, path: str = "") -> None:
        """Answer what ``edit`` makes of a 200 answer's JSON (e.g. what a newer server
        would have said); other answers pass unchanged."""
        self._script(_Rule(Fault.REWRITE, times, path, edit=edit))

    def pass_through(self) -> None:
        with self._lock:
            self._rules.clear()

    @property
    def exchanges(self) -> list[Exchange]:
        with self._lock:
            return list(self._exchanges)

    def forwarded(self, path: str = "") -> int:
        """How many requests (with this path prefix) the server was sent."""
        return sum(len(e.statuses) for e in self.exchanges if e.path.startswith(path))

    def close(self) -> None:
        self._closing.set()
        self._acceptor.join()
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                _shutdown(sock)
            threads = list(self._threads)
        for thread in threads:
            thread.join(IO_TIMEOUT)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- the work ---------------------------------------------------------------------------

    def _script(self, rule: _Rule) -> None:
        if rule.times is not None and rule.times < 1:
            raise ValueError("times must be at least 1 (or None: until pass_through())")
        with self._lock:
            self._rules.append(rule)

    def _take(self, path: str) -> _Rule | None:
        with self._lock:
            for rule in self._rules:
                if path.startswith(rule.path):
                    if rule.times is not None:
                        rule.times -= 1
                        if rule.times == 0:
                            self._rules.remove(rule)
                    return rule
        return None

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            self._track(client)
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            with self._lock:
                self._threads = {t for t in self._threads if t.is_alive()} | {thread}
            thread.start()

    def _serve(self, client: socket.socket) -> None:
        try:
            client.settimeout(IO_TIMEOUT)
            request = _read_request(client)
            if request is not None:
                self._handle(client, request)
        except BadRequest as exc:
            _answer(client, 501, str(exc))
        except OSError:
            pass  # the client went away, or close() cut it off
        finally:
            self._untrack(client)
            client.close()

    def _handle(self, client: socket.socket, request: _Request) -> None:
        rule = self._take(request.path)
        fault = rule.fault if rule else None
        exchange = Exchange(request.method, request.path, fault)
        with self._lock:
            self._exchanges.append(exchange)
        if rule is not None and fault is Fault.ERROR:
            exchange.answered = rule.status
            _answer(client, rule.status, "injected by the test proxy")
            return
        if fault is Fault.DROP_REQUEST:
            return
        if rule is not None and fault is Fault.DELAY and self._closing.wait(rule.seconds):
            return
        response = self._forward(request, exchange)
        if response is not None and fault is Fault.DUPLICATE:
            response = self._forward(request, exchange)
        if response is None:
            exchange.answered = 502
            _answer(client, 502, "the server does not answer")
        elif fault is not Fault.LOSE_RESPONSE:
            exchange.answered = exchange.statuses[-1]
            if rule is not None and rule.edit is not None and exchange.answered == 200:
                response = _edited(response, rule.edit)
            client.sendall(response)

    def _forward(self, request: _Request, exchange: Exchange) -> bytes | None:
        """The server's whole answer (read to its end); None if it cannot be reached or
        closes the connection without a complete head (it died meanwhile)."""
        try:
            upstream = socket.create_connection(self.upstream, timeout=IO_TIMEOUT)
        except OSError:
            return None
        self._track(upstream)
        try:
            upstream.sendall(request.head + request.body)
            chunks = []
            while chunk := upstream.recv(65536):
                chunks.append(chunk)
        except OSError:
            return None
        finally:
            self._untrack(upstream)
            upstream.close()
        try:
            status, response = _closing_response(b"".join(chunks))
        except ValueError:
            return None
        exchange.statuses.append(status)
        return response

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _untrack(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)


def _read_request(client: socket.socket) -> _Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(65536)
        if not chunk:
            if data:
                raise BadRequest("the request ended inside its head")
            return None  # a connection opened and closed (a health probe, a pool)
        data += chunk
        if len(data) > MAX_HEAD:
            raise BadRequest("request head too long")
    head, _, body = data.partition(b"\r\n\r\n")
    request_line, *lines = head.decode("latin-1").split("\r\n")
    try:
        method, path, _version = request_line.split(" ", 2)
        headers = [(name, value) for name, value in (line.split(":", 1) for line in lines)]
        names = {name.strip().lower(): value.strip() for name, value in headers}
        length = int(names.get("content-length", "0"))
    except ValueError as exc:
        raise BadRequest(f"malformed request head: {head[:200]!r}") from exc
    if "transfer-encoding" in names:
        raise BadRequest("the test proxy takes bodies with a Content-Length only")
    while len(body) < length:
        chunk = client.recv(65536)
        if not chunk:
            raise BadRequest("the request ended inside its body")
        body += chunk
    kept = [f"{n}:{v}" for n, v in headers if n.strip().lower() not in ("connection", "keep-alive")]
    rewritten = "\r\n".join([request_line, *kept, "Connection: close", "", ""])
    return _Request(method, path, rewritten.encode("latin-1"), body[:length])


def _closing_response(raw: bytes) -> tuple[int, bytes]:
    """The status of a raw response, and the response saying ``Connection: close``."""
    head, blank, body = raw.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    words = status_line.split(" ", 2)
    if not blank or len(words) < 2 or not words[0].startswith("HTTP/"):
        raise ValueError(f"not an HTTP response: {raw[:80]!r}")
    status = int(words[1])
    kept = [line for line in lines if line.split(":", 1)[0].strip().lower() != "connection"]
    rewritten = "\r\n".join([status_line, *kept, "Connection: close", "", ""])
    return status, rewritten.encode("latin-1") + body


def _edited(response: bytes, edit: Callable[[Any], Any]) -> bytes:
    """The response with its JSON body replaced by ``edit(body)``, its length set again."""
    head, _, body = response.partition(b"\r\n\r\n")
    edited = json.dumps(edit(json.loads(body)), ensure_ascii=False).encode()
    lines = [
        line
        for line in head.decode("latin-1").split("\r\n")
        if line.split(":", 1)[0].strip().lower() != "content-length"
    ]
    lines.append(f"Content-Length: {len(edited)}")
    return "\r\n".join([*lines, "", ""]).encode("latin-1") + edited


def _answer(client: socket.socket, status: int, text: str) -> None:
    body = text.encode()
    head = (
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    with contextlib.suppress(OSError):
        client.sendall(head.encode() + body)


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
