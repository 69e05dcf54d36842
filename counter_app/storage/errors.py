"""Failures of the local store as typed errors: a stable code, a next step, no personal data.

SQLite and the file system say what went wrong in their own words, and Python's
sqlite3 even puts the stored text of a row it cannot decode into its message (for a
dossier: the applicant's name, ID number, birth date and address). None of that
leaves this module. A :class:`StorageError` carries a ``code`` (the UI turns it into
Vietnamese), one English sentence for the command line and the logs that ends with
what to do, and ``params`` that name files, tables and dossier codes only.

Only failures of the surroundings are mapped: a lock held too long, a read-only or
full disk, a damaged or foreign file. Anything else SQLite refuses (a constraint,
bad SQL) is a bug and stays a :class:`sqlite3.Error`.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from pathlib import Path

RESTORE = "restore the latest backup with 'counter-app db restore --latest'"
CHECK = "run 'counter-app db check'"
DECODE_FAILURE = "Could not decode to UTF-8"
_COLUMN = re.compile(r"column '([A-Za-z0-9_]+)'")

# SQLite's primary result codes (the low byte of an extended code).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26


class StorageError(Exception):
    """The store cannot do what was asked, for a reason outside the program."""

    def __init__(self, code: str, message: str, /, **params: str | int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return self.message


def _where(path: Path | None) -> str:
    return str(path) if path is not None else "the database"


def busy(path: Path | None, waited_s: float) -> StorageError:
    return StorageError(
        "database_busy",
        f"{_where(path)} is locked by another program for more than {waited_s:g} s: close it "
        "(a second counter window or command, a database viewer) and try again",
        waited=f"{waited_s:g}",
    )


def read_only(path: Path | None) -> StorageError:
    return StorageError(
        "database_read_only",
        f"cannot write {_where(path)}: the file, its folder or the disk is read-only; give "
        "this user write access, or choose another data folder with --data-dir",
    )


def no_access(path: Path | None) -> StorageError:
    """Refused by the file's or folder's permissions (reading or writing): the same
    code as read-only for the window, which asks the IT person for access."""
    return StorageError(
        "database_read_only",
        f"cannot use {_where(path)}: this user may not read or write it; give this user "
        "access to it, or choose another data folder with --data-dir",
    )


def disk_full(path: Path | None) -> StorageError:
    return StorageError(
        "database_disk_full",
        f"the disk holding {_where(path)} is full: nothing was saved; free some space and "
        "try again",
    )


def corrupt(path: Path | None, detail: str) -> StorageError:
    return StorageError(
        "database_corrupt", f"{_where(path)} is damaged ({detail}): {RESTORE}", detail=detail
    )


def not_a_database(path: Path | None) -> StorageError:
    return StorageError("database_not_database", f"{_where(path)} is not a database: {RESTORE}")


def is_directory(path: Path) -> StorageError:
    return StorageError(
        "database_is_directory",
        f"{path} is a folder, not the database file: move it out of the way, then "
        "run 'counter-app db restore --latest'",
    )


def side_file_is_directory(side: Path) -> StorageError:
    """A folder where SQLite keeps a file of its own beside the database (its
    write-ahead log, shared memory or journal): the database reads, but nothing can be
    written, and the database itself is untouched."""
    return StorageError(
        "database_side_is_directory",
        f"{side} is a folder, where SQLite keeps a file of its own beside the database: "
        "move the folder out of the way, then try again (the database is untouched)",
        name=side.name,
    )


def cannot_open(path: Path | None, reason: str) -> StorageError:
    return StorageError(
        "database_cannot_open",
        f"cannot open {_where(path)} ({reason}): check the data folder (--data-dir or "
        "COUNTER_APP_DATA)",
        reason=reason,
    )


def disk_failed(path: Path | None) -> StorageError:
    return StorageError(
        "database_io",
        f"the disk failed while reading or writing {_where(path)}: check the disk, then {CHECK}",
    )


def row_damaged(table: str, row: int | str, code: str | None = None) -> StorageError:
    """A stored row that cannot be read back; named by its dossier code and row id only."""
    what = f"dossier {code} (row {row})" if code else f"row {row} of {table}"
    params: dict[str, str | int] = {"table": table, "row": row}
    if code:
        params["dossier"] = code
    return StorageError(
        "row_damaged", f"{what} is damaged and cannot be read: {CHECK}, then {RESTORE}", **params
    )


def undecodable(message: str) -> StorageError:
    """Python's decode failure, without the row's text that its message carries."""
    found = _COLUMN.search(message)
    column = found.group(1) if found else "?"
    return StorageError(
        "row_damaged",
        f"a stored row is damaged (column {column} is not UTF-8 text): {CHECK}, then {RESTORE}",
        column=column,
    )


def not_utf8(value: object) -> bool:
    """Whether a value read with ``text_factory = bytes`` is text that is not UTF-8."""
    if not isinstance(value, bytes):
        return False
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def from_sqlite(
    error: sqlite3.Error, path: Path | None = None, waited_s: float = 0.0
) -> StorageError | None:
    """The typed error for a failure of the surroundings; None for a bug."""
    if str(error).startswith(DECODE_FAILURE):
        return undecodable(str(error))
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    if primary in (SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_IOERR):
        side = side_folder(path)
        if side is not None:
            return side_file_is_directory(side)
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return busy(path, waited_s)
    if primary == SQLITE_READONLY:
        return read_only(path)
    if primary == SQLITE_FULL:
        return disk_full(path)
    if primary == SQLITE_CORRUPT:
        return corrupt(path, "a page cannot be read")
    if primary == SQLITE_NOTADB:
        return not_a_database(path)
    if primary == SQLITE_CANTOPEN:
        return _cannot_open(path)
    if primary == SQLITE_IOERR:
        # On a full disk SQLite cannot even size its shared-memory file, and says
        # "disk I/O error": the free space tells the two apart.
        return disk_full(path) if _no_space(path) else disk_failed(path)
    return None


SIDE_FILES = ("-wal", "-shm", "-journal")  # what SQLite writes beside a database


def side_folder(path: Path | None) -> Path | None:
    """A folder in the place of one of the database's side files (SQLite then says
    "read-only" or "unable to open"); None if there is none."""
    if path is None:
        return None
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.is_dir():
            return side
    return None


LOW_SPACE = 1 << 20  # less than 1 MiB free: full, for a database


def _no_space(path: Path | None) -> bool:
    if path is None:
        return False
    folder = path if path.is_dir() else path.parent
    try:
        import shutil  # only once a write has failed

        return shutil.disk_usage(folder).free < LOW_SPACE
    except OSError:
        return False


def _cannot_open(path: Path | None) -> StorageError:
    """SQLite says only "unable to open": find out why from the file system."""
    if path is None:
        return cannot_open(path, "unable to open the file")
    if path.is_dir():
        return is_directory(path)
    folder = path.parent
    if _read_only_fs(folder) or (folder.is_dir() and not _writable(folder)):
        return read_only(path)
    if path.exists() and not _writable(path):
        return read_only(path)
    return cannot_open(path, "unable to open the file")


def from_os(error: OSError, path: Path) -> StorageError:
    """A file-system failure while writing the store's own files (ledger, backups)."""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return disk_full(path)
    if error.errno == errno.EROFS:
        return read_only(path)
    if error.errno in (errno.EACCES, errno.EPERM):
        return no_access(path)
    if error.errno == errno.EISDIR:
        return is_directory(path)
    if error.errno == errno.EIO:
        return disk_failed(path)
    return cannot_open(path, error.strerror or type(error).__name__)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def _read_only_fs(folder: Path) -> bool:
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:  # Windows: the access check has to do
        return False
    try:
        return bool(statvfs(folder).f_flag & getattr(os, "ST_RDONLY", 1))
    except OSError:
        return False
