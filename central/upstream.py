"""The ward role: forward the ward's events to the city, relay the city's changes down.

A ward server (``serve --upstream URL --upstream-token T``) stores and acknowledges its
counters' events like the top does; this background thread then pushes each device's
events up in the same wire format (the city checks each device's chain again), with
which of them the ward server parked (the city parks them too), and pulls
the ward's changes from the city, publishing each into the local changes table for the
ward's devices. The token is the ward's relay token at the city
(``counter-central relay-token --ward CODE`` there).

With several workers or processes on one database, one forwarder works at a time: they
compete for a lease row in the database (not in memory), renewed while it works. Nothing
depends on the lease for correctness: a repeated push is acknowledged by the city as a
repeat, and a page of changes is published here only together with the move of the
cursor it was read from (a conditional update), so two forwarders never publish one
change twice.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
import uuid
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import Connection, Engine, insert, or_, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from central import changes, database, events, schema
from central.settings import Settings
from counter_app.domain.clock import Clock
from counter_app.domain.records import record
from counter_app.sync.answers import AnswerTooLong, whole_answer
from counter_app.sync.wire import (
    MAX_BATCH,
    MAX_CHANGES,
    PREFIX,
    ChangesResponse,
    DeviceInfo,
    DeviceRole,
    ErrorBody,
    PushRequest,
    PushResponse,
)

log = logging.getLogger("central.upstream")
LEASE = "forwarder"
LEASE_S = 30.0
POLL_S = 2.0
RETRY_DEVICE_S = 300.0  # a device the city refused is tried again after this
BACKOFF_MAX_S = 60.0
TIMEOUT_S = 30.0  # for a whole exchange with the city, answer included


class UpstreamError(Exception):
    """The city refused or could not be reached; the forwarder waits and tries again."""


@record(frozen=True)
class LocalWard:
    id: int
    code: str


class Forwarder:
    """The background thread of a ward server (one per worker; one works at a time)."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        clock: Clock,
        poll_s: float = POLL_S,
        nudge: threading.Event | None = None,
        timeout_s: float = TIMEOUT_S,
    ) -> None:
        assert settings.upstream and settings.upstream_token, "a ward server's settings"
        self._engine = engine
        self._upstream = settings.upstream
        self._token = settings.upstream_token
        self._clock = clock
        self._poll_s = poll_s
        self._timeout_s = timeout_s
        self._holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._stopping = threading.Event()
        # Set by this process's push when it stored events: forward them now, not at the
        # next poll (another worker's pushes wait for the poll).
        self._nudge = nudge or threading.Event()
        self._thread = threading.Thread(target=self._run, name="central-forwarder", daemon=True)
        self._ward: LocalWard | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._nudge.set()
        self._thread.join(timeout=15)
        release_lease(self._engine, LEASE, self._holder)

    def _run(self) -> None:
        failures = 0
        headers = {"Authorization": f"Bearer {self._token}"}
        with httpx.Client(
            base_url=self._upstream, headers=headers, timeout=self._timeout_s
        ) as client:
            while not self._stopping.is_set():
                try:
                    busy = self._turn(client)
                    failures = 0
                except (UpstreamError, httpx.HTTPError) as exc:
                    failures += 1
                    log.warning("city server %s: %s", self._upstream, _said(exc))
                    busy = False
                except Exception:
                    failures += 1
                    log.exception("forwarding to %s failed", self._upstream)
                    busy = False
                if busy:
                    continue
                if failures:  # a nudge must not hurry a city that is failing
                    self._stopping.wait(_backoff(failures))
                else:
                    self._nudge.wait(self._poll_s)
                    self._nudge.clear()

    def _turn(self, client: httpx.Client) -> bool:
        """One round of work if this process holds the lease; whether there is more."""
        if not hold_lease(self._engine, LEASE, self._holder, LEASE_S):
            return False
        ward = self._ward or self._local_ward(client)
        self._ward = ward
        pushed = self._push(client, ward)
        pulled = self._pull(client, ward)
        return pushed or pulled

    def _local_ward(self, client: httpx.Client) -> LocalWard:
        """The ward of the relay token at the city, which this database must hold too."""
        me = DeviceInfo.model_validate_json(_checked(self._ask(client, "GET", "/me")).content)
        if me.role is not DeviceRole.RELAY:
            raise UpstreamError("--upstream-token is a counter's token, not a relay token")
        wards = schema.wards
        with database.read(self._engine) as conn:
            row = conn.execute(select(wards.c.id).where(wards.c.code == me.ward.code)).first()
        if row is None:
            raise UpstreamError(
                f"the relay token is ward {me.ward.code}'s, a ward this server does not have "
                f"(counter-central ward add --code {me.ward.code})"
            )
        log.info("forwarding ward %s to %s", me.ward.code, self._upstream)
        return LocalWard(int(row.id), me.ward.code)

    # --- up: events ------------------------------------------------------------------

    def _push(self, client: httpx.Client, ward: LocalWard) -> bool:
        now = self._clock.now()
        with database.read(self._engine) as conn:
            stored = events.heads(conn, ward.id)
            sent = _forward_heads(conn, self._upstream)
        busy = False
        for device_id, head in sorted(stored.items()):
            acked, error, at = sent.get(device_id, (0, None, None))
            if head <= acked or (error and at and (now - at).total_seconds() < RETRY_DEVICE_S):
                continue
            with database.read(self._engine) as conn:
                batch = events.after(conn, device_id, acked, MAX_BATCH)
                parked = events.parked_among(conn, device_id, batch)
            pushed = PushRequest(device_id=device_id, events=batch, parked=parked)
            body = pushed.model_dump_json()
            response = self._ask(client, "POST", "/events", content=body)
            if response.status_code in (403, 409, 422):  # this device only: the others go on
                refusal = _said(UpstreamError(_refusal(response)))
                log.warning("the city refused device %s's events: %s", device_id, refusal)
                _save_forward_head(self._engine, self._upstream, device_id, acked, refusal, now)
                continue
            answer = PushResponse.model_validate_json(_checked(response).content)
            _save_forward_head(
                self._engine, self._upstream, device_id, answer.acked_through, None, now
            )
            busy = busy or answer.acked_through != acked
        return busy

    def _ask(self, client: httpx.Client, method: str, path: str, **asked: Any) -> httpx.Response:
        """The city's whole answer within the timeout: a city (or a proxy) sending a
        byte now and then must not hold the ward's forwarding for as long as it likes."""
        request = client.build_request(method, f"{PREFIX}{path}", **asked)
        try:
            return whole_answer(client, request, time.monotonic() + self._timeout_s)
        except httpx.ReadTimeout:
            raise UpstreamError(f"{self._upstream}: the answer took too long") from None
        except AnswerTooLong:
            raise UpstreamError(f"{self._upstream}: too long an answer") from None

    # --- down: changes -----------------------------------------------------------------

    def _pull(self, client: httpx.Client, ward: LocalWard) -> bool:
        with database.read(self._engine) as conn:
            cursor = _cursor(conn, self._upstream)
        params = {"since": cursor, "limit": MAX_CHANGES}
        response = self._ask(client, "GET", "/changes", params=params)
        page = ChangesResponse.model_validate_json(_checked(response).content)
        if not page.changes:
            return False
        now = self._clock.now()
        try:
            with database.write(self._engine) as conn:
                _move_cursor(conn, self._upstream, cursor, page.cursor, now)
                for change in page.changes:
                    changes.publish(
                        conn,
                        ward.id,
                        change.kind,
                        change.payload,
                        change.device_id,
                        now,
                        relayed=True,
                    )
        except (IntegrityError, _CursorMoved):
            return True  # another forwarder published this page: read again from there
        return True  # published: there may be more


class _CursorMoved(Exception):
    pass


def _checked(response: httpx.Response) -> httpx.Response:
    if response.status_code >= 400:
        raise UpstreamError(_refusal(response))
    return response


def _refusal(response: httpx.Response) -> str:
    try:
        body = ErrorBody.model_validate_json(response.content)
    except ValueError:
        return f"HTTP {response.status_code}"
    return f"HTTP {response.status_code} {body.error}: {body.detail}"


def _said(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__


def _backoff(failures: int) -> float:
    """Exponential, with jitter, so that many ward servers do not retry in step."""
    ceiling = min(BACKOFF_MAX_S, POLL_S * 2 ** min(failures, 10))
    return random.uniform(ceiling / 2, ceiling)


def _forward_heads(
    conn: Connection, upstream: str
) -> dict[str, tuple[int, str | None, datetime | None]]:
    heads = schema.forward_heads
    rows = conn.execute(select(heads).where(heads.c.upstream == upstream))
    return {row.device_id: (row.acked_through, row.last_error, row.updated_at) for row in rows}


def _save_forward_head(
    engine: Engine, upstream: str, device_id: str, acked: int, error: str | None, now: datetime
) -> None:
    heads = schema.forward_heads
    values = {"acked_through": acked, "last_error": error, "updated_at": now}
    with database.write(engine) as conn:
        done = conn.execute(
            update(heads)
            .where(heads.c.device_id == device_id, heads.c.upstream == upstream)
            .values(**values)
        )
        if done.rowcount == 0:
            conn.execute(insert(heads).values(device_id=device_id, upstream=upstream, **values))


def _cursor(conn: Connection, upstream: str) -> int:
    cursors = schema.upstream_cursors
    found = conn.execute(select(cursors.c.cursor).where(cursors.c.upstream == upstream))
    return int(found.scalar_one_or_none() or 0)


def _move_cursor(conn: Connection, upstream: str, old: int, new: int, now: datetime) -> None:
    """Move the cursor from ``old`` to ``new``, or raise if another forwarder moved it."""
    cursors = schema.upstream_cursors
    done = conn.execute(
        update(cursors)
        .where(cursors.c.upstream == upstream, cursors.c.cursor == old)
        .values(cursor=new, updated_at=now)
    )
    if done.rowcount == 1:
        return
    if old != 0 or _cursor(conn, upstream) != 0:
        raise _CursorMoved
    conn.execute(insert(cursors).values(upstream=upstream, cursor=new, updated_at=now))


# --- the lease ---------------------------------------------------------------------------


def hold_lease(engine: Engine, name: str, holder: str, seconds: float) -> bool:
    """Take or renew the lease ``name`` for ``seconds``; False while another holds it."""
    leases = schema.leases
    now = time.time()
    try:
        with database.write(engine) as conn:
            done = conn.execute(
                update(leases)
                .where(
                    leases.c.name == name,
                    or_(leases.c.holder == holder, leases.c.expires_at < now),
                )
                .values(holder=holder, expires_at=now + seconds)
            )
            if done.rowcount == 1:
                return True
            if conn.execute(select(leases.c.name).where(leases.c.name == name)).first():
                return False
            conn.execute(insert(leases).values(name=name, holder=holder, expires_at=now + seconds))
            return True
    except IntegrityError:
        return False  # another process created it at the same moment


def release_lease(engine: Engine, name: str, holder: str) -> None:
    leases = schema.leases
    try:
        with database.write(engine) as conn:
            conn.execute(
                update(leases)
                .where(leases.c.name == name, leases.c.holder == holder)
                .values(expires_at=0.0)
            )
    except DBAPIError:  # stopping anyway: the lease expires by itself
        log.warning("could not release the %s lease", name)
