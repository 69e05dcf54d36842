"""Opening the local database: WAL, foreign keys, durable commits, migrations.

One SQLite file per installation. ``synchronous=FULL`` in WAL mode makes each
commit durable once it returns: a dossier the officer saw saved survives a
power cut of the counter PC.

Failures of the surroundings (a lock held too long, a read-only or full disk, a
damaged file) come out as :class:`counter_app.storage.errors.StorageError`, never as
a raw ``sqlite3`` error with whatever text it carries.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from counter_app.storage import errors, migrations
from counter_app.storage.connection import Database
from counter_app.storage.ledger import sync_folder

DATABASE_NAME = "counter.db"
BUSY_TIMEOUT_S = 10.0
HEADER = b"SQLite format 3\x00"
MIGRATIONS_TABLE = "_sqlite_migrations"


def typed(error: sqlite3.Error, path: Path | None = None) -> Exception:
    """The StorageError for a failure of the surroundings, else the error itself (a bug)."""
    return errors.from_sqlite(error, path, BUSY_TIMEOUT_S) or error


def storage_failure(error: Exception) -> errors.StorageError | None:
    """The failure of the store ``error`` stands for, else None (anything else is a bug).
    The background workers keep it to show, and carry on."""
    failure = typed(error) if isinstance(error, sqlite3.Error) else error
    return failure if isinstance(failure, errors.StorageError) else None


def file_state(path: Path) -> str:
    """``missing``, ``empty`` (zero bytes) or ``present``; a folder in its place is refused."""
    if path.is_dir():
        raise errors.is_directory(path)
    try:
        size = path.stat().st_size
    except (FileNotFoundError, NotADirectoryError):  # the data folder is made on opening
        return "missing"
    except OSError as error:
        raise errors.from_os(error, path) from None
    return "present" if size else "empty"


def _has_log(path: Path) -> bool:
    """Whether the database's write-ahead log (``counter.db-wal``) holds anything."""
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def check_file(path: Path) -> None:
    """Cheap checks of a database file before SQLite opens it, in constant time.

    The header must be SQLite's, and the file as long as the header says: a
    truncated file is otherwise found only when a missing page is read, perhaps in
    the middle of a reception. A damaged page elsewhere is found when it is read
    (and by ``counter-app db check``, which reads them all).

    Not while a write-ahead log with content lies beside it: a checkpoint writes page 1
    (the header with the new length) before the pages after it, so a program killed
    in the middle leaves a file shorter than its header says, and the log that still
    holds those pages; SQLite finishes the checkpoint on opening.

    A folder in the place of a file SQLite keeps beside it is refused too: reads would
    still work, and the first save would fail.
    """
    side = errors.side_folder(path)
    if side is not None:
        raise errors.side_file_is_directory(side)
    try:
        with path.open("rb") as file:
            header = file.read(100)
        size = path.stat().st_size
    except OSError as error:
        raise errors.from_os(error, path) from None
    if not header.startswith(HEADER):
        raise errors.not_a_database(path)
    if len(header) < 100:
        raise errors.corrupt(path, "the file is truncated")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    pages_valid = header[24:28] == header[92:96]
    short = pages_valid and size < pages * page_size and not _has_log(path)
    if page_size < 512 or size % page_size or short:
        raise errors.corrupt(path, "the file is truncated")


def connect(path: Path) -> Database:
    """Open (creating if needed) the database file with the house pragmas."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    except sqlite3.Error as error:
        raise typed(error, path) from None
    # Autocommit at the driver: a statement outside an explicit transaction commits at
    # once (as sqlite-utils' execute() does), and ``transaction`` below takes an
    # explicit BEGIN IMMEDIATE for everything that must be all or nothing.
    conn.isolation_level = None
    db = Database(conn)
    try:
        with db.ensure_autocommit_on():
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=FULL")
    except sqlite3.Error as error:
        conn.close()
        raise typed(error, path) from None
    return db


def open_database(path: Path, now: datetime) -> Database:
    """Open the database and bring its schema up to date.

    A consistent copy is taken first when there is anything to migrate in a
    database that already holds data.
    """
    db = connect(path)
    try:
        tables = db.table_names()
        if tables and MIGRATIONS_TABLE not in tables:
            raise errors.StorageError(
                "database_foreign",
                f"{path} is a database of another program: move it out of the way, then "
                "run 'counter-app db restore --latest'",
            )
        pending = migrations.MIGRATIONS.pending(db)
        if pending and tables:
            name = f"before-{pending[0].name}-{now:%Y%m%d-%H%M%S}.db"
            backup(db, path.parent / "backups" / name)
        migrations.MIGRATIONS.apply(db)
    except sqlite3.Error as error:
        db.close()
        raise typed(error, path) from None
    except BaseException:
        db.close()
        raise
    return db


def backup(db: Database, target: Path) -> Path:
    """A consistent copy through SQLite's online backup API, in one self-contained file.

    Written under a temporary name and renamed: a copy cut short (a full disk, a
    crash) never passes for a backup.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    temporary.unlink(missing_ok=True)
    try:
        copy = sqlite3.connect(str(temporary))
        try:
            db.conn.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # no -wal file beside the copy
        finally:
            copy.close()
        os.replace(temporary, target)
        sync_folder(target.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction, taken up front (BEGIN IMMEDIATE) so that two
    processes never deadlock upgrading read locks; all or nothing."""
    conn = db.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise typed(error, _path_of(conn)) from None
    try:
        yield db
        conn.execute("COMMIT")
    except sqlite3.Error as error:
        _roll_back(conn)
        raise typed(error, _path_of(conn)) from None
    except BaseException:
        _roll_back(conn)
        raise


def _path_of(conn: sqlite3.Connection) -> Path | None:
    """The file of the connection, to name it in a message (None if even that fails)."""
    try:
        rows = conn.execute("PRAGMA database_list").fetchall()
    except sqlite3.Error:
        return None
    return next((Path(file) for _, name, file in rows if name == "main" and file), None)


def _roll_back(conn: sqlite3.Connection) -> None:
    if not conn.in_transaction:
        return
    with suppress(sqlite3.Error):  # the failure being reported (a full disk...) says more
        conn.execute("ROLLBACK")
