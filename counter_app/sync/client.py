"""The counter's HTTP client of the sync protocol (docs/sync-protocol.md): httpx, no Qt,
no storage. The use cases (which events, what to mark sent, how to apply a change)
are ``services/sync.py``'s; this module speaks the wire schemas and turns every
failure into one of three typed errors:

- :class:`ServerUnreachable`: no answer (connection refused, timeout, a 5xx, an
  answer that is not the protocol's, such as a captive portal's page): retry later.
- :class:`Refused`: the server said no with an :class:`~wire.ErrorBody` (a revoked
  token, an enrolment code already used...): retrying will not help; show it.
- :class:`ChainBroken`: the pushed batch does not continue the device's chain on the
  server (nothing of it was stored): an administrator must look.

One :class:`httpx.Client` is kept for the client's life, so a backlog drains over one
kept-alive connection.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Mapping, Sequence
from typing import Any, Self, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from counter_app.domain.errors import DomainError
from counter_app.sync import wire
from counter_app.sync.answers import AnswerTooLong, whole_answer

DEFAULT_TIMEOUT = 30.0  # seconds for an answer; a batch of 1,000 events is ~1 MB
CONNECT_TIMEOUT = 5.0
RETRY_LATER = frozenset({408, 425, 429})  # besides every 5xx
Answer = TypeVar("Answer", bound=BaseModel)


class SyncError(Exception):
    """A sync request that did not do its work; ``code`` is stable, the text English."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


class ServerUnreachable(SyncError):
    """No usable answer: nothing was refused, try again later."""


class Refused(SyncError):
    """The server refused the request (HTTP 4xx); ``code`` is its ErrorBody error."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(code, f"the server refused the request ({code}): {detail}")
        self.status = status
        self.detail = detail


class ChainBroken(Refused):
    """The batch does not continue this device's chain on the server; nothing stored."""


def check_server_url(text: str) -> str:
    """The server's base URL (http or https, a host, no query): refused clearly otherwise."""
    raw = text.strip()
    try:
        url = httpx.URL(raw) if raw.isprintable() and not _odd_port(raw) else None
    except (httpx.InvalidURL, TypeError, ValueError):
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise DomainError(
            "server_url_invalid",
            f"'{raw}' is not a server address like https://dongbo.example.vn or "
            "http://192.168.1.10:8000",
            url=raw,
        )
    if url.port is not None and not 1 <= url.port <= 65535:
        raise DomainError(
            "server_url_invalid",
            f"'{raw}': the port must be 1 to 65535, not {url.port}",
            url=raw,
        )
    if url.query or url.fragment or url.userinfo:
        raise DomainError(
            "server_url_invalid",
            f"'{raw}': give the server's address without a query, fragment or password",
            url=raw,
        )
    return str(url).rstrip("/")


def _odd_port(raw: str) -> bool:
    """A space in the address, or a port that is not ASCII digits (``:٣٣`` would be read
    as 33, ``: 80`` as no port at all)."""
    if any(ch.isspace() for ch in raw):
        return True
    authority = raw.partition("://")[2].partition("/")[0]
    tail = authority.rpartition("]")[2] if "]" in authority else authority
    if ":" not in tail:
        return False
    port = tail.rpartition(":")[2]
    return not (port.isascii() and port.isdigit())


def trusting(ca: str) -> ssl.SSLContext:
    """Verification against the public authorities and ``ca`` (PEM text)."""
    import certifi

    context = ssl.create_default_context(cafile=certifi.where())
    try:
        context.load_verify_locations(cadata=ca)
    except (ssl.SSLError, ValueError) as error:
        raise DomainError(
            "server_ca_invalid",
            f"the server's certificate authority is not a PEM certificate ({error})",
        ) from None
    return context


def push_body(device_id: str, events: Sequence[Mapping[str, Any]]) -> str:
    """The push request of ``events`` (the stored rows) as one JSON document, checked
    against the wire schema in one pass; ``sync_event_invalid`` if one does not fit."""
    document = {"device_id": device_id, "events": list(events)}
    try:
        pushed = wire.PushRequest.model_validate(document)
        return pushed.model_dump_json(exclude_defaults=True)  # no relay's `parked`
    except ValidationError as error:
        raise DomainError(
            "sync_event_invalid",
            f"an event of this counter does not fit the sync protocol: "
            f"{error.errors()[0]['loc']} {error.errors()[0]['msg']}",
        ) from None


class SyncClient:
    """Requests of protocol version 1 to one server, with this device's token."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        user_agent: str = "counter-app",
        ca: str | None = None,
    ) -> None:
        """``ca``: the PEM text of the ward's own certificate authority, trusted for this
        server besides the public ones (docs/tls.md)."""
        self.base_url = check_server_url(base_url)
        self._timeout = timeout
        headers = {"User-Agent": user_agent, "Accept": "application/json"}
        if token:
            headers[wire.TOKEN_HEADER] = f"Bearer {token}"
        self._http = httpx.Client(
            base_url=self.base_url + wire.PREFIX,
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)),
            verify=trusting(ca) if ca else True,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the exchanges -----------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        response = self._send("GET", "/health")
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise _not_the_protocol(self.base_url)
        return body

    def enrol(self, request: wire.EnrolRequest) -> wire.EnrolResponse:
        response = self._send("POST", "/enrol", content=request.model_dump_json())
        return self._read(response, wire.EnrolResponse)

    def send_push(self, body: str) -> wire.PushResponse:
        """One batch (at most ``wire.MAX_BATCH``) of the device's events, in seq order,
        as :func:`push_body` checked and encoded it."""
        return self._read(self._send("POST", "/events", content=body), wire.PushResponse)

    def pull(self, since: int, limit: int = wire.MAX_CHANGES) -> wire.ChangesResponse:
        params = {"since": since, "limit": limit}
        return self._read(self._send("GET", "/changes", params=params), wire.ChangesResponse)

    # --- the transport -----------------------------------------------------------------

    def _send(
        self, method: str, path: str, *, content: str | None = None, params: Any = None
    ) -> httpx.Response:
        headers = {"Content-Type": "application/json"} if content is not None else None
        request = self._http.build_request(
            method, path.lstrip("/"), content=content, params=params, headers=headers
        )
        try:
            response = self._answer(request, time.monotonic() + self._timeout)
        except httpx.TimeoutException:
            raise ServerUnreachable("timeout", f"{self.base_url} did not answer in time") from None
        except httpx.TransportError as error:
            reason = str(error) or type(error).__name__
            raise ServerUnreachable("unreachable", f"{self.base_url}: {reason}") from None
        status = response.status_code
        if status >= 500 or status in RETRY_LATER:
            raise ServerUnreachable("server_error", f"{self.base_url} answered HTTP {status}")
        if status >= 400:
            raise _refusal(response)
        return response

    def _answer(self, request: httpx.Request, deadline: float) -> httpx.Response:
        try:
            return whole_answer(self._http, request, deadline)
        except AnswerTooLong:
            raise ServerUnreachable(
                "answer_invalid", f"{self.base_url}: too long an answer"
            ) from None

    def _read(self, response: httpx.Response, model: type[Answer]) -> Answer:
        """The server's answer. A field a newer server added is ignored whatever the
        model (the queue's setup is a :class:`wire.Wire`, strict where the server reads
        it, and answered as it is)."""
        try:
            return model.model_validate_json(response.content, extra="ignore")
        except ValidationError:
            raise _not_the_protocol(self.base_url) from None


def _refusal(response: httpx.Response) -> Refused:
    status = response.status_code
    try:
        body = wire.ErrorBody.model_validate_json(response.content)
    except ValidationError:
        text = response.text.strip().splitlines()[0][:200] if response.text.strip() else ""
        return Refused(status, f"http_{status}", text or response.reason_phrase)
    if body.error is wire.ErrorCode.CHAIN_BROKEN:
        return ChainBroken(status, str(body.error), body.detail)
    return Refused(status, str(body.error), body.detail)  # a newer server's code as it is


def _not_the_protocol(base_url: str) -> ServerUnreachable:
    return ServerUnreachable(
        "answer_invalid", f"{base_url} answered, but not as a sync server of protocol v1"
    )
