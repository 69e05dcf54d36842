"""Coming back from a lost or damaged database, and the backups that make it possible.

- :func:`restore` puts a backup of this installation back in place of ``counter.db``
  (checked whole first), moving whatever was there aside, never deleting it.
- :func:`start_over` puts an empty database in its place, on the operator's explicit
  word, keeping the unit and the numbering.

Either way the numbering continues above the ledger's numbers for every day: the
dossiers received after the backup are missing from the database, but their codes
are never given again.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import uuid
from datetime import datetime
from pathlib import Path

from counter_app.domain.clock import Clock
from counter_app.domain.records import record
from counter_app.domain.retention import DAILY_BACKUPS
from counter_app.domain.text import counted
from counter_app.services import retention
from counter_app.services.first_run import first_run
from counter_app.services.installation import (
    DATABASE_ID,
    described,
    ledger_from_backups,
    ledger_path,
    mismatch,
)
from counter_app.services.maintenance import unreadable
from counter_app.services.unit import SYSTEM_OFFICER, UNIT_KEYS
from counter_app.storage import backups, database, dossiers, errors, events, ledger, settings
from counter_app.storage.backups import BackupInfo
from counter_app.storage.connection import Database
from counter_app.storage.database import DATABASE_NAME, transaction
from counter_app.storage.errors import StorageError
from counter_app.storage.ledger import Ledger

LOG = logging.getLogger(__name__)
RESTORED_EVENT = "database.restored"
STARTED_OVER_EVENT = "database.started_over"


@record(frozen=True)
class Restored:
    backup: BackupInfo
    moved_aside: list[Path]
    skipped: list[tuple[Path, str]]  # newer backups passed over, and why
    numbers_raised: int
    ledger_lost: bool = False  # numbers given after the backup could not be known
    kept: bool = False  # "restored" from counter.db itself: kept, its numbers raised


@record(frozen=True)
class StartedOver:
    moved_aside: list[Path]
    numbers_kept: int
    ledger_lost: bool = False  # the numbering kept is the newest backup's


# --- backups --------------------------------------------------------------------------


def take_backup(db: Database, folder: Path, now: datetime, label: str = "manual") -> Path:
    """A new backup; then the backups past what is kept go (daily ones after their
    retention period, ``counter-app db retention``)."""
    target = backups.take(db, folder, label, now)
    backups.prune(folder, now, retention.periods(db)[DAILY_BACKUPS])
    return target


def daily_backup(folder: Path, now: datetime) -> Path | None:
    """Today's backup, unless there is one; on a connection of its own (a background
    thread). A database that fails SQLite's quick check is not copied over good
    backups: the damage is reported instead."""
    if backups.taken_on(folder, now.date()):
        return None
    path = folder / DATABASE_NAME
    db = database.connect(path)
    try:
        try:
            verdict = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
        except sqlite3.Error as error:
            raise database.typed(error, path) from None
        if verdict != ["ok"]:
            raise errors.corrupt(path, "found by the daily check")
        return take_backup(db, folder, now, "daily")
    finally:
        db.close()


def daily_upkeep(folder: Path, now: datetime) -> Path | None:
    """The window's once-a-day work, in the background: today's backup and, once it is
    safely written, the purge of what is past its retention period (logged as counts
    only). Nothing when today's backup was already taken."""
    taken = daily_backup(folder, now)
    if taken is None:
        return None
    db = database.connect(folder / DATABASE_NAME)
    try:
        context = events.EventContext(settings.get(db, "device_id") or "", SYSTEM_OFFICER)
        done = retention.purge(db, now, context, automatic=True)
    finally:
        db.close()
    LOG.info("daily purge: %s", ", ".join(f"{k} {n}" for k, n in done.counts.items()))
    return taken


# --- restore --------------------------------------------------------------------------


def restore(
    folder: Path, clock: Clock, source: Path | None = None, force: bool = False
) -> Restored:
    """Put ``source`` (or the newest good backup of this installation) in place."""
    path = folder / DATABASE_NAME
    known, ledger_lost = _known(folder)
    if not force:
        _refuse_if_intact(path, known)
    chosen, skipped = _choose(folder, known, source)
    if not force:
        _refuse_if_fuller(path, chosen)
    _refuse_if_in_use(path)
    now = clock.now()
    staged = path.with_name(DATABASE_NAME + ".restoring")
    _copy(chosen.path, staged)
    db = database.connect(staged)
    try:
        identity = settings.get(db, DATABASE_ID) or (known.database_id if known else None)
        raised = _raise_numbers(db, known)
        with transaction(db):
            settings.put(db, DATABASE_ID, identity or str(uuid.uuid4()))
            payload = {
                "backup": chosen.path.name,
                "taken_at": chosen.taken_at.isoformat(timespec="seconds"),
                "dossiers": chosen.dossiers,
                "numbers_raised": raised,
            }
            _event(db, RESTORED_EVENT, payload, now)
        now_known = _ledger_of(db, known, now)
    finally:
        _close(db)
    kept = chosen.path.resolve() == path.resolve()
    moved = _put_in_place(staged, path, now, "replaced")
    ledger.write(ledger_path(folder), now_known)
    return Restored(chosen, moved, skipped, raised, ledger_lost, kept)


def _known(folder: Path) -> tuple[Ledger | None, bool]:
    """The ledger, or if it was lost what the newest backup holding dossiers says; and
    whether it was lost."""
    known = ledger.read(ledger_path(folder))
    if known is not None:
        return known, False
    recovered = ledger_from_backups(folder)
    return (recovered[0] if recovered is not None else None), True


def _refuse_if_fuller(path: Path, chosen: BackupInfo) -> None:
    """A database that still opens is not replaced by a backup holding fewer dossiers
    without --force, even one the ledger says is older: it loses less kept."""
    if chosen.path.resolve() == path.resolve():
        return  # kept as it is, its numbers raised
    held = _dossiers_in(path)
    if held is None or held <= chosen.dossiers:
        return
    if not _whole(path):  # it cannot be kept: keeping it is not the way out
        raise StorageError(
            "database_fuller",
            f"{path} is damaged but still counts {counted(held, 'dossier')}, more than the"
            f" backup ({chosen.dossiers}): restoring the backup drops"
            f" {held - chosen.dossiers} (their codes are not given again); add --force to"
            " restore it",
            dossiers=held,
        )
    raise StorageError(
        "database_fuller",
        f"{path} holds {counted(held, 'dossier')}, more than the backup"
        f" ({chosen.dossiers}): restoring it would drop {held - chosen.dossiers};"
        f" keep the database with 'counter-app db restore {path}', or add --force to"
        " restore the backup anyway",
        dossiers=held,
    )


def _whole(path: Path) -> bool:
    """Whether every page of the file reads (what keeping a database requires)."""
    try:
        return backups.integrity(path) == ["ok"]
    except StorageError:
        return False


def _dossiers_in(path: Path) -> int | None:
    """How many dossiers the file holds; None when it does not open as a database."""
    try:
        if database.file_state(path) != "present":
            return None
        database.check_file(path)
        conn = backups.read_only(path)
        try:
            return int(conn.execute("SELECT count(*) FROM dossiers").fetchone()[0])
        finally:
            conn.close()
    except (StorageError, sqlite3.Error):
        return None


def _refuse_if_intact(path: Path, known: Ledger | None) -> None:
    """A database that opens and is the one the ledger knows is not replaced by a
    backup without --force: the dossiers received since would leave it."""
    if database.file_state(path) != "present":
        return
    try:
        database.check_file(path)
        conn = backups.read_only(path)
        try:
            identity = conn.execute(
                "SELECT value FROM settings WHERE key = ?", [DATABASE_ID]
            ).fetchone()
            counts = conn.execute(
                "SELECT (SELECT coalesce(max(seq), 0) FROM dossiers),"
                " (SELECT coalesce(max(seq), 0) FROM events)"
            ).fetchone()
            problem = unreadable(Database(conn))
        finally:
            conn.close()
    except (StorageError, sqlite3.Error):
        return
    if problem:
        return  # the counter cannot work on it (its unit, hours, catalogue): a backup is the way
    if known is not None and mismatch(known, identity[0] if identity else None, counts):
        return
    raise StorageError(
        "database_intact",
        f"{path} is intact and holds {counted(counts[0], 'dossier')}:"
        " restoring a backup would drop those received since it was taken;"
        " add --force to restore anyway",
        dossiers=int(counts[0]),
    )


def _choose(
    folder: Path, known: Ledger | None, source: Path | None
) -> tuple[BackupInfo, list[tuple[Path, str]]]:
    if source is not None:
        info, problem = _usable(source, known)
        if info is None:
            raise StorageError(
                "backup_unusable", f"cannot restore {source}: {problem}", path=str(source)
            )
        return info, []
    skipped: list[tuple[Path, str]] = []
    for candidate in backups.listing(folder):
        info, problem = _usable(candidate, known)
        if info is not None:
            return info, skipped
        skipped.append((candidate, problem))
    where = backups.folder(folder)
    found = "no backup" if not skipped else "no usable backup"
    raise StorageError(
        "backup_none",
        f"{found} of this installation in {where}: start an empty database that keeps the "
        "numbering with 'counter-app db start-over --confirm'",
        path=str(where),
    )


def _usable(candidate: Path, known: Ledger | None) -> tuple[BackupInfo | None, str]:
    """The backup's facts when it can be restored, else why not."""
    try:
        if not candidate.is_file():
            return None, "no such file"
    except OSError as error:  # a name too long, a folder this user cannot enter
        return None, f"it cannot be read ({error.strerror or 'not reachable'})"
    try:
        info = backups.inspect(candidate)
        if known is not None and not backups.belongs(info, known.own_ids(), known.device_id):
            return None, "it is the database of another installation"
        if backups.integrity(candidate) != ["ok"]:
            return None, "it is damaged (SQLite's integrity check failed)"
        conn = backups.read_only(candidate)
        try:
            problem = unreadable(Database(conn))
        finally:
            conn.close()
        if problem:
            return None, f"it is damaged ({problem})"
    except StorageError as error:
        return None, error.message
    except sqlite3.Error:  # a table its migrations say it has is missing
        return None, "it is damaged (a table cannot be read)"
    return info, ""


def _refuse_if_in_use(path: Path) -> None:
    """Never move a database from under a running program (a counter window)."""
    try:
        if database.file_state(path) != "present":
            return
        database.check_file(path)
    except StorageError:
        return  # nothing can be working on a damaged file
    conn = sqlite3.connect(str(path), timeout=0)
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except sqlite3.Error as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF in (
            errors.SQLITE_BUSY,
            errors.SQLITE_LOCKED,
        ):
            raise StorageError(
                "database_in_use",
                f"{path} is in use by another program (a counter window?): close it, then "
                "run the command again",
            ) from None
    finally:
        conn.close()


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a backup, in WAL mode like the database it replaces."""
    for stale in _companions(target):
        stale.unlink(missing_ok=True)
    origin = backups.read_only(source)
    try:
        copy = sqlite3.connect(str(target))
        try:
            origin.backup(copy)
            copy.execute("PRAGMA journal_mode=WAL")
        finally:
            copy.close()
    except sqlite3.Error as error:
        raise database.typed(error, target) from None
    finally:
        origin.close()


def _raise_numbers(db: Database, known: Ledger | None) -> int:
    """Lift every day's sequence to the ledger's number: codes given out after the
    backup was taken are never given again. The count of days lifted."""
    if known is None:
        return 0
    stored = {(a, d): n for a, d, n in dossiers.all_sequences(db)}
    lifted = 0
    with transaction(db):
        for agency_id, days in known.issued.items():
            for day_text, number in days.items():
                day = datetime.fromisoformat(day_text).date()
                if stored.get((agency_id, day), 0) < number:
                    dossiers.store_sequence(db, agency_id, day, number)
                    lifted += 1
    return lifted


def _event(db: Database, event_type: str, payload: dict[str, object], now: datetime) -> None:
    device_id = settings.get(db, "device_id") or ""
    context = events.EventContext(device_id, SYSTEM_OFFICER)
    events.append(db, context, event_type, ("unit", device_id), payload, now)


def _companions(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _put_in_place(staged: Path, path: Path, now: datetime, label: str) -> list[Path]:
    """Move the current file (and its -wal/-shm, which belong to it) aside, then rename
    the staged database into place."""
    moved = []
    aside = path.with_name(f"{path.name}.{label}-{now:%Y%m%d-%H%M%S}")
    try:
        for current, target in zip(_companions(path), _companions(aside), strict=True):
            if current.exists() or current.is_symlink():
                os.replace(current, target)
                moved.append(target)
        for extra in _companions(staged)[1:]:
            extra.unlink(missing_ok=True)  # the staged copy was closed: nothing pending
        os.replace(staged, path)
        ledger.sync_folder(path.parent)
    except OSError as error:
        raise errors.from_os(error, path) from None
    return moved


def _ledger_of(db: Database, known: Ledger | None, now: datetime) -> Ledger:
    """The ledger of the database put in place: its identity and rows, every number kept
    (the counts go down to what it holds: that is the point of a restore)."""
    identity = settings.get(db, DATABASE_ID) or ""
    current = described(db, identity, known, dossiers.row_counts(db))
    current.updated_at = now.isoformat(timespec="seconds")
    return current


def _close(db: Database) -> None:
    """Fold the write-ahead log into the file before it is renamed into place."""
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


# --- start over -----------------------------------------------------------------------


def start_over(folder: Path, clock: Clock, catalogue_file: Path) -> StartedOver:
    """An empty database in place of the current one, on the operator's explicit word.

    The unit (agency id, name, place, counter, device) and the numbering are kept from
    the ledger; the setup (administrator's password) is asked again by the window.
    """
    path = folder / DATABASE_NAME
    known, ledger_lost = _known(folder)
    _refuse_if_in_use(path)
    now = clock.now()
    staged = path.with_name(DATABASE_NAME + ".restoring")
    for stale in _companions(staged):
        stale.unlink(missing_ok=True)
    db = database.open_database(staged, now)
    try:
        first_run(db, clock, catalogue_file)
        kept = _raise_numbers(db, known)
        with transaction(db):
            if known is not None:
                _keep_unit(db, known)
            settings.put(db, DATABASE_ID, str(uuid.uuid4()))
            kept_unit = {key: settings.get(db, key) for key in UNIT_KEYS}
            _event(db, STARTED_OVER_EVENT, {"numbers_kept": kept, "unit": kept_unit}, now)
        now_known = _ledger_of(db, known, now)
    finally:
        _close(db)
    moved = _put_in_place(staged, path, now, "set-aside")
    ledger.write(ledger_path(folder), now_known)
    return StartedOver(moved, kept, ledger_lost)


def _keep_unit(db: Database, known: Ledger) -> None:
    values = {
        "agency_id": known.agency_id,
        "unit_name": known.unit_name,
        "place": known.place,
        "counter_number": str(known.counter_number),
        "device_id": known.device_id,
    }
    for key, value in values.items():
        if value:
            settings.put(db, key, value)
    if known.sequence_block and known.counter_number:
        first, last = known.sequence_block
        if (first, last) != (known.counter_number * 1000, known.counter_number * 1000 + 999):
            settings.put(db, "sequence_first", str(first))
            settings.put(db, "sequence_last", str(last))
