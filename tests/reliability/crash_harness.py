"""The kill harness: SIGKILL at random (seeded) moments, restart, and prove nothing
acknowledged was lost or doubled and nothing was left half-written.

Three targets, each its own scenario (``run_counter``, ``run_sync`` with
``victim="sync"`` or ``victim="server"``):

- the counter process receiving, paying (QR, cash, confirm, refund), moving statuses,
  printing on the virtual printer and taking walk-in tickets;
- the sync process pushing to and pulling from a real ``counter-central serve``, while
  another process of the counter works and the bank's notifications arrive;
- the server itself, killed while the counter pushes and the notifications arrive.

Each returns an :class:`Outcome`; the pytest tests (short mode) assert it passed, and
``scripts/reliability.py`` (full mode) writes it into docs/reliability.md. The seed
replays the same choices of operations and kill moments (the machine's timing differs).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counter_app import app
from counter_app.services.demo import whole_sequence_space
from printers.profiles import load_profiles, profiles_path
from printers.virtual import VirtualPrinter
from tests.reliability import oracles
from tests.reliability.acks import read_acks
from tests.reliability.processes import ROOT, finish, kill_after, spawn, wait_ready

OFFICER = "admin"
PROFILE = "epson-tm-t82"
WORKER = "tests.reliability.counter_worker"
KILL_SPAN_S = (0.05, 0.6)  # how long a worker works before its kill


@dataclass
class Outcome:
    """One scenario's result: a row of the report."""

    name: str
    seed: int
    kills: int = 0
    dirty_kills: int = 0  # kills after which the store did not check clean at once
    problems: list[str] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.problems

    def checked(self, problems: list[str]) -> None:
        """One kill done; ``problems``: what the store's check found right after it."""
        self.kills += 1
        if problems:
            self.dirty_kills += 1
            self.problems += [f"after kill {self.kills}: {p}" for p in problems[:3]]

    def summary(self) -> str:
        verdict = "PASS" if self.passed else f"FAIL ({len(self.problems)} problems)"
        return f"{self.name}: {self.kills} kills, seed {self.seed}, {verdict}, {self.figures}"


def prepare_counter(folder: Path, printer_url: str | None) -> None:
    """A fresh installation: the whole number space, the ward's account, the printer."""
    services = app.build(folder)
    try:
        whole_sequence_space(services.db, services.unit.device_id, services.clock.now())
        services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG", OFFICER)
        if printer_url:
            services.printing.configure(printer_url, 115200, PROFILE, OFFICER)
    finally:
        services.close()


def run_counter(work: Path, seed: int, kills: int) -> Outcome:
    """Kill the counter at work ``kills`` times; then send what waits and check."""
    started = time.monotonic()
    outcome = Outcome("counter process", seed)
    data, acks, log = work / "counter", work / "counter-acks.jsonl", work / "counter.log"
    profile = load_profiles(profiles_path(ROOT / "resources"))[PROFILE]
    rng = random.Random(seed)
    with VirtualPrinter(profile) as printer:
        prepare_counter(data, printer.url)
        for number in range(kills):
            worker = spawn(
                WORKER, str(data), str(acks), str(seed * 100_000 + number), "--printer", log=log
            )
            wait_ready(worker, log)
            kill_after(worker, rng, KILL_SPAN_S)
            outcome.checked(oracles.store_problems(data / "counter.db"))
        drain = spawn(WORKER, str(data), str(acks), "0", "--drain-prints", log=log)
        finish(drain, log)
        papers = printer.jobs
    acknowledged = read_acks(acks)
    found = oracles.Findings()
    for check in (
        oracles.acknowledged_once(data / "counter.db", acknowledged),
        oracles.no_duplicates(data / "counter.db"),
        oracles.prints(data / "counter.db", acknowledged, papers),
        oracles.shipped_audits(data),
    ):
        found.add(check)
    outcome.problems, outcome.figures = found.problems, found.figures
    outcome.seconds = time.monotonic() - started
    return outcome
