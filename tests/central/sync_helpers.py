"""Helpers of the protocol tests: wards, enrolled devices and their hash-chained events.

A :class:`Counter` writes events the way the counter's ``storage.events.append`` does
(canonical payload text, ``event_chain.event_hash`` after the previous hash), so the
server checks exactly what a real counter would send.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from counter_app.domain.clock import VIETNAM
from counter_app.domain.event_chain import GENESIS, canonical, event_hash
from counter_app.sync.wire import ChangeKind, EnrolResponse
from tests.central.server import CentralServer

WARD_A = "001.02.03.H26"
WARD_B = "004.05.06.H26"
DAY = "261130"
PATIENCE_S = 30.0


def eventually(
    check: Callable[[], Any], what: str, patience: float = PATIENCE_S, every: float = 0.2
) -> Any:
    """``check()``'s first true answer within ``patience`` seconds, else a failure
    naming ``what``: for what another process does in its own time."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(every)
    raise AssertionError(f"not within {patience:g} s: {what}")


def add_ward(central: CentralServer | str, code: str, name: str | None = None) -> None:
    """What ``counter-central ward add`` does, in this process (the CLI has its own tests),
    on a server's database or the one of a URL (migrated first)."""
    from central import database, wards

    engine = database.open_engine(central if isinstance(central, str) else central.db)
    try:
        database.upgrade(engine)
        with database.write(engine) as conn:
            wards.add_ward(conn, code, name or f"Phường {code[:3]}", now())
    finally:
        engine.dispose()


def enrolment_code(central: CentralServer, ward: str, *extra: str) -> str:
    """The code ``counter-central enrol`` prints alone on its last line."""
    return central.run_cli("enrol", "--ward", ward, *extra).stdout.splitlines()[-1]


def issue_code(central: CentralServer | str, ward: str, reuse: bool = False) -> str:
    """An enrolment code made in this process (what ``enrol`` does, without a new Python)."""
    from central import database, wards

    engine = database.open_engine(central if isinstance(central, str) else central.db)
    try:
        with database.write(engine) as conn:
            found = wards.ward_by_code(conn, ward)
            code, _expires = wards.issue_enrolment_code(conn, found, now(), reuse=reuse)
            return code
    finally:
        engine.dispose()


def now() -> datetime:
    return datetime.now(VIETNAM)


@dataclass
class Counter:
    """A counter PC: its id, its token once enrolled, and its event log."""

    server_url: str
    device_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    token: str = ""
    counter_number: int = 0
    log: list[dict[str, Any]] = field(default_factory=list)
    received: int = 0

    def enrol(self, code: str, name: str = "PC") -> httpx.Response:
        body = {"code": code, "device_id": self.device_id, "device_name": name}
        response = httpx.post(f"{self.server_url}/v1/enrol", json=body, timeout=30)
        if response.status_code == 200:
            enrolled = EnrolResponse.model_validate_json(response.content)
            self.token = enrolled.token
            self.counter_number = enrolled.counter_number
        return response

    def client(self) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token}"}
        return httpx.Client(base_url=self.server_url, headers=headers, timeout=60)

    def write(
        self, event_type: str, payload: Any, aggregate_id: str | None = None
    ) -> dict[str, Any]:
        """Append one event to the log, chained after the last one."""
        prev = self.log[-1]["hash"] if self.log else GENESIS
        event: dict[str, Any] = {
            "seq": len(self.log) + 1,
            "id": str(uuid.uuid4()),
            "type": event_type,
            "aggregate_type": event_type.split(".")[0],
            "aggregate_id": aggregate_id or str(uuid.uuid4()),
            "payload": canonical(payload),
            "created_at": "2026-11-30T09:00:00.000000+07:00",
            "device_id": self.device_id,
            "officer": "admin",
            "prev_hash": prev,
        }
        event["hash"] = event_hash(prev, event)
        self.log.append(event)
        return event

    def receive(self, code: str) -> dict[str, Any]:
        """A ``dossier.received`` event with this dossier code (the fields the server reads
        of ``Dossier.to_data()``; no one's personal data)."""
        payload = {
            "code": code,
            "status": "received",
            "received_at": "2026-11-30T09:00+07:00",
            "due_at": "2026-12-03T17:00+07:00",
            "fee": {"total": 0, "determined": True},
        }
        return self.write("dossier.received", payload)

    def receive_next(self, ward: str = WARD_A) -> dict[str, Any]:
        """A reception numbered next in this counter's block (k000–k999)."""
        self.received += 1
        return self.receive(f"{ward}-{DAY}-{self.counter_number * 1000 + self.received:04d}")

    def push(self, events: list[dict[str, Any]], device_id: str | None = None) -> httpx.Response:
        body = {"device_id": device_id or self.device_id, "events": events}
        with self.client() as client:
            return client.post("/v1/events", content=json.dumps(body))


def sql(central: CentralServer | str, statement: str, **params: Any) -> list[tuple[Any, ...]]:
    """Run one statement on the server's database, behind its back; the rows it returns."""
    from sqlalchemy import create_engine, text

    engine = create_engine(central if isinstance(central, str) else central.db)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


def stored_events(central: CentralServer | str) -> list[tuple[str, int, str]]:
    """Every stored event's (device, seq, event id), in the order they were stored."""
    rows = sql(central, "SELECT device_id, seq, event_id FROM events ORDER BY pos")
    return [(row[0], int(row[1]), row[2]) for row in rows]


def publish(
    central: CentralServer | str,
    ward: str,
    kind: ChangeKind,
    payload: dict[str, Any],
    device_id: str | None = None,
) -> int:
    """What the city's publishing does: ``central.changes.publish`` on its database."""
    from central import changes, database, wards

    engine = database.open_engine(central if isinstance(central, str) else central.db)
    try:
        with database.write(engine) as conn:
            ward_id = wards.ward_by_code(conn, ward).id
            return changes.publish(conn, ward_id, kind, payload, device_id)
    finally:
        engine.dispose()


# A well-formed event of the wire (its hashes are not checked by the schemas).
EVENT = {
    "seq": 1,
    "id": "e1",
    "type": "dossier.received",
    "aggregate_type": "dossier",
    "aggregate_id": "000.00.00.Z99-261130-1001",
    "payload": "{}",
    "created_at": "2026-11-30T09:00:00+07:00",
    "device_id": "d1",
    "officer": "admin",
    "prev_hash": "0" * 64,
    "hash": "1" * 64,
}
