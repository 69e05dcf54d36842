"""A week offline: a backlog of waiting events drained to a real server, as a ratio to
sending one event per request.

A fresh installation is enrolled with a real ``counter-central serve`` process on
loopback (started here on a temporary SQLite database unless ``--server`` and
``--code`` are given), ``--events`` events are written to its log (one transaction),
and ``SyncService.sync_once`` is timed until nothing waits: batches of
``wire.MAX_BATCH`` over one kept-alive connection. The baseline is the same code path
with batches of one event, timed on ``--sample`` more events and scaled to the backlog.

    .venv/bin/python bench/sync.py [--events 20000] [--sample 300]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from counter_app import app
from counter_app.storage import events, outbox
from counter_app.storage.database import transaction
from counter_app.sync import wire

TARGET_SECONDS = 4.0  # 20,000 events, a week offline
TARGET_RATIO = 20.0
WARD = ("000.00.01.H26", "UBND Phường Thử Nghiệm")


def write_events(services: app.Services, count: int) -> None:
    """``count`` events of ~400 bytes, as fast as the log takes them."""
    context = events.EventContext(services.unit.device_id, "admin")
    with transaction(services.db):
        for number in range(count):
            payload = {"n": number, "note": "x" * 350}
            aggregate = ("officer", "bench")
            now = services.clock.now()
            events.append(services.db, context, "officer.logged_in", aggregate, payload, now)


def timed_drain(services: app.Services) -> tuple[float, int]:
    started = time.perf_counter()
    report = services.sync.sync_once()
    seconds = time.perf_counter() - started
    assert report.waiting == 0 and not report.errors, report.to_data()
    return seconds, report.acknowledged


def measure(url: str, code: str, folder: Path, backlog: int, sample: int) -> dict[str, Any]:
    services = app.build(folder)
    try:
        services.sync.enrol(url, code, "bench")
        services.sync.sync_once()  # the first events (seed, enrolment): not measured
        write_events(services, backlog)
        waiting = outbox.waiting(services.db)
        seconds, sent = timed_drain(services)
        write_events(services, sample)
        batch, wire.MAX_BATCH = wire.MAX_BATCH, 1  # the same path, one event a request
        try:
            one_seconds, one_sent = timed_drain(services)
        finally:
            wire.MAX_BATCH = batch
    finally:
        services.close()
    per_event = one_seconds / one_sent
    return {
        "events": waiting,
        "sent": sent,
        "batch": wire.MAX_BATCH,
        "seconds": round(seconds, 3),
        "events_per_second": round(sent / seconds),
        "one_per_request_sample": one_sent,
        "one_per_request_ms_per_event": round(per_event * 1000, 3),
        "one_per_request_seconds_estimated": round(per_event * waiting, 1),
        "ratio": round(per_event * waiting / seconds, 1),
        "target": {"seconds": TARGET_SECONDS, "ratio": TARGET_RATIO, "events": 20_000},
    }


# --- a server of our own -------------------------------------------------------------


def _central(*args: str) -> str:
    from central.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        if main(list(args)) != 0:
            raise SystemExit(f"counter-central {' '.join(args)} failed")
    return out.getvalue()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def own_server(folder: Path) -> Iterator[tuple[str, str]]:
    """A server process on a temporary SQLite database; its URL and an enrolment code."""
    db = f"sqlite:///{folder / 'central.db'}"
    _central("db", "upgrade", "--db", db)
    _central("ward", "add", "--code", WARD[0], "--name", WARD[1], "--db", db)
    code = _central("enrol", "--ward", WARD[0], "--db", db).strip().splitlines()[-1]
    port = _free_port()
    command = [sys.executable, "-m", "central.cli", "serve", "--db", db, "--port", str(port)]
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url, code
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server did not start: see server.log")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{url}{wire.PREFIX}/health", timeout=1),
        ):
            return
        time.sleep(0.1)
    raise SystemExit("the server did not answer its health check")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--server", help="a running server's URL (with --code)")
    parser.add_argument("--code", help="an enrolment code of that server")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        if args.server:
            result = measure(args.server, args.code, folder / "counter", args.events, args.sample)
        else:
            with own_server(folder) as (url, code):
                result = measure(url, code, folder / "counter", args.events, args.sample)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
