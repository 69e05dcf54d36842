"""The queue at the ward server: call-next latency with racing counters, and the board's
delay from a call to its screen.

A real ``counter-central serve`` process on loopback (a temporary SQLite file, as on a
ward's machine; with ``--postgres`` also a throwaway PostgreSQL cluster, durable).

- **call next**: ``--tickets`` tickets are taken, then ``--counters`` counters call
  next at once, each in a process of its own (a counter is a PC of its own) with one
  kept-alive connection, until the queue is empty. With two CPUs or more the server
  runs on one and the counters on the others, as on a ward where the counters are other
  machines. Each call is timed from its request to its answer: median, 95th
  percentile, max. Baseline, in the same run with the same processes: ``GET /v1/queue/
  status`` (the same authentication and one read transaction, no write): ``ratio`` is
  call-next's median over the status's.
- **board**: a board follows ``GET /v1/queue/stream``; a counter calls ``--calls``
  tickets one at a time, pausing at random between them; each delay runs from the call's
  answer to the board's reading of a status that holds it (the server watches its
  queue log every 0.2 s, and in another process the call could come from anywhere).

Every ticket must be called exactly once (checked). Times in milliseconds.

    .venv/bin/python bench/queue_calls.py [--tickets 1000] [--counters 10] [--calls 30] [--postgres]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from counter_app.sync import queue_wire as qw
from counter_app.sync.queue_client import QueueClient

TARGET_P95_MS = 50.0  # the issue's, for call next on loopback
AREAS = ("A", "B", "C")
_CPUS = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
SERVER_CPUS = set(_CPUS[:1]) if len(_CPUS) > 1 else set()
COUNTER_CPUS = set(_CPUS[1:]) if len(_CPUS) > 1 else set()


def _sibling(name: str) -> ModuleType:
    """bench/NAME.py (the benchmarks are scripts, not a package)."""
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


ingest = _sibling("ingest")  # a server process, a ward, enrolment codes


def spread(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {
        "median": round(statistics.median(ordered), 2),
        "p95": round(p95, 2),
        "max": round(ordered[-1], 2),
    }


def tokens(url: str, codes: list[str]) -> list[str]:
    devices = [ingest.Device(number=n) for n in range(1, len(codes) + 1)]
    ingest.enrol(url, devices, codes)
    return [device.token for device in devices]


def race(
    url: str, tokens: list[str], counters: int, work: Callable[[QueueClient, int], Any]
) -> tuple[list[float], list[Any]]:
    """``counters`` processes (a counter is a PC of its own: no lock shared between
    them), each running ``work(client, counter)`` until it answers None; the
    milliseconds of every call and every answer that was not None."""
    context = multiprocessing.get_context("fork")  # ``work`` is a closure: not pickled
    start = context.Barrier(counters)
    results = context.Queue()

    def run(index: int) -> None:
        if COUNTER_CPUS:
            os.sched_setaffinity(0, COUNTER_CPUS)
        times: list[float] = []
        answers: list[Any] = []
        try:
            with QueueClient(url, tokens[index % len(tokens)]) as client:
                client.status()  # the connection is open before the clock starts
                start.wait()
                while True:
                    began = time.perf_counter()
                    found = work(client, index + 1)
                    times.append((time.perf_counter() - began) * 1000)
                    if found is None:
                        break
                    answers.append(found)
        finally:
            results.put((times, answers))

    processes = [context.Process(target=run, args=(i,)) for i in range(counters)]
    for process in processes:
        process.start()
    gathered = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join()
    if any(process.exitcode for process in processes):
        raise RuntimeError("a counter's process failed")
    return [t for times, _ in gathered for t in times], [a for _, got in gathered for a in got]


def pin(pid: int) -> None:
    """The server on a core of its own, the counters on the others (on a ward the
    counters are other PCs): their HTTP clients do not take the server's CPU."""
    if not SERVER_CPUS:
        return
    for task in Path(f"/proc/{pid}/task").iterdir():  # the threads it has; new ones inherit
        os.sched_setaffinity(int(task.name), SERVER_CPUS)


def call_next(server: Any, tokens: list[str], tickets: int, counters: int) -> dict[str, Any]:
    url = server.url
    chance = random.Random(7)
    with QueueClient(url, tokens[0]) as client:
        for _ in range(tickets):
            priority = qw.Priority.ELDERLY if chance.random() < 0.1 else None
            client.take(chance.choice(AREAS), priority)

    def one_call(client: QueueClient, counter: int) -> str | None:
        ticket = client.call_next(counter).ticket
        return None if ticket is None else ticket.id

    pin(server.pid)
    cpu_before = server.cpu_seconds()
    calls, called = race(url, tokens, counters, one_call)
    cpu_after = server.cpu_seconds()
    if len(called) != tickets or len(set(called)) != tickets:
        raise RuntimeError(f"{len(called)} calls, {len(set(called))} tickets of {tickets}")
    budget = tickets // counters  # as many status reads as calls, per counter
    left = [budget] * counters  # each process has its own copy

    def one_status(client: QueueClient, counter: int) -> bool | None:
        client.status()
        left[counter - 1] -= 1
        return True if left[counter - 1] > 0 else None

    statuses, _ = race(url, tokens, counters, one_status)
    figures = {"call_next_ms": spread(calls), "status_ms": spread(statuses)}
    if cpu_before is not None and cpu_after is not None:  # Linux
        figures["server_cpu_ms_per_call"] = round((cpu_after - cpu_before) * 1000 / len(calls), 2)
    figures["ratio"] = round(figures["call_next_ms"]["median"] / figures["status_ms"]["median"], 2)
    figures["target_p95_ms"] = TARGET_P95_MS
    figures["target_met"] = figures["call_next_ms"]["p95"] <= TARGET_P95_MS
    return figures


def board_delay(url: str, token: str, calls: int, seed: int) -> dict[str, Any]:
    """Milliseconds from each call's answer to the board's status that shows it."""
    seen: dict[str, float] = {}
    ready = threading.Event()
    done = threading.Event()

    def follow() -> None:
        with QueueClient(url, token) as board:
            for status in board.statuses():
                now = time.perf_counter()
                ready.set()
                for ticket in status.recent_calls:
                    seen.setdefault(f"{ticket.id}:{ticket.calls}", now)
                if done.is_set():
                    return

    watcher = threading.Thread(target=follow, daemon=True)
    watcher.start()
    if not ready.wait(30):
        raise RuntimeError("the board's stream did not start")
    chance = random.Random(seed)
    delays: list[float] = []
    with QueueClient(url, token) as counter:
        for _ in range(calls):
            counter.take("A")
            time.sleep(chance.uniform(0.05, 0.4))  # anywhere in the server's watch round
            ticket = counter.call_next(1).ticket
            answered = time.perf_counter()
            assert ticket is not None
            key = f"{ticket.id}:{ticket.calls}"
            deadline = answered + 10
            while key not in seen and time.perf_counter() < deadline:
                time.sleep(0.001)
            if key not in seen:
                raise RuntimeError(f"the board never showed {ticket.label}")
            delays.append(max(0.0, seen[key] - answered) * 1000)
        done.set()
        counter.take("A")  # one more change, so that the board's loop sees it is done
    return {"calls": calls, "call_to_board_ms": spread(delays)}


def measure(db: str, folder: Path, tickets: int, counters: int, calls: int) -> dict[str, Any]:
    codes = ingest.prepare(db, 5)
    with ingest.serve(db, folder / "server.log") as server:
        found = tokens(server.url, codes)
        figures = call_next(server, found, tickets, counters)
        figures.update(board_delay(server.url, found[0], calls, seed=3))
    return {"tickets": tickets, "counters": counters, **figures}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--tickets", type=int, default=1000, help="tickets called")
    parser.add_argument("--counters", type=int, default=10, help="counters calling at once")
    parser.add_argument("--calls", type=int, default=30, help="calls timed to the board")
    parser.add_argument("--postgres", action="store_true", help="also a throwaway PostgreSQL")
    args = parser.parse_args(argv)
    if args.tickets < args.counters or not 1 <= args.counters <= 99 or args.calls < 1:
        parser.error("at least one ticket per counter, 1–99 counters and one call")
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        sqlite = f"sqlite:///{folder / 'central.db'}"
        results["sqlite"] = measure(sqlite, folder, args.tickets, args.counters, args.calls)
        if args.postgres:
            with ingest.own_postgres() as url:
                results["postgresql"] = measure(
                    url, folder, args.tickets, args.counters, args.calls
                )
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
