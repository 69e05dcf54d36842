"""Rate limits of what an attacker would hammer: failed attempts per client address.

Four rules (``--rate-limit RULE=ATTEMPTS/SECONDS``, defaults in :data:`DEFAULT_LIMITS`):

- ``enrol``: wrong, used or expired one-time codes (``/v1/enrol``, ``/v1/displays/enrol``);
- ``dashboard``: wrong dashboard tokens (the login form, a ``?key=`` link, a stale cookie);
- ``bank``: bank notifications with a missing, wrong or stale signature;
- ``token``: requests with a device or relay token that is unknown, replaced or revoked.

Only failures count, in a fixed window per rule and address that opens with the first
failure and lasts SECONDS. Once an address has ATTEMPTS failures in its window, its
requests are answered 429 (``wire.ErrorCode.RATE_LIMITED``, ``Retry-After``) until the
window ends. An entry (enrolment, the dashboard's login, a bank notification) is then
refused whatever it carries, the right code included. A request with a *valid* device
token or dashboard cookie is always served: finding a token is one indexed read, as
cheap as reading its limit, and one broken PC behind a ward's NAT must not stop every
counter of the ward (a 256-bit token cannot be guessed anyway).

The counts are rows of ``rate_limits`` in the server's database, so every process and
worker sharing it counts together. A refused request only reads its row; a failure adds
one in one atomic upsert. Requests arriving at the same instant may each pass the check
before either is counted: a limit may let through one more failure per request in
flight, never more.

The address is the connection's, or with ``--trust-proxy`` the client a trusted proxy
names in ``X-Forwarded-For`` (uvicorn's proxy headers, docs/tls.md). An IPv6 address
counts as its /64 network: one machine usually holds a whole /64.
"""

from __future__ import annotations

import ipaddress
import math
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, case, delete, select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from central import database, schema
from central.errors import RateLimited
from counter_app.domain.records import record

if TYPE_CHECKING:
    from fastapi import Request

RULES = ("enrol", "dashboard", "bank", "token")
MAX_ATTEMPTS = 1_000_000
MAX_SECONDS = 7 * 86400
KEPT_S = 60.0  # a row whose window ended this long ago is deleted by the next failure


@record(frozen=True)
class Limit:
    attempts: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.attempts}/{self.seconds}"


DEFAULT_LIMITS: dict[str, Limit] = {
    "enrol": Limit(10, 600),
    "dashboard": Limit(10, 600),
    "bank": Limit(20, 600),
    "token": Limit(60, 600),
}


def parse_limits(text: str) -> dict[str, Limit]:
    """The defaults, changed by ``RULE=ATTEMPTS/SECONDS`` items separated by commas;
    ValueError with an English line for anything else."""
    limits = dict(DEFAULT_LIMITS)
    for item in filter(None, (part.strip() for part in text.split(","))):
        rule, _, value = item.partition("=")
        attempts, _, seconds = value.partition("/")
        rule = rule.strip()
        if rule not in RULES:
            raise ValueError(f"unknown rate limit {rule!r}: one of {', '.join(RULES)}")
        if not (attempts.strip().isdigit() and seconds.strip().isdigit()):
            raise ValueError(
                f"rate limit {item!r}: write {rule}=ATTEMPTS/SECONDS, e.g. {rule}=10/600"
            )
        limit = Limit(int(attempts), int(seconds))
        if not (1 <= limit.attempts <= MAX_ATTEMPTS and 1 <= limit.seconds <= MAX_SECONDS):
            raise ValueError(
                f"rate limit {item!r}: 1 to {MAX_ATTEMPTS} attempts in 1 to {MAX_SECONDS} seconds"
            )
        limits[rule] = limit
    return limits


def limits_text(limits: dict[str, Limit]) -> str:
    """What :func:`parse_limits` reads back."""
    return ",".join(f"{rule}={limits[rule]}" for rule in RULES)


def client_of(request: Request) -> str:
    """The address the limits count: the connection's (or the trusted proxy's client);
    an IPv6 address as its /64."""
    host = request.client.host if request.client else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:100] or "unknown"  # e.g. a Unix socket, or a test client
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


@record(frozen=True)
class Limiter:
    """One rule's limit on one database."""

    engine: Engine
    rule: str
    limit: Limit

    def check(self, who: str, now: float) -> None:
        """Raise :class:`RateLimited` while ``who`` has used up its failures."""
        table = schema.rate_limits
        with database.read(self.engine) as conn:
            row = conn.execute(
                select(table.c.attempts, table.c.resets_at).where(table.c.key == self._key(who))
            ).first()
        if row is not None and row.attempts >= self.limit.attempts and row.resets_at > now:
            wait = max(1, math.ceil(row.resets_at - now))
            raise RateLimited(wait, f"too many failed attempts from here: retry in {wait} s")

    def failed(self, who: str, now: float) -> None:
        """Count one failure of ``who`` (a new window if its last one has ended)."""
        with database.write(self.engine) as conn:
            self._count(conn, self._key(who), now)
            table = schema.rate_limits
            conn.execute(delete(table).where(table.c.resets_at < now - KEPT_S))

    def refused(self, who: str, now: float) -> RateLimited | None:
        """After a failure: the refusal if ``who`` is over the limit already, else the
        failure is counted and None (the request's own refusal stands)."""
        try:
            self.check(who, now)
        except RateLimited as limited:
            return limited
        self.failed(who, now)
        return None

    def _key(self, who: str) -> str:
        return f"{self.rule}:{who}"

    def _count(self, conn: Connection, key: str, now: float) -> None:
        table = schema.rate_limits
        make = postgres_insert if database.is_postgres(conn) else sqlite_insert
        ends = now + self.limit.seconds
        ended = table.c.resets_at <= now
        upsert = (
            make(table)
            .values(key=key, attempts=1, resets_at=ends)
            .on_conflict_do_update(
                index_elements=[table.c.key],
                set_={
                    "attempts": case((ended, 1), else_=table.c.attempts + 1),
                    "resets_at": case((ended, ends), else_=table.c.resets_at),
                },
            )
        )
        conn.execute(upsert)
