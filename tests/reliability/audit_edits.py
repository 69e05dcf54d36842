"""Rows edited behind the programs' backs, and whether ``audit verify`` names them.

A counter and a ward server (SQLite) are filled through the real services and the real
sync; then, on a fresh copy for each edit, one row is changed directly in the database
file, as someone with the file could (the counter's append-only triggers dropped and
put back), and the shipped command must exit 1 naming what was edited.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from counter_app import app
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.dossier_status import Status
from counter_app.domain.reception import parse_reception
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, enrolment_code
from tests.reliability.oracles import run_module

OFFICER = "admin"
Edit = Callable[[sqlite3.Connection, dict[str, str]], list[str]]  # -> strings that name it


@dataclass
class EditResult:
    where: str  # "counter" or "server"
    kind: str
    detected: bool
    detail: str


def fill(work: Path) -> tuple[Path, Path, dict[str, str]]:
    """A counter with dossiers, payments and statuses, synced to a server; the counter's
    folder, the server's database file and what the edits aim at."""
    server_db = work / "server.db"
    central = CentralServer(f"sqlite:///{server_db}", work / "server.log").start()
    data = work / "counter"
    try:
        central.run_cli("ward", "add", "--code", WARD_A, "--name", "Phường Hàng Bạc")
        services = app.build(data)
        services.sync.enrol(central.url, enrolment_code(central, WARD_A), "A1")
        services.close()
        services = app.build(data)
        services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG", OFFICER)
        request = parse_reception(EXAMPLE_RECEPTION)
        codes = [services.reception.receive(request, OFFICER).code for _ in range(4)]
        payment = services.payments.record_cash(codes[1], OFFICER)
        services.dossiers.change_status(codes[2], Status.IN_PROCESSING, "", OFFICER)
        services.sync.sync_once()
        services.close()
    finally:
        central.kill()
    return data, server_db, {"code": codes[2], "reference": payment.reference}


def _event(db: sqlite3.Connection, table_id: str, seq: int, device: str = "") -> str:
    where = f"seq = {seq}" + (f" AND device_id = '{device}'" if device else "")
    return str(db.execute(f"SELECT {table_id} FROM events WHERE {where}").fetchone()[0])


def _edit_payload(db: sqlite3.Connection, column: str) -> list[str]:
    seq = 3
    event_id = _event(db, column, seq)
    payload = json.loads(db.execute(f"SELECT payload FROM events WHERE seq = {seq}").fetchone()[0])
    payload["edited"] = True
    db.execute(
        f"UPDATE events SET payload = ? WHERE seq = {seq}",
        [json.dumps(payload, sort_keys=True, separators=(",", ":"))],
    )
    return [event_id]


def _delete_event(db: sqlite3.Connection, column: str) -> list[str]:
    after = _event(db, column, 5)
    db.execute("DELETE FROM events WHERE seq = 4")
    return [after]


COUNTER_EDITS: dict[str, Edit] = {
    "event payload edited": lambda db, t: _edit_payload(db, "id"),
    "event deleted": lambda db, t: _delete_event(db, "id"),
    "dossier row edited (status)": lambda db, t: _run(
        db, "UPDATE dossiers SET status = 'returned' WHERE code = ?", t["code"]
    ),
    "payment row edited (amount)": lambda db, t: _run(
        db, "UPDATE payments SET amount = amount + 1000 WHERE reference = ?", t["reference"]
    ),
}
SERVER_EDITS: dict[str, Edit] = {
    "event payload edited": lambda db, t: _edit_payload(db, "event_id"),
    "event deleted": lambda db, t: _delete_event(db, "event_id"),
    "projected dossier row edited (status)": lambda db, t: _run(
        db, "UPDATE dossier_states SET status = 'returned' WHERE code = ?", t["code"]
    ),
    "projected payment row edited (amount)": lambda db, t: _run(
        db, "UPDATE payment_states SET amount = amount + 1000 WHERE reference = ?", t["reference"]
    ),
}


def _run(db: sqlite3.Connection, statement: str, key: str) -> list[str]:
    assert db.execute(statement, [key]).rowcount == 1, statement
    return [key]


def _tamper(path: Path, edit: Edit, targets: dict[str, str]) -> list[str]:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        saved = triggers.fetchall()
        for name, _sql in saved:
            db.execute(f"DROP TRIGGER {name}")
        names = edit(db, targets)
        for _name, again in saved:  # put back: the edit leaves no trace in the schema
            db.execute(again)
        return names
    finally:
        db.close()


def run_edits(work: Path) -> list[EditResult]:
    work.mkdir(parents=True, exist_ok=True)
    data, server_db, targets = fill(work)
    results: list[EditResult] = []
    for kind, edit in COUNTER_EDITS.items():
        copy = work / f"counter-{len(results)}"
        shutil.copytree(data, copy)
        names = _tamper(copy / "counter.db", edit, targets)
        done = run_module("counter_app", "--data-dir", str(copy), "audit", "verify")
        results.append(_judge("counter", kind, names, done.returncode, done.stdout + done.stderr))
    for kind, edit in SERVER_EDITS.items():
        copy = work / f"server-{len(results)}.db"
        _copy_database(server_db, copy)
        names = _tamper(copy, edit, targets)
        done = run_module("central.cli", "audit", "verify", "--db", f"sqlite:///{copy}")
        results.append(_judge("server", kind, names, done.returncode, done.stdout + done.stderr))
    return results


def _copy_database(source: Path, target: Path) -> None:
    """The file with what its -wal holds (the server was killed, not stopped)."""
    reading, writing = sqlite3.connect(source), sqlite3.connect(target)
    try:
        reading.backup(writing)
    finally:
        reading.close()
        writing.close()


def _judge(where: str, kind: str, names: list[str], code: int, output: str) -> EditResult:
    named = any(name in output for name in names)
    detail = f"exit {code}; " + ("named" if named else f"did not name {names}")
    return EditResult(where, kind, code == 1 and named, detail)
