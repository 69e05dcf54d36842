"""A reception killed mid-way leaves the whole dossier with its event, or nothing.

A real process receives dossiers in a loop on a real database file and is
killed with SIGKILL at varying moments; the store must then check clean.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counter_app import app
from counter_app.services import maintenance
from counter_app.services.demo import whole_sequence_space
from counter_app.storage import database

WRITER = """
import copy, sys
from counter_app import app
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.reception import parse_reception
services = app.build(app.data_dir(sys.argv[1]))
batch = int(sys.argv[2])
request = parse_reception(EXAMPLE_RECEPTION)

def write():
    if batch == 1:
        services.reception.receive(request, "admin")
    else:
        services.reception.receive_many([request] * batch, "admin")

write()  # the first one also loads the catalogue and the calendar
print("ready", flush=True)
while True:
    write()
"""


def kill_while_writing(folder: Path, batch: int, delay: float) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), str(batch)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()


def check(folder: Path, batch: int) -> int:
    services = app.build(folder)
    try:
        report = maintenance.check_database(services.db)
        assert report.ok, report.problems
        dossiers = services.db.execute("SELECT count(*) FROM dossiers").fetchone()[0]
        received = services.db.execute(
            "SELECT count(*) FROM events WHERE type = 'dossier.received'"
        ).fetchone()[0]
        assert dossiers == received
        assert dossiers % batch == 0  # a batch is one transaction: all of it or none
        return int(dossiers)
    finally:
        services.close()


@pytest.mark.slow
@pytest.mark.parametrize("batch", [1, 50])
def test_killed_reception_leaves_all_or_nothing(tmp_path: Path, batch: int) -> None:
    folder = tmp_path / "data"
    services = app.build(folder)
    # The whole 0001–9999 space: room for a fast writer.
    whole_sequence_space(services.db, services.unit.device_id, services.clock.now())
    services.close()
    seen = 0
    for delay in (0.15, 0.4, 0.25, 0.6):
        kill_while_writing(folder, batch, delay)
        now = check(folder, batch)
        assert now >= seen
        seen = now
    print(f"{seen} dossiers survived {batch=}")
    # Each of the four writers committed one batch before "ready": more is what the kills hit.
    assert seen > 4 * batch, "no kill came while the writer was writing: it proved nothing"


CHECKPOINTER = """
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA wal_autocheckpoint=50")  # a checkpoint every few transactions
db.execute("CREATE TABLE IF NOT EXISTS t(x)")
print("ready", flush=True)
while True:
    db.execute("BEGIN IMMEDIATE")
    for _ in range(20):
        db.execute("INSERT INTO t VALUES (?)", (os.urandom(3000),))
    db.execute("COMMIT")
"""


def header_says_longer(path: Path) -> bool:
    header = path.read_bytes()[:100]
    pages, page_size = int.from_bytes(header[28:32], "big"), int.from_bytes(header[16:18], "big")
    return header[24:28] == header[92:96] and path.stat().st_size < pages * page_size


@pytest.mark.slow
def test_a_checkpoint_killed_midway_is_not_called_damage(tmp_path: Path) -> None:
    """SQLite writes page 1, with the new length, before the pages after it: a kill in
    a checkpoint leaves a file shorter than its header says, and the log holding the
    rest. The cheap check at start must not call that damage (it once did: a counter
    killed at the wrong moment would have been told to restore its backup)."""
    path = tmp_path / "counter.db"
    seen = 0
    for kill in range(400):  # about one kill in fifteen lands in a checkpoint
        process = subprocess.Popen(
            [sys.executable, "-c", CHECKPOINTER, str(path)], stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        time.sleep(0.02 + (kill % 13) * 0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        process.stdout.close()
        if header_says_longer(path):
            seen += 1
            database.check_file(path)  # refused "truncated" before the fix
            with sqlite3.connect(path) as db:
                assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        if seen == 2:
            break
    assert seen == 2, f"no checkpoint was cut short in {kill + 1} kills"
