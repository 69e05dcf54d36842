"""The delay a ward server adds between its counters and the city, both ways.

Two real ``counter-central serve`` processes on loopback, each on a temporary SQLite
file: the city, and a ward server (``serve --upstream CITY --upstream-token T``, the
ward's relay token at the city). One counter is enrolled with the ward server, another
with the city directly (in a second ward). ``--trials`` times, each after a pause of
random length (so that a trial lands anywhere in the forwarder's polling round):

- **up**: the counter pushes ``--batch`` events to the ward server; timed until the ward
  server acknowledges them, and until the city's database holds them all. Baseline: the
  same push straight to the city, timed until the city acknowledges it (then it holds
  the events).
- **down**: a change is published at the city for the ward; timed until
  ``GET /v1/changes`` at the ward server shows it to the counter. Baseline: a change
  published at the city for the second ward, timed until its counter sees it there.

``added_ms`` is the median via the ward server minus the median of the baseline;
``ratio`` is their quotient. Times are in milliseconds: median, 95th percentile, max.

    .venv/bin/python bench/relay.py [--trials 20] [--batch 10]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import math
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

from counter_app.sync import wire

CITY_WARD = ("000.00.01.H26", "UBND Phường Thử Nghiệm")  # served through the ward server
DIRECT_WARD = ("000.00.02.H26", "UBND Phường Đối Chứng")  # its counter talks to the city
HOURS = {"periods": "07:30-11:30,13:00-17:00"}
POLL_S = 0.005  # how often this bench looks for the events or the change
PATIENCE_S = 60.0


def _sibling(name: str) -> ModuleType:
    """bench/NAME.py (the benchmarks are scripts, not a package)."""
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


ingest = _sibling("ingest")  # the counters' events, a server process, enrolment


# --- the two servers' databases ------------------------------------------------------


def prepare_city(db: str) -> tuple[str, str]:
    """Both wards; the relay token of the first, an enrolment code of the second."""
    from central import database, wards

    engine = database.open_engine(db)
    try:
        database.upgrade(engine)
        with database.write(engine) as conn:
            relayed = wards.add_ward(conn, *CITY_WARD, now())
            direct = wards.add_ward(conn, *DIRECT_WARD, now())
            token = wards.issue_relay_token(conn, relayed, now())
            code = wards.issue_enrolment_code(conn, direct, now())[0]
    finally:
        engine.dispose()
    return token, code


def prepare_ward(db: str) -> str:
    """The ward at its own server; an enrolment code for its counter."""
    from central import database, wards

    engine = database.open_engine(db)
    try:
        database.upgrade(engine)
        with database.write(engine) as conn:
            ward = wards.add_ward(conn, *CITY_WARD, now())
            return str(wards.issue_enrolment_code(conn, ward, now())[0])
    finally:
        engine.dispose()


def now() -> datetime:
    return datetime.now(UTC)


def publish(db: str, ward_code: str) -> None:
    """A change for every device of the ward, as the city's operator publishes one."""
    from central import changes, database, wards

    engine = database.open_engine(db)
    try:
        with database.write(engine) as conn:
            ward = wards.ward_by_code(conn, ward_code)
            changes.publish(conn, ward.id, wire.ChangeKind.OFFICE_HOURS, HOURS)
    finally:
        engine.dispose()


@contextlib.contextmanager
def city_head(db: str) -> Iterator[Callable[[str], int]]:
    """The highest seq the city's database holds for a device (read straight from it)."""
    from sqlalchemy import func, select

    from central import database, schema

    engine = database.open_engine(db)
    events = schema.events

    def head(device_id: str) -> int:
        with database.read(engine) as conn:
            query = select(func.max(events.c.seq)).where(events.c.device_id == device_id)
            return int(conn.execute(query).scalar_one() or 0)

    try:
        yield head
    finally:
        engine.dispose()


# --- one counter ---------------------------------------------------------------------


class Counter:
    """An enrolled counter: pushes its new events, looks for its ward's changes."""

    def __init__(self, url: str, code: str, number: int) -> None:
        self.device = ingest.Device(number=number)
        ingest.enrol(url, [self.device], [code])
        headers = {"Authorization": f"Bearer {self.device.token}"}
        self.client = httpx.Client(base_url=url, headers=headers, timeout=60)
        self.cursor = 0

    def __enter__(self) -> Counter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.client.close()

    def push(self, count: int) -> int:
        """``count`` new events in one push, acknowledged; the last seq."""
        first = len(self.device.log)
        for number in range(count):
            payload = {"officer": "can.bo.mot.cua", "n": first + number}
            self.device.write("officer.logged_in", str(uuid.uuid4()), payload)
        batch = self.device.batches(first)[0]
        response = self.client.post(f"{wire.PREFIX}/events", content=batch.body)
        answer = wire.PushResponse.model_validate_json(response.raise_for_status().content)
        if answer.acked_through != batch.last_seq:
            raise RuntimeError(f"acknowledged through {answer.acked_through}: {answer}")
        return int(batch.last_seq)

    def new_changes(self) -> int:
        """How many changes have come since the last look."""
        response = self.client.get(f"{wire.PREFIX}/changes", params={"since": self.cursor})
        page = wire.ChangesResponse.model_validate_json(response.raise_for_status().content)
        self.cursor = page.cursor
        return len(page.changes)


def until(check: Callable[[], bool], what: str) -> None:
    deadline = time.perf_counter() + PATIENCE_S
    while not check():
        if time.perf_counter() > deadline:
            raise SystemExit(f"not within {PATIENCE_S:g} s: {what}")
        time.sleep(POLL_S)


# --- the trials ----------------------------------------------------------------------


def up(
    relayed: Counter, direct: Counter, head: Callable[[str], int], batch: int
) -> dict[str, float]:
    """One push through the ward server and one straight to the city; seconds."""
    began = time.perf_counter()
    last = relayed.push(batch)
    acked = time.perf_counter()
    until(lambda: head(relayed.device.id) >= last, "the city holds the events")
    at_city = time.perf_counter()
    began_direct = time.perf_counter()
    direct.push(batch)
    direct_s = time.perf_counter() - began_direct
    return {"ward_ack": acked - began, "at_city": at_city - began, "direct": direct_s}


def down(city_db: str, relayed: Counter, direct: Counter) -> dict[str, float]:
    """A change for each ward published at the city; seconds until each counter sees it."""
    publish(city_db, CITY_WARD[0])
    began = time.perf_counter()
    until(lambda: relayed.new_changes() > 0, "the change reaches the ward server")
    at_ward = time.perf_counter() - began
    publish(city_db, DIRECT_WARD[0])
    began = time.perf_counter()
    until(lambda: direct.new_changes() > 0, "the change is at the city")
    return {"at_ward": at_ward, "direct": time.perf_counter() - began}


def trials(
    count: int, pause_s: float, seed: int, trial: Callable[[], dict[str, float]]
) -> dict[str, list[float]]:
    """``count`` trials, each after a random pause up to ``pause_s``; seconds by name."""
    pauses = random.Random(seed)
    times: dict[str, list[float]] = {}
    for _ in range(count):
        time.sleep(pauses.uniform(0, pause_s))
        for name, seconds in trial().items():
            times.setdefault(name, []).append(seconds)
    return times


def summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[math.ceil(0.95 * len(ordered)) - 1]  # nearest rank
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def compared(times: dict[str, list[float]], relayed: str) -> dict[str, Any]:
    via, baseline = statistics.median(times[relayed]), statistics.median(times["direct"])
    figures: dict[str, Any] = {name: summary(values) for name, values in times.items()}
    figures["added_ms"] = round((via - baseline) * 1000, 1)
    figures["ratio"] = round(via / baseline, 1)
    return figures


def measure(folder: Path, count: int, batch: int, seed: int = 1) -> dict[str, Any]:
    from central.upstream import POLL_S as FORWARDER_POLL_S

    city_db, ward_db = f"sqlite:///{folder / 'city.db'}", f"sqlite:///{folder / 'ward.db'}"
    token, direct_code = prepare_city(city_db)
    ward_code = prepare_ward(ward_db)
    with contextlib.ExitStack() as stack:
        head = stack.enter_context(city_head(city_db))
        city = stack.enter_context(ingest.serve(city_db, folder / "city.log"))
        upstream = ("--upstream", city.url, "--upstream-token", token)
        ward = stack.enter_context(ingest.serve(ward_db, folder / "ward.log", 1, *upstream))
        relayed = stack.enter_context(Counter(ward.url, ward_code, 1))
        direct = stack.enter_context(Counter(city.url, direct_code, 2))
        up(relayed, direct, head, batch)  # warm-up: the forwarder finds its ward
        down(city_db, relayed, direct)
        pause = FORWARDER_POLL_S
        ups = trials(count, pause, seed, lambda: up(relayed, direct, head, batch))
        downs = trials(count, pause, seed + 1, lambda: down(city_db, relayed, direct))
    return {
        "trials": count,
        "batch": batch,
        "forwarder_poll_s": FORWARDER_POLL_S,
        "up": compared(ups, "at_city"),
        "down": compared(downs, "at_ward"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--trials", type=int, default=20, help="pushes and changes timed")
    parser.add_argument("--batch", type=int, default=10, help="events in each push")
    parser.add_argument("--seed", type=int, default=1, help="of the random pauses")
    args = parser.parse_args(argv)
    if not 1 <= args.batch <= wire.MAX_BATCH:
        parser.error(f"--batch must be 1–{wire.MAX_BATCH}")
    with tempfile.TemporaryDirectory() as temporary:
        result = measure(Path(temporary), args.trials, args.batch, args.seed)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
