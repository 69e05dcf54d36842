"""Opening the local database: WAL, foreign keys, durable commits, migrations.

One SQLite file per installation. ``synchronous=FULL`` in WAL mode makes each
commit durable once it returns: a dossier the officer saw saved survives a
power cut of the counter PC.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from counter_app.storage import migrations

DATABASE_NAME = "counter.db"
BUSY_TIMEOUT_S = 10


def connect(path: Path) -> Database:
    """Open (creating if needed) the database file with the house pragmas."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    db = Database(conn, execute_plugins=False)
    with db.ensure_autocommit_on():
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=FULL")
    return db


def open_database(path: Path, now: datetime) -> Database:
    """Open the database and bring its schema up to date.

    A consistent copy is taken first when there is anything to migrate in a
    database that already holds data.
    """
    db = connect(path)
    pending = migrations.MIGRATIONS.pending(db)
    if pending and db.table_names():
        backup(db, path.parent / "backups" / f"before-{pending[0].name}-{now:%Y%m%d-%H%M%S}.db")
    migrations.MIGRATIONS.apply(db)
    return db


def backup(db: Database, target: Path) -> Path:
    """A consistent copy through SQLite's online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(str(target)) as copy:
        db.conn.backup(copy)
    copy.close()
    return target


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction, taken up front (BEGIN IMMEDIATE) so that two
    processes never deadlock upgrading read locks; all or nothing."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
