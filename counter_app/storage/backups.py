"""Backups beside the database: consistent copies, a bounded number kept, what each holds.

``backups/`` next to ``counter.db`` holds ``daily-<time>.db`` (the counter window
takes one a day), ``before-<migration>-<time>.db`` (before a schema change) and
``manual-<time>.db`` (``counter-app backup now`` or ``db backup``), each a
self-contained SQLite file made with the online backup API, and the unit ledger
(``storage/ledger.py``).
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from counter_app.domain.clock import VIETNAM
from counter_app.domain.records import record
from counter_app.storage import database, errors, ledger
from counter_app.storage.connection import Database

FOLDER = ledger.BACKUPS_FOLDER
# How many of each kind are kept; the oldest go once a newer one is safely written.
# Daily backups are kept for a period instead (domain/retention.py, "daily_backups").
KEEP = {"before": 5, "manual": 10}
NAME = re.compile(r"^(daily|manual|before-[A-Za-z0-9_]+)-(\d{8}-\d{6})\.db$")


def folder(data: Path) -> Path:
    return data / FOLDER


@record(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    database_id: str | None
    device_id: str | None
    dossiers: int


def kind(path: Path) -> str | None:
    match = NAME.match(path.name)
    if match is None:
        return None
    return "before" if match.group(1).startswith("before-") else match.group(1)


def taken_at(path: Path) -> datetime:
    """The time in the name (the counter's local time); else the file's own time."""
    match = NAME.match(path.name)
    if match:
        return datetime.strptime(match.group(2), "%Y%m%d-%H%M%S").replace(tzinfo=VIETNAM)
    return datetime.fromtimestamp(path.stat().st_mtime, VIETNAM)


def listing(data: Path) -> list[Path]:
    """The backups, newest first."""
    found = [p for p in folder(data).glob("*.db") if p.is_file() and kind(p)]
    return sorted(found, key=lambda p: (taken_at(p), p.stat().st_mtime), reverse=True)


def take(db: Database, data: Path, label: str, now: datetime) -> Path:
    """A new backup named ``<label>-<time>.db``; failures come out typed."""
    target = folder(data) / f"{label}-{now:%Y%m%d-%H%M%S}.db"
    try:
        return database.backup(db, target)
    except sqlite3.Error as error:
        raise database.typed(error, target) from None
    except OSError as error:
        raise errors.from_os(error, target) from None


def taken_on(data: Path, day: date) -> bool:
    stamp = f"daily-{day:%Y%m%d}-"
    return any(p.name.startswith(stamp) for p in listing(data))


def prune(data: Path, now: datetime, daily_days: int) -> list[Path]:
    """Remove the oldest of each kind beyond what is kept, and the daily backups taken
    ``daily_days`` days or more before ``now`` (the newest daily one always stays);
    the removed paths. Called once a newer backup is safely written."""
    seen: dict[str, int] = {}
    removed = []
    for path in listing(data):
        which = kind(path) or ""
        seen[which] = seen.get(which, 0) + 1
        if _expired(path, which, seen[which], now, daily_days):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _expired(path: Path, which: str, rank: int, now: datetime, daily_days: int) -> bool:
    """Whether the ``rank``-th newest backup of its kind has had its time."""
    if which == "daily":
        return rank > 1 and now - taken_at(path) >= timedelta(days=daily_days)
    return rank > KEEP.get(which, 10)


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file (nor leave -wal/-shm files beside it)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        return sqlite3.connect(uri, uri=True, timeout=database.BUSY_TIMEOUT_S)
    except sqlite3.Error as error:
        raise database.typed(error, path) from None


def inspect(path: Path) -> BackupInfo:
    """What a backup holds: whose database it is and how many dossiers."""
    database.check_file(path)
    conn = read_only(path)
    try:
        values = dict(conn.execute("SELECT key, value FROM settings").fetchall())
        dossiers = conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    except sqlite3.Error as error:
        raise errors.from_sqlite(error, path) or foreign(path) from None
    finally:
        conn.close()
    return BackupInfo(
        path, taken_at(path), values.get("database_id"), values.get("device_id"), int(dossiers)
    )


def foreign(path: Path) -> errors.StorageError:
    return errors.StorageError(
        "backup_foreign", f"{path} is not a backup of this program's database", path=str(path)
    )


def integrity(path: Path) -> list[str]:
    """SQLite's full check of every page; ["ok"] when whole."""
    conn = read_only(path)
    try:
        return [str(row[0]) for row in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.Error as error:
        raise database.typed(error, path) from None
    finally:
        conn.close()


def belongs(info: BackupInfo, database_ids: set[str], device_id: str) -> bool:
    """A copy of this installation's database (older backups, taken before databases had
    an identity of their own, are known by the device)."""
    if info.database_id is not None:
        return info.database_id in database_ids
    return info.device_id is not None and info.device_id == device_id


def latest_ours(data: Path, database_ids: set[str], device_id: str) -> BackupInfo | None:
    """The newest backup of this installation that opens; None when there is none."""
    for path in listing(data):
        try:
            info = inspect(path)
        except errors.StorageError:
            continue
        if belongs(info, database_ids, device_id):
            return info
    return None
