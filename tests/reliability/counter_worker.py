"""A counter at work, as a process the crash harness kills: ``python -m
tests.reliability.counter_worker DATA ACKS SEED [options]``.

It opens the installation in DATA, prints ``ready``, then does operations chosen by
SEED (receptions, payments, status changes, print jobs, walk-in tickets) for ever, or
until the file given as ``--stop`` exists. Each operation is chosen from what the
database holds now, never from memory, so an operation that committed but was not
acknowledged before a kill is not done again. After each one returns, its line goes
to ACKS (``tests.reliability.acks``). ``--drain-prints`` sends every queued print job
and exits.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.dossier_status import Status
from counter_app.domain.reception import parse_reception
from tests.reliability.acks import AckFile

OFFICER = "admin"
NEXT_STATUS = {
    Status.RECEIVED: Status.IN_PROCESSING,
    Status.IN_PROCESSING: Status.RESULT_READY,
    Status.RESULT_READY: Status.RETURNED,
}
Ack = dict[str, Any] | None


def left_for_the_bank(reference: str, bank: bool) -> bool:
    """Half of the QR payments of a synced counter wait for the bank's notification (the
    harness sends it); a rule on the reference, so that a restarted worker knows them."""
    return bank and hashlib.sha256(reference.encode()).digest()[0] % 2 == 0


class Desk:
    """The operations, each on a target the database offers now (None: nothing to do)."""

    def __init__(self, services: Services, rng: random.Random, args: argparse.Namespace) -> None:
        self.services = services
        self.rng = rng
        self.args = args
        self.request = parse_reception(EXAMPLE_RECEPTION)
        self.printer: Any = None

    def pick(self, sql: str, *params: Any) -> Any:
        rows = self.services.db.execute(sql + " LIMIT 50", list(params)).fetchall()
        return self.rng.choice(rows) if rows else None

    def receive(self) -> Ack:
        count = self.services.db.execute("SELECT count(*) FROM dossiers").fetchone()[0]
        if count >= self.args.max_dossiers:
            return None
        dossier = self.services.reception.receive(self.request, OFFICER)
        return {"code": dossier.code, "id": dossier.id}

    def _unpaid(self) -> Any:
        return self.pick(
            "SELECT code FROM dossiers WHERE fee_total > 0 AND NOT EXISTS"
            " (SELECT 1 FROM payments p WHERE p.dossier_id = dossiers.id) ORDER BY seq DESC"
        )

    def cash(self) -> Ack:
        row = self._unpaid()
        if row is None:
            return None
        payment = self.services.payments.record_cash(row[0], OFFICER)
        return {"payment": payment.id, "reference": payment.reference}

    def qr(self) -> Ack:
        row = self._unpaid()
        if row is None:
            return None
        payment = self.services.payments.start_qr(row[0], OFFICER)
        bank = left_for_the_bank(payment.reference, self.args.bank)
        return {
            "payment": payment.id,
            "reference": payment.reference,
            "amount": payment.amount,
            "bank": bank,
        }

    def confirm(self) -> Ack:
        rows = self.services.db.execute(
            "SELECT reference FROM payments WHERE state = 'pending' ORDER BY seq DESC LIMIT 50"
        ).fetchall()
        mine = [r[0] for r in rows if not left_for_the_bank(r[0], self.args.bank)]
        if not mine:
            return None
        payment = self.services.payments.confirm(
            self.rng.choice(mine), OFFICER, "Đã thấy tiền về tài khoản"
        )
        return {"payment": payment.id, "reference": payment.reference}

    def refund(self) -> Ack:
        row = self.pick(
            "SELECT reference FROM payments WHERE state = 'paid' AND paid_by != 'bank'"
            " ORDER BY seq DESC"
        )
        if row is None:
            return None
        payment = self.services.payments.refund(row[0], OFFICER, "Công dân rút hồ sơ")
        return {"payment": payment.id, "reference": payment.reference}

    def status(self) -> Ack:
        row = self.pick(
            "SELECT code, id, status FROM dossiers WHERE status IN (?, ?, ?) ORDER BY seq DESC",
            *[s.value for s in NEXT_STATUS],
        )
        if row is None:
            return None
        target = NEXT_STATUS[Status(row[2])]
        self.services.dossiers.change_status(row[0], target, "", OFFICER)
        return {"code": row[0], "id": row[1], "to": target.value}

    def print_receipt(self) -> Ack:
        row = self.pick(
            "SELECT code FROM dossiers WHERE NOT EXISTS (SELECT 1 FROM print_jobs j"
            " WHERE j.dossier_id = dossiers.id) ORDER BY seq DESC"
        )
        if row is None or self.printer is None:
            return None
        job = self.services.printing.print_receipt(self.services.dossiers.get(row[0]), OFFICER)
        self.printer.wake()
        return {"job": job.id, "token": row[0]}

    def ticket(self) -> Ack:
        issued = self.services.walk_in.take(OFFICER)
        job = issued.print_job
        if self.printer is not None:
            self.printer.wake()
        return {
            "ticket": issued.ticket.id,
            "label": issued.ticket.label,
            "job": job.id if job else None,
        }

    def call(self) -> Ack:
        answer = self.services.walk_in.call_next(OFFICER)
        if answer.ticket is None:
            return None
        return {"ticket": answer.ticket.id}


WEIGHTS = {
    "receive": 4,
    "cash": 2,
    "qr": 2,
    "confirm": 1,
    "refund": 1,
    "status": 3,
    "print": 2,
    "ticket": 1,
    "call": 1,
}
METHODS: dict[str, Callable[[Desk], Ack]] = {
    "receive": Desk.receive,
    "cash": Desk.cash,
    "qr": Desk.qr,
    "confirm": Desk.confirm,
    "refund": Desk.refund,
    "status": Desk.status,
    "print": Desk.print_receipt,
    "ticket": Desk.ticket,
    "call": Desk.call,
}


def work(desk: Desk, acks: AckFile, ops: list[str], stop: Path | None, pace: float) -> None:
    weights = [WEIGHTS[op] for op in ops]
    while stop is None or not stop.exists():
        op = desk.rng.choices(ops, weights)[0]
        done = METHODS[op](desk)
        if done is not None:
            acks.ack(op, **done)
        if pace:
            time.sleep(pace)


def drain_prints(services: Services, patience: float = 60.0) -> int:
    """Send every queued job (the harness's last step); 0 once none waits."""
    worker = app.print_worker(services)
    worker.start()
    deadline = time.monotonic() + patience
    try:
        while services.printing.waiting() and time.monotonic() < deadline:
            worker.wake()
            time.sleep(0.1)
    finally:
        worker.stop()
    return 1 if services.printing.waiting() else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="counter_worker")
    parser.add_argument("data")
    parser.add_argument("acks")
    parser.add_argument("seed", type=int)
    parser.add_argument("--ops", default=",".join(WEIGHTS))
    parser.add_argument("--bank", action="store_true", help="leave half the QR for the bank")
    parser.add_argument("--printer", action="store_true", help="run the print worker")
    parser.add_argument("--max-dossiers", type=int, default=5000)
    parser.add_argument("--pace", type=float, default=0.0, help="seconds between operations")
    parser.add_argument("--stop", help="exit cleanly once this file exists")
    parser.add_argument("--drain-prints", action="store_true")
    args = parser.parse_args(argv)
    services = app.build(Path(args.data))
    try:
        if args.drain_prints:
            return drain_prints(services)
        desk = Desk(services, random.Random(args.seed), args)
        if args.printer:
            desk.printer = app.print_worker(services)
            desk.printer.start()
        acks = AckFile(Path(args.acks))
        print("ready", flush=True)
        work(desk, acks, args.ops.split(","), Path(args.stop) if args.stop else None, args.pace)
        if desk.printer is not None:
            desk.printer.stop()
        return 0
    finally:
        services.close()


if __name__ == "__main__":
    sys.exit(main())
