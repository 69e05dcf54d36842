"""Storing batches of events as the server's events table grows: random event ids
(UUID version 4, what counters wrote before) against time-ordered ones (version 7,
``counter_app.domain.ids``, what they write now).

For each size in ``--sizes``, a fresh SQLite database of the server's schema is
filled with that many events in transactions of 10,000, then ``--batches`` batches of
``wire.MAX_BATCH`` events are stored as a push stores them (``database.insert_rows``,
one durable transaction each) and timed. Both kinds of id run on the same rows, one
after the other, at each size. The ratio is the time-ordered rate over the random
one's, measured in the same run.

    .venv/bin/python bench/event_ids.py [--sizes 0,100000,500000] [--batches 20]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from central import database, schema
from counter_app.domain.event_chain import canonical
from counter_app.domain.ids import time_ordered_id
from counter_app.sync import wire

FILL = 10_000  # events per transaction while the table is filled (not timed)
KINDS: dict[str, Callable[[], str]] = {
    "random (v4)": lambda: str(uuid.uuid4()),
    "time-ordered (v7)": time_ordered_id,
}
# An event's payload of a counter's size (a reception is about 800 bytes).
PAYLOAD = canonical(
    {
        "code": "000.00.01.H26-261130-1001",
        "applicant": {"full_name": "Nguyễn Thị Minh Khai", "address": "Số 12 phố Hàng Bạc " * 20},
    }
)


def rows(make_id: Callable[[], str], first_seq: int, count: int) -> list[dict[str, Any]]:
    return [
        {
            "event_id": make_id(),
            "seq": first_seq + offset,
            "type": "dossier.status_changed",
            "aggregate_type": "dossier",
            "aggregate_id": str(uuid.uuid4()),
            "payload": PAYLOAD,
            "created_at": "2026-11-30T09:00:00.000000+07:00",
            "officer": "can.bo.mot.cua",
            "prev_hash": "a" * 64,
            "hash": "b" * 64,
            "parked_reason": None,
            "parked_detail": None,
        }
        for offset in range(count)
    ]


def rate(folder: Path, make_id: Callable[[], str], stored: int, batches: int) -> float:
    """Events per second stored in ``batches`` pushes' transactions after ``stored``."""
    engine = database.open_engine(f"sqlite:///{folder / 'events.db'}")
    try:
        database.upgrade(engine)
        now = datetime.now(UTC)
        with database.write(engine) as conn:
            ward = conn.execute(
                schema.wards.insert().values(code="000.00.01.H26", name="Bench", created_at=now)
            ).inserted_primary_key[0]
            conn.execute(
                schema.devices.insert().values(id="d", ward_id=ward, role="counter", created_at=now)
            )
        same = {"ward_id": ward, "device_id": "d", "received_at": now}
        seq = 1
        for start in range(0, stored, FILL):
            count = min(FILL, stored - start)
            with database.write(engine) as conn:
                database.insert_rows(conn, schema.events, rows(make_id, seq, count), same)
            seq += count
        took = 0.0
        for _ in range(batches):
            batch = rows(make_id, seq, wire.MAX_BATCH)
            seq += wire.MAX_BATCH
            began = time.perf_counter()
            with database.write(engine) as conn:
                database.insert_rows(conn, schema.events, batch, same)
            took += time.perf_counter() - began
        return batches * wire.MAX_BATCH / took
    finally:
        engine.dispose()


def measure(sizes: Sequence[int], batches: int) -> list[dict[str, Any]]:
    results = []
    for stored in sizes:
        figures: dict[str, Any] = {"stored": stored}
        for name, make_id in KINDS.items():
            with tempfile.TemporaryDirectory() as folder:
                figures[name] = round(rate(Path(folder), make_id, stored, batches))
        figures["ratio"] = round(figures["time-ordered (v7)"] / figures["random (v4)"], 2)
        results.append(figures)
    return results


def sizes_argument(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if any(size < 0 for size in sizes):
        raise argparse.ArgumentTypeError("a size is 0 or more")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=sizes_argument, default=[0, 100_000, 500_000])
    parser.add_argument("--batches", type=int, default=20)
    args = parser.parse_args(argv)
    if args.batches < 1:
        parser.error("--batches must be 1 or more")
    results = measure(args.sizes, args.batches)
    print(f"{'events stored':>14}  {'random (v4)':>12}  {'time-ordered (v7)':>18}  ratio")
    for row in results:
        print(
            f"{row['stored']:>14,}  {row['random (v4)']:>12,}  {row['time-ordered (v7)']:>18,}"
            f"  {row['ratio']:.2f}×"
        )
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
