"""The sync and the server under SIGKILL: a counter enrolled with a real
``counter-central serve`` works in one process (receptions, payments, statuses) while
its sync runs in another and the bank's notifications arrive through the server; the
victim (the sync process, or the server) is killed at random moments and restarted.

At the end everything is synced once more and must agree: the counter's whole log on
the server exactly once with the same hashes, each acknowledged operation and each
notification the server acknowledged present once on both, audits clean on both.
"""

from __future__ import annotations

import json
import random
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from counter_app import app
from counter_app.sync.client import ServerUnreachable
from tests.central.bank_helpers import notification, notify, set_secret
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, enrolment_code, sql
from tests.reliability import oracles
from tests.reliability.acks import read_acks
from tests.reliability.crash_harness import OFFICER, WORKER, Outcome
from tests.reliability.processes import finish, kill_after, spawn, wait_ready

SYNC = "tests.reliability.sync_worker"
OPS = "receive,cash,qr,confirm,refund,status"
SYNC_KILL_SPAN_S = (0.1, 1.2)
SERVER_UP_SPAN_S = (0.2, 1.5)
FINAL_PATIENCE_S = 120.0


class Bank:
    """Sends a signed notification for each QR payment left for the bank, until the
    server answers 200 (a connector retries too); ``acked`` are those answered."""

    def __init__(self, central: CentralServer, secret: str, acks: Path) -> None:
        self.central, self.secret, self.acks = central, secret, acks
        self.acked: dict[str, dict[str, Any]] = {}
        self.attempts = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(0.1):
            self.deliver()

    def deliver(self) -> int:
        """One pass over the payments waiting for their transfer; how many still wait."""
        waiting = [
            a
            for a in read_acks(self.acks)
            if a["op"] == "qr" and a["bank"] and a["reference"] not in self.acked
        ]
        for ack in waiting:
            transaction = "FT" + ack["reference"]
            body = notification(ack["reference"], ack["amount"], transaction)
            self.attempts += 1
            try:
                answer = notify(self.central, body, self.secret)
            except httpx.HTTPError:
                continue
            if answer.status_code == 200:
                outcome = answer.json()["outcome"]
                self.acked[ack["reference"]] = {
                    "op": "bank",
                    "payment": ack["payment"],
                    "reference": ack["reference"],
                    "transaction": transaction,
                    "outcome": outcome,
                }
        return len(waiting)


def prepare(work: Path, central: CentralServer) -> Path:
    data = work / "counter"
    central.run_cli("ward", "add", "--code", WARD_A, "--name", "Phường Hàng Bạc")
    services = app.build(data)
    try:
        services.sync.enrol(central.url, enrolment_code(central, WARD_A), "A1")
    finally:
        services.close()
    services = app.build(data)
    try:
        services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG", OFFICER)
    finally:
        services.close()
    return data


def run_sync(
    work: Path, seed: int, kills: int, victim: str, db_url: str, name: str | None = None
) -> Outcome:
    """Kill ``victim`` ("sync" or "server") ``kills`` times while the counter works."""
    started = time.monotonic()
    outcome = Outcome(name or f"{victim} process", seed)
    work.mkdir(parents=True, exist_ok=True)
    log, acks, stop = work / "workers.log", work / "acks.jsonl", work / "stop"
    central = CentralServer(db_url, work / "server.log").start()
    try:
        data = prepare(work, central)
        bank = Bank(central, set_secret(central), acks)
        ops = spawn(
            WORKER,
            str(data),
            str(acks),
            str(seed),
            "--ops",
            OPS,
            "--bank",
            "--pace",
            "0.05",
            "--max-dossiers",
            "700",
            "--stop",
            str(stop),
            log=log,
        )
        wait_ready(ops, log)
        bank.thread.start()
        _kill_loop(central, data, stop, log, random.Random(seed), kills, victim, outcome)
        stop.touch()
        finish(ops, log)
        bank.stop.set()
        bank.thread.join()
        final_sync(data, bank)
        outcome.figures["bank_notifications"] = len(bank.acked)
        outcome.figures["bank_attempts"] = bank.attempts
        outcome.problems += check(data, central, read_acks(acks), bank, outcome.figures)
    finally:
        stop.touch()  # after a failure too: the workers stop by themselves
        central.kill()
    outcome.seconds = time.monotonic() - started
    return outcome


def _kill_loop(
    central: CentralServer,
    data: Path,
    stop: Path,
    log: Path,
    rng: random.Random,
    kills: int,
    victim: str,
    outcome: Outcome,
) -> None:
    """Each kill, then the store that was being written checks clean (the counter's
    after the sync's kill, the server's after its own)."""
    sync = spawn(SYNC, str(data), str(stop), log=log)
    wait_ready(sync, log)
    for _ in range(kills):
        if victim == "sync":
            kill_after(sync, rng, SYNC_KILL_SPAN_S)
            outcome.checked(oracles.store_problems(data / "counter.db"))
            sync = spawn(SYNC, str(data), str(stop), log=log)
            wait_ready(sync, log)
        else:
            time.sleep(rng.uniform(*SERVER_UP_SPAN_S))
            if sync.poll() is not None:
                raise AssertionError(f"the sync process exited {sync.returncode}")
            central.kill()
            outcome.checked(oracles.server_problems(central.db))
            central.start()
    stop.touch()
    finish(sync, log)


def final_sync(data: Path, bank: Bank) -> None:
    """Every notification delivered, then sync until nothing waits and the counter has
    every confirmation the server made."""
    deadline = time.monotonic() + FINAL_PATIENCE_S
    while bank.deliver() and time.monotonic() < deadline:
        time.sleep(0.2)
    services = app.build(data)
    try:
        while time.monotonic() < deadline:
            try:
                report = services.sync.sync_once()
            except ServerUnreachable:
                time.sleep(0.2)
                continue
            if report.waiting == 0 and _bank_paid(services, bank):
                return
            time.sleep(0.2)
    finally:
        services.close()


def _bank_paid(services: Any, bank: Bank) -> bool:
    for ack in bank.acked.values():
        row = services.db.execute(
            "SELECT state FROM payments WHERE reference = ?", [ack["reference"]]
        ).fetchone()
        if row is None or row[0] != "paid":
            return False
    return True


def check(
    data: Path,
    central: CentralServer,
    acks: list[dict[str, Any]],
    bank: Bank,
    figures: dict[str, Any],
) -> list[str]:
    db_path = data / "counter.db"
    found = oracles.Findings()
    for one in (
        oracles.acknowledged_once(db_path, acks + list(bank.acked.values())),
        oracles.no_duplicates(db_path),
        oracles.shipped_audits(data),
        oracles.central_audit(central.db),
        same_log(db_path, central),
        server_rows(db_path, central, bank),
    ):
        found.add(one)
    figures.update(found.figures)
    return found.problems


def same_log(db_path: Path, central: CentralServer) -> oracles.Findings:
    """The counter's whole log on the server, each event once, same seq and hash."""
    with oracles.read_only(db_path) as db:
        mine = db.execute("SELECT id, seq, hash FROM events ORDER BY seq").fetchall()
        device = db.execute("SELECT value FROM settings WHERE key = 'device_id'").fetchone()
    db.close()
    stored = sql(
        central,
        "SELECT event_id, seq, hash FROM events WHERE device_id = :d ORDER BY seq",
        d=device[0] if device else "",
    )
    found = oracles.Findings(figures={"events": len(mine)})
    if [tuple(r) for r in mine] != [tuple(r) for r in stored]:
        missing = {r[0] for r in mine} - {r[0] for r in stored}
        extra = len(stored) - len(mine)
        found.problems.append(
            f"the server's log differs: {len(missing)} events missing, {extra} more rows"
        )
    parked = sql(central, "SELECT seq, parked_reason FROM events WHERE parked_reason IS NOT NULL")
    found.problems += [f"event {seq} parked on the server: {why}" for seq, why in parked]
    return found


def server_rows(db_path: Path, central: CentralServer, bank: Bank) -> oracles.Findings:
    """The server's dossier codes are the counter's; each notified payment paid once."""
    found = oracles.Findings()
    with oracles.read_only(db_path) as db:
        codes = {r[0] for r in db.execute("SELECT code FROM dossiers")}
    db.close()
    stored = [r[0] for r in sql(central, "SELECT code FROM dossier_codes")]
    if sorted(stored) != sorted(codes):
        found.problems.append(f"dossier codes: {len(stored)} on the server, {len(codes)} here")
    for ack in bank.acked.values():
        rows = sql(
            central,
            "SELECT state, bank_transaction FROM payment_states WHERE reference = :r",
            r=ack["reference"],
        )
        if rows != [("paid", ack["transaction"])]:
            found.problems.append(f"server payment {ack['reference']}: {rows}")
        matched = sql(
            central,
            "SELECT count(*) FROM bank_notifications WHERE reference = :r AND outcome = 'matched'",
            r=ack["reference"],
        )
        if matched != [(1,)]:
            found.problems.append(f"notification of {ack['reference']} matched {matched}")
    found.figures["outcomes"] = json.dumps(sorted({a["outcome"] for a in bank.acked.values()}))
    return found
