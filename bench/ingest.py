"""Sustained ingest at the server: several counters pushing full batches at once.

A real ``counter-central serve`` process on loopback (a temporary SQLite file; with
``--postgres`` also a throwaway PostgreSQL cluster of its own, or the database of
``--db URL``). ``--devices`` counters are enrolled, and each pushes ``--events`` events
of a counter's day (receptions with the dossier's data, then its status changes: the
server stores, claims the dossier codes and projects them) in correctly chained batches
of ``wire.MAX_BATCH``, built and serialised before the clock starts, every counter in a
thread of its own with one kept-alive httpx connection. The result is events accepted
per second, from the first request to the last acknowledgement.

Baseline, in the same run on the same database: the same rows inserted into ``events``
by one loop in this process (``central.database.insert_rows``, one transaction per
batch): what the storage alone takes, without HTTP, validation, the chain check,
dossier codes or projections. ``ratio`` is the server's rate over that loop's: how
much of the database's own insert speed reaches the counters.

    .venv/bin/python bench/ingest.py [--devices 4] [--events 10000] [--postgres] [--db URL]
        [--workers N (default: one per core)]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from counter_app.domain.event_chain import GENESIS, canonical, event_hash
from counter_app.domain.ids import time_ordered_id
from counter_app.sync import wire

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"sqlite": 20_000, "postgresql": 10_000}  # events per second, the issue's
WARD = ("000.00.01.H26", "UBND Phường Thử Nghiệm")
STEPS = ("in_processing", "result_ready", "returned")  # each reception's status changes


# --- a counter's events ----------------------------------------------------------------


@dataclass
class Device:
    """One enrolled counter and its log, as pre-serialised push bodies."""

    number: int
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    token: str = ""
    log: list[dict[str, Any]] = field(default_factory=list)

    def write(self, kind: str, aggregate: str, payload: dict[str, Any]) -> None:
        prev = self.log[-1]["hash"] if self.log else GENESIS
        event = {
            "seq": len(self.log) + 1,
            "id": time_ordered_id(),  # as the counter makes them
            "type": kind,
            "aggregate_type": kind.split(".")[0],
            "aggregate_id": aggregate,
            "payload": canonical(payload),
            "created_at": "2026-11-30T09:00:00.000000+07:00",
            "device_id": self.id,
            "officer": "can.bo.mot.cua",
            "prev_hash": prev,
        }
        event["hash"] = event_hash(prev, event)
        self.log.append(event)

    def fill(self, count: int) -> None:
        """Receptions, each followed by its status changes, until ``count`` events."""
        dossier = 0
        while len(self.log) < count:
            dossier += 1
            code, aggregate = self.dossier_code(dossier), str(uuid.uuid4())
            self.write("dossier.received", aggregate, reception(code))
            for before, after in zip(("received", *STEPS), STEPS, strict=False):
                if len(self.log) < count:
                    change = {"code": code, "from": before, "to": after, "reason": ""}
                    self.write("dossier.status_changed", aggregate, change)

    def dossier_code(self, dossier: int) -> str:
        """Numbered in the counter's block (k000–k999), a new day every 999 dossiers."""
        day, number = divmod(dossier - 1, 999)
        return f"{WARD[0]}-2611{day + 1:02d}-{self.number * 1000 + number + 1:04d}"

    def batches(self, start: int = 0, size: int = wire.MAX_BATCH) -> list[Batch]:
        """The log from ``start`` as push bodies of ``size`` events."""
        return [
            Batch(
                json.dumps({"device_id": self.id, "events": self.log[i : i + size]}).encode(),
                self.log[min(i + size, len(self.log)) - 1]["seq"],
            )
            for i in range(start, len(self.log), size)
        ]


@dataclass(frozen=True)
class Batch:
    body: bytes
    last_seq: int  # what the server acknowledges once it has the batch


def reception(code: str) -> dict[str, Any]:
    """A ``dossier.received`` payload of the counter's size (``Dossier.to_data()``)."""
    return {
        "code": code,
        "status": "received",
        "procedure_code": "1.001234",
        "procedure_name": "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "applicant": {
            "full_name": "Nguyễn Thị Minh Khai",
            "id_number": "001190012345",
            "birth_date": "1990-05-12",
            "address": "Số 12 ngõ 34 phố Hàng Bạc, phường Hàng Bạc, Hà Nội",
            "phone": "0912345678",
        },
        "documents": [
            {"name": "Bản chính giấy tờ cần chứng thực", "form": "original", "count": 1},
            {"name": "Bản sao cần chứng thực", "form": "copy", "count": 2},
        ],
        "received_at": "2026-11-30T09:00+07:00",
        "due_at": "2026-12-03T17:00+07:00",
        "fee": {"determined": True, "total": 4000},
        "officer": "can.bo.mot.cua",
    }


# --- the server ----------------------------------------------------------------------


def prepare(db: str, devices: int) -> list[str]:
    """Schema, the ward, an enrolment code per device (``db upgrade``, ``ward add``,
    ``enrol`` in this process); the codes."""
    from central import database, wards

    engine = database.open_engine(db)
    try:
        database.upgrade(engine)
        now = datetime.now(UTC)
        with database.write(engine) as conn:
            ward = wards.add_ward(conn, WARD[0], WARD[1], now)
            return [wards.issue_enrolment_code(conn, ward, now)[0] for _ in range(devices)]
    finally:
        engine.dispose()


@dataclass
class Server:
    url: str
    pid: int

    def cpu_seconds(self) -> float | None:
        """CPU time of the server and its worker processes so far (Linux; else None)."""
        return _cpu_seconds(self.pid)


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return own + sum(_cpu_seconds(int(child)) or 0.0 for child in children)


@contextlib.contextmanager
def serve(db: str, log: Path, workers: int = 1, *more: str) -> Iterator[Server]:
    """``counter-central serve`` on a free loopback port, once healthy; ``more``: further
    ``serve`` arguments (``--upstream URL --upstream-token T`` for a ward server)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    command = [sys.executable, "-m", "central.cli", "serve", "--db", db, "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning", *more]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield Server(url, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}: see its log")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{url}{wire.PREFIX}/health", timeout=1),
        ):
            return
        time.sleep(0.1)
    raise SystemExit("the server did not answer its health check")


def enrol(url: str, devices: list[Device], codes: list[str]) -> None:
    for device, code in zip(devices, codes, strict=True):
        body = {"code": code, "device_id": device.id, "device_name": f"QUAY-{device.number}"}
        response = httpx.post(f"{url}{wire.PREFIX}/enrol", json=body, timeout=30)
        response.raise_for_status()
        device.token = response.json()["token"]


# --- pushing -------------------------------------------------------------------------


def push(url: str, device: Device, batches: list[Batch]) -> None:
    """Push the batches in order over one connection, each acknowledged whole."""
    headers = {"Authorization": f"Bearer {device.token}", "Content-Type": "application/json"}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
        for batch in batches:
            response = client.post(f"{wire.PREFIX}/events", content=batch.body)
            if response.status_code != 200:
                raise RuntimeError(f"push refused: {response.status_code} {response.text}")
            answer = wire.PushResponse.model_validate_json(response.content)
            if answer.acked_through != batch.last_seq or answer.parked:
                raise RuntimeError(f"device {device.number}: unexpected answer {answer}")


def push_all(url: str, work: list[tuple[Device, list[Batch]]]) -> float:
    """Every device pushes its batches in a thread of its own; the wall time."""
    errors: list[BaseException] = []
    start = threading.Barrier(len(work) + 1)

    def run(device: Device, batches: list[Batch]) -> None:
        start.wait()
        try:
            push(url, device, batches)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=item) for item in work]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    if errors:
        raise errors[0]
    return seconds


def one_per_request(url: str, device: Device, count: int) -> float:
    """Seconds per event when ``count`` more events go one per request."""
    first = len(device.log)
    device.fill(first + count)
    batches = device.batches(first, size=1)
    began = time.perf_counter()
    push(url, device, batches)
    return (time.perf_counter() - began) / count


# --- the baseline: the storage alone ---------------------------------------------------


def bare_insert(db: str, devices: list[Device]) -> float:
    """The same rows (new ids, under a device of their own) inserted into ``events``
    in transactions of ``wire.MAX_BATCH``, in this process; events per second."""
    from central import database, schema

    engine = database.open_engine(db)
    now = datetime.now(UTC)
    try:
        with database.write(engine) as conn:
            ward_id = conn.execute(schema.wards.select()).first().id  # type: ignore[union-attr]
            conn.execute(
                schema.devices.insert().values(
                    id="bare-insert", ward_id=ward_id, role="counter", created_at=now
                )
            )
        events = [event for device in devices for event in device.log]
        rows = [_row(event, seq) for seq, event in enumerate(events, 1)]
        same = {"ward_id": ward_id, "device_id": "bare-insert", "received_at": now}
        size = wire.MAX_BATCH
        began = time.perf_counter()
        for index in range(0, len(rows), size):
            with database.write(engine) as conn:
                database.insert_rows(conn, schema.events, rows[index : index + size], same)
        return len(rows) / (time.perf_counter() - began)
    finally:
        engine.dispose()


def _row(event: dict[str, Any], seq: int) -> dict[str, Any]:
    """The row ``central.ingest`` stores for the event, as the ``seq``-th of one device."""
    names = ("type", "aggregate_type", "aggregate_id", "payload", "created_at", "officer")
    row = {name: event[name] for name in (*names, "prev_hash", "hash")}
    row.update(event_id=time_ordered_id(), seq=seq, parked_reason=None, parked_detail=None)
    return row


# --- one database ------------------------------------------------------------------------


def measure(
    db: str, folder: Path, devices: int, events: int, workers: int = 1, single: int = 200
) -> dict[str, Any]:
    """Ingest on one empty database; the figures for it (``single``: events sent one
    per request, for the second comparison)."""
    codes = prepare(db, devices + 1)
    counters = [Device(number=n) for n in range(1, devices + 1)]
    for counter in counters:
        counter.fill(events)
    with serve(db, folder / "server.log", workers) as server:
        url = server.url
        enrol(url, counters, codes[:-1])
        push_all(url, [(c, c.batches()[:1]) for c in counters])  # warm-up: not measured
        work = [(c, c.batches(wire.MAX_BATCH)) for c in counters]
        measured = sum(c.log[-1]["seq"] - wire.MAX_BATCH for c in counters)
        cpu_before, client_before = server.cpu_seconds(), time.process_time()
        seconds = push_all(url, work)
        cpu_after, client_after = server.cpu_seconds(), time.process_time()
        lone = Device(number=devices + 1)
        enrol(url, [lone], codes[-1:])
        per_event = one_per_request(url, lone, single)
    stored = _stored_events(db)
    if stored != devices * events + single:
        raise RuntimeError(f"{stored} events stored, not {devices * events + single}")
    rate = measured / seconds
    bare = bare_insert(db, counters)
    return {
        "events": measured,
        "devices": devices,
        "batch": wire.MAX_BATCH,
        "workers": workers,
        "seconds": round(seconds, 3),
        "events_per_second": round(rate),
        "bare_insert_events_per_second": round(bare),
        "ratio": round(rate / bare, 3),
        "server_cpu_ms_per_1000_events": _per_thousand(cpu_before, cpu_after, measured),
        "client_cpu_ms_per_1000_events": _per_thousand(client_before, client_after, measured),
        "one_per_request_events_per_second": round(1 / per_event),
        "batched_over_one_per_request": round(rate * per_event, 1),
    }


def _per_thousand(before: float | None, after: float | None, events: int) -> float | None:
    if before is None or after is None:
        return None
    return round((after - before) * 1000 / (events / 1000), 1)


def _stored_events(db: str) -> int:
    from sqlalchemy import func, select

    from central import database, schema

    engine = database.open_engine(db)
    try:
        with database.read(engine) as conn:
            return int(conn.execute(select(func.count()).select_from(schema.events)).scalar_one())
    finally:
        engine.dispose()


@contextlib.contextmanager
def own_postgres() -> Iterator[str]:
    """A new database on a throwaway cluster (``tests/central/postgres.py``), durable
    like a real server's (the tests run theirs with fsync off)."""
    sys.path.insert(0, str(ROOT))
    from tests.central import postgres

    durable = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}
    settings, postgres.SETTINGS = postgres.SETTINGS, {**postgres.SETTINGS, **durable}
    try:
        cluster = postgres.start()
    except postgres.PostgresUnavailable as exc:
        raise SystemExit(f"--postgres: {exc}") from None
    finally:
        postgres.SETTINGS = settings
    try:
        yield cluster.create_database()
    finally:
        cluster.close()


def run(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    results: dict[str, Any] = {}
    sqlite = f"sqlite:///{folder / 'central.db'}"
    results["sqlite"] = measure(sqlite, folder, args.devices, args.events, args.workers)
    if args.db:
        results["postgresql"] = measure(args.db, folder, args.devices, args.events, args.workers)
    elif args.postgres:
        with own_postgres() as url:
            results["postgresql"] = measure(url, folder, args.devices, args.events, args.workers)
    for name, figures in results.items():
        figures["target_events_per_second"] = TARGETS[name]
        figures["target_met"] = figures["events_per_second"] >= TARGETS[name]
    return results


def default_workers() -> int:
    """One server process per core (at most 8): how a ward's or city's server is meant
    to run (``docs/sync-protocol.md``, sizing)."""
    return max(1, min(os.cpu_count() or 1, 8))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--devices", type=int, default=4, help="counters pushing at once")
    parser.add_argument("--events", type=int, default=10_000, help="events per counter")
    parser.add_argument("--postgres", action="store_true", help="also a throwaway PostgreSQL")
    parser.add_argument("--db", help="also this PostgreSQL database (empty), instead")
    parser.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="server processes (serve --workers); default one per core, as a server runs",
    )
    args = parser.parse_args(argv)
    if args.events <= wire.MAX_BATCH:
        parser.error(f"--events must be more than one batch ({wire.MAX_BATCH})")
    with tempfile.TemporaryDirectory() as temporary:
        print(json.dumps(run(args, Path(temporary))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
