"""What must hold after the crashes: each acknowledged operation once, clean audits,
no duplicate codes or payments, every queued paper printed (reprints counted).

The audits are the shipped commands, run as processes (``counter-app db check``,
``counter-app audit verify``, ``counter-central audit verify``): the harness trusts
nothing it wrote itself.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

# op -> (event type, aggregate id key in the ack, extra SQL condition on the event)
EXPECTED_EVENT: dict[str, tuple[str, str, str]] = {
    "receive": ("dossier.received", "id", ""),
    "cash": ("payment.paid", "payment", ""),
    "qr": ("payment.started", "payment", ""),
    "confirm": ("payment.paid", "payment", ""),
    "refund": ("payment.refunded", "payment", ""),
    "status": ("dossier.status_changed", "id", "AND json_extract(payload, '$.to') = :to"),
    "print": ("print.queued", "job", ""),
    "ticket": ("queue.taken", "ticket", ""),
    "call": ("queue.called", "ticket", ""),
    "bank": ("payment.paid", "payment", "AND officer = 'bank'"),
}


@dataclass
class Findings:
    """Problems found (empty: all held) and the figures of the report."""

    problems: list[str] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    def add(self, other: Findings) -> None:
        self.problems += other.problems
        self.figures.update(other.figures)


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def acknowledged_once(db_path: Path, acks: list[dict[str, Any]]) -> Findings:
    """Each acknowledged operation's event is in the counter's log exactly once."""
    found = Findings()
    with read_only(db_path) as db:
        for ack in acks:
            kind, key, extra = EXPECTED_EVENT[ack["op"]]
            sql = f"SELECT count(*) FROM events WHERE type = :type AND aggregate_id = :agg {extra}"
            params = {"type": kind, "agg": ack[key], "to": ack.get("to")}
            count = db.execute(sql, params).fetchone()[0]
            if count != 1:
                found.problems.append(f"acknowledged {ack} has {count} '{kind}' events")
    db.close()
    found.figures["operations"] = dict(Counter(a["op"] for a in acks))
    return found


def no_duplicates(db_path: Path) -> Findings:
    """No dossier code twice, at most one paid payment a dossier, one bank transfer once."""
    queries = {
        "dossier code twice": "SELECT code FROM dossiers GROUP BY code HAVING count(*) > 1",
        "dossier paid twice": "SELECT dossier_id FROM payments WHERE state = 'paid'"
        " GROUP BY dossier_id HAVING count(*) > 1",
        "bank transfer used twice": "SELECT bank_transaction FROM payments WHERE"
        " bank_transaction IS NOT NULL GROUP BY bank_transaction HAVING count(*) > 1",
        "dossier received twice": "SELECT aggregate_id FROM events WHERE type ="
        " 'dossier.received' GROUP BY aggregate_id HAVING count(*) > 1",
    }
    found = Findings()
    with read_only(db_path) as db:
        for what, sql in queries.items():
            for row in db.execute(sql).fetchall():
                found.problems.append(f"{what}: {row[0]}")
    db.close()
    return found


def shipped_audits(data: Path) -> Findings:
    """``counter-app db check`` and ``counter-app audit verify``: both exit 0."""
    found = Findings()
    for command in (["db", "check"], ["audit", "verify"]):
        done = run_module("counter_app", "--data-dir", str(data), *command)
        if done.returncode != 0:
            found.problems.append(
                f"counter-app {' '.join(command)} exited {done.returncode}: "
                f"{(done.stdout + done.stderr)[-600:]}"
            )
    return found


def central_audit(db_url: str) -> Findings:
    done = run_module("central.cli", "audit", "verify", "--db", db_url)
    if done.returncode == 0:
        return Findings()
    tail = (done.stdout + done.stderr)[-600:]
    return Findings([f"counter-central audit verify exited {done.returncode}: {tail}"])


def store_problems(db_path: Path) -> list[str]:
    """What ``db check`` finds in a counter's store (right after a kill: in-process)."""
    from counter_app.services import maintenance
    from counter_app.storage import database

    db = database.connect(db_path)
    try:
        return list(maintenance.check_database(db).problems)
    finally:
        db.close()


def server_problems(db_url: str) -> list[str]:
    """What ``counter-central audit verify`` finds (right after a restart: in-process)."""
    from central import audit

    with audit.snapshot(db_url) as conn:
        report = audit.verify(conn)
    return [] if report.ok else audit.summary(report)[1:-1]


def run_module(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def prints(db_path: Path, acks: list[dict[str, Any]], papers: list[Any]) -> Findings:
    """Every acknowledged print job is marked done and came out whole at least once.

    ``papers``: the virtual printer's jobs. A job is known by its token (the dossier
    code on a receipt, the label on a ticket); a copy is whole when it was cut.
    """
    found = Findings()
    jobs = [a for a in acks if a["op"] == "print" or (a["op"] == "ticket" and a.get("job"))]
    texts = [(paper.text, paper.cuts) for paper in papers]
    reprinted = partial = 0
    with read_only(db_path) as db:
        for ack in jobs:
            token = ack.get("token") or ack["label"]
            state = db.execute("SELECT state FROM print_jobs WHERE id = ?", [ack["job"]])
            row = state.fetchone()
            if row is None or row[0] != "done":
                found.problems.append(f"print job {ack['job']} ({token}) is {row}")
            whole = sum(1 for text, cuts in texts if token in text and cuts)
            partial += sum(1 for text, cuts in texts if token in text and not cuts)
            if whole == 0:
                found.problems.append(f"print job {ack['job']} ({token}) never came out whole")
            reprinted += max(0, whole - 1)
        unprinted = db.execute(UNPRINTED_TICKETS).fetchone()[0]
    db.close()
    if unprinted:
        found.problems.append(f"{unprinted} walk-in tickets were stored without their paper")
    found.figures.update(
        {
            "print_jobs": len(jobs),
            "reprinted": reprinted,
            "partial_papers": partial,
            "tickets_without_paper": unprinted,
        }
    )
    return found


# Walk-in tickets whose paper was never queued (the printer is set up): a citizen waits
# in the line with no number in hand. ``WalkInService.take`` once queued the paper in a
# transaction of its own after the ticket's, and a kill between the two did this.
UNPRINTED_TICKETS = (
    "SELECT count(*) FROM walkin_tickets t WHERE NOT EXISTS (SELECT 1 FROM print_jobs j"
    " WHERE j.kind = 'queue_ticket' AND j.title = 'Số ' || t.label"
    " AND j.created_at >= t.taken_at)"
)
