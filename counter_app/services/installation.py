"""Opening the installation without ever starting again from nothing in silence.

``counter.db`` alone cannot tell whether it is the database of this counter: an
empty file, or a fresh one created where the old one was deleted, looks like a first
run, and its first reception would be given a code already handed out that day. The
unit ledger (``storage/ledger.py``) lives beside the backups and remembers the
database's identity, how many rows it held and the last number given out per agency
and day. At every start the database is compared with it, cheaply (row ids and a
header check, no full scan), and a database that is missing, empty, another one or
older than the ledger is refused with :class:`DatabaseLost`, which says how to come
back (``counter-app db restore --latest``, or ``db start-over --confirm``).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from counter_app.domain.clock import Clock
from counter_app.domain.dossiers import dossier_code
from counter_app.domain.errors import DomainError
from counter_app.domain.records import replace
from counter_app.domain.text import counted
from counter_app.services.unit import load_unit
from counter_app.storage import backups, database, dossiers, errors, ledger, settings
from counter_app.storage.backups import BackupInfo
from counter_app.storage.connection import Database
from counter_app.storage.database import DATABASE_NAME, transaction
from counter_app.storage.errors import StorageError as StorageError  # for the UI and the CLI
from counter_app.storage.ledger import Ledger, LedgerKeeper

DATABASE_ID = "database_id"
REASONS = ("missing", "empty", "other", "older")


def ledger_path(folder: Path) -> Path:
    return backups.folder(folder) / ledger.LEDGER_NAME


def as_storage_error(error: BaseException) -> StorageError | None:
    """The typed failure of the store behind an exception; None for a bug.

    Reads outside a transaction (lists, the printer's status) meet SQLite's own
    errors; this is where the window's last-resort handler finds out what they mean.
    """
    if isinstance(error, StorageError):
        return error
    if isinstance(error, sqlite3.Error):
        typed = database.typed(error)
        return typed if isinstance(typed, StorageError) else None
    return None


class DatabaseLost(StorageError):
    """The database is not the one the ledger knows: missing, empty, another, older.

    ``reason`` is one of :data:`REASONS`; ``backup`` the newest backup of this
    installation, if any; ``last_code`` the last dossier code the ledger knows.
    """

    def __init__(
        self,
        folder: Path,
        reason: str,
        known: Ledger,
        found: tuple[int, int] | None,
        backup: BackupInfo | None,
        ledger_missing: bool = False,
    ) -> None:
        self.folder = folder
        self.reason = reason
        self.known = known
        self.found = found
        self.backup = backup
        self.ledger_missing = ledger_missing  # ``known`` was read from the backup
        last = known.last_code()
        self.last_code = dossier_code(last[0], last[1], last[2]) if last else None
        params: dict[str, str | int] = {"reason": reason, "expected": known.dossiers}
        if found is not None:
            params["found"] = found[0]
        if self.last_code:
            params["last_code"] = self.last_code
        if backup is not None:
            params["backup_time"] = f"{backup.taken_at:%Y-%m-%d %H:%M}"
            params["backup_dossiers"] = backup.dossiers
        super().__init__("database_lost", self._english(), **params)

    @property
    def events_only(self) -> bool:
        """Older by its events alone: every dossier is there, some of the log is not."""
        return self.found is not None and self.found[0] >= self.known.dossiers

    def _fewer(self, path: Path) -> str:
        found = self.found or (0, 0)
        what, held, had = (
            ("events", found[1], self.known.events)
            if self.events_only
            else ("dossiers", found[0], self.known.dossiers)
        )
        return f"{path} holds fewer {what} ({held}) than this installation had ({had})"

    @property
    def path(self) -> Path:
        return self.folder / DATABASE_NAME

    @property
    def keeps_more(self) -> bool:
        """An older database that still holds more dossiers than the latest backup:
        keeping it (``recovery.restore`` from the file itself) loses fewer."""
        if self.reason != "older" or self.found is None:
            return False
        return self.backup is None or self.backup.dossiers < self.found[0]

    def _english(self) -> str:
        path = self.folder / DATABASE_NAME
        what = {
            "missing": f"{path} is missing",
            "empty": f"{path} is empty",
            "other": f"{path} is not the database of this installation",
            "older": self._fewer(path),
        }[self.reason]
        numbered = (
            f"numbered dossiers up to {self.last_code}"
            if self.last_code
            else f"numbered {counted(self.known.dossiers, 'dossier')}"
        )
        if self.keeps_more:
            lead = (
                "no backup of it was found"
                if self.backup is None
                else f"it still holds more dossiers than the latest backup ({self.backup.dossiers})"
            )
            back = (
                f"{lead}: keep it with 'counter-app db restore {path}' (no code given out "
                "is given again)"
            )
        elif self.backup is not None:
            back = (
                f"restore the latest backup ({self.backup.taken_at:%Y-%m-%d %H:%M}, "
                f"{counted(self.backup.dossiers, 'dossier')})"
                " with 'counter-app db restore --latest'"
            )
        else:
            back = "no backup of it was found"
        start_over = (
            "start an empty database that keeps the numbering with "
            "'counter-app db start-over --confirm'"
        )
        ways = (
            f"{back}; {start_over}"
            if self.backup is None and not self.keeps_more
            else f"{back}, or {start_over}"
        )
        if self.ledger_missing:
            return (
                f"{what} and its ledger ({ledger_path(self.folder)}) is gone, but its backups "
                f"show that this installation {numbered}: {ways} (numbers given after that "
                "backup cannot be known)"
            )
        return (
            f"{what}, but this installation has {numbered} (see {ledger_path(self.folder)}): {ways}"
        )


def open_installation(
    folder: Path, clock: Clock, catalogue_file: Path
) -> tuple[Database, LedgerKeeper]:
    """The database of ``folder`` (created on a true first run) and its ledger."""
    path = folder / DATABASE_NAME
    known = ledger.read(ledger_path(folder))
    state = database.file_state(path)
    if state != "present" and known is not None and known.numbered:
        raise lost(folder, state, known, None)
    if state != "present" and known is None:
        _refuse_if_backed_up(folder, state)
    if state == "present":
        database.check_file(path)
    db = database.open_database(path, clock.now())
    try:
        return db, _checked(db, folder, clock, catalogue_file, known)
    except sqlite3.Error as error:  # a damaged page met while checking: say so, as a store
        db.close()
        failure = database.typed(error, path)
        if failure is error:
            raise
        raise failure from None
    except BaseException:
        db.close()
        raise


def _checked(
    db: Database, folder: Path, clock: Clock, catalogue_file: Path, known: Ledger | None
) -> LedgerKeeper:
    """The opened database checked against its ledger (set up on a true first run); the
    ledger's keeper, the ledger rewritten if the database says more."""
    if settings.get(db, "device_id") is None:
        if _holds_events(db):  # not a first run: a settings row went missing
            raise errors.row_damaged("settings", "device_id")
        if known is None:
            _refuse_if_backed_up(folder, "empty")
        from counter_app.services.first_run import first_run

        first_run(db, clock, catalogue_file)
    identity = settings.get(db, DATABASE_ID)
    counts = dossiers.row_counts(db)
    if known is not None and known.numbered:
        reason = mismatch(known, identity, counts)
        if reason:
            raise lost(folder, reason, known, counts)
    if identity is None:
        identity = _give_identity(db)
    keeper = LedgerKeeper(ledger_path(folder), described(db, identity, known, counts))
    if known is None or _differs(keeper.ledger, known) or not ledger.whole(keeper.path):
        with transaction(db):  # the write lock: no other process writes the ledger now
            rewrite(keeper, clock.now())
    return keeper


def _refuse_if_backed_up(folder: Path, reason: str) -> None:
    """No database and no ledger is a first run, unless the backups beside them show an
    installation that numbered dossiers: then its numbers would be given again."""
    recovered = ledger_from_backups(folder)
    if recovered is not None:
        known, backup = recovered
        raise DatabaseLost(folder, reason, known, None, backup, ledger_missing=True)


def ledger_from_backups(folder: Path) -> tuple[Ledger, BackupInfo] | None:
    """The ledger as the newest backup that opens and holds dossiers describes it: what
    is known of an installation whose ledger was lost. None when there is none."""
    for path in backups.listing(folder):
        try:
            info = backups.inspect(path)
            if not info.dossiers:
                continue
            conn = backups.read_only(path)
            try:
                db = Database(conn)
                known = described(db, info.database_id or "", None, dossiers.row_counts(db))
            finally:
                conn.close()
        except (StorageError, DomainError, sqlite3.Error, ValueError, TypeError):
            continue  # a damaged backup says nothing: the next one may
        return known, info
    return None


def _holds_events(db: Database) -> bool:
    return db.execute("SELECT 1 FROM events LIMIT 1").fetchone() is not None


def mismatch(known: Ledger, identity: str | None, counts: tuple[int, int]) -> str | None:
    """Why the database is not the one the ledger knows; None when it is."""
    if identity != known.database_id:
        return "other" if counts[0] else "empty"
    if counts[0] < known.dossiers or counts[1] < known.events:
        return "older" if counts[0] else "empty"
    return None


def lost(folder: Path, reason: str, known: Ledger, found: tuple[int, int] | None) -> DatabaseLost:
    newest = backups.latest_ours(folder, known.own_ids(), known.device_id)
    return DatabaseLost(folder, reason, known, found, newest)


def _give_identity(db: Database) -> str:
    """A database made before databases had an identity gets one, once."""
    import uuid  # a first run only

    identity = str(uuid.uuid4())
    with transaction(db):
        settings.put(db, DATABASE_ID, identity)
    return identity


def described(db: Database, identity: str, known: Ledger | None, counts: tuple[int, int]) -> Ledger:
    """The ledger as the database describes it, with every number already known kept."""
    unit = load_unit(db)
    current = Ledger(
        database_id=identity,
        device_id=unit.device_id,
        agency_id=unit.agency_id,
        unit_name=unit.name,
        place=unit.place,
        counter_number=unit.counter_number,
        sequence_block=(unit.block.first, unit.block.last),
        dossiers=counts[0],
        events=counts[1],
    )
    for agency_id, day, last_used in dossiers.all_sequences(db):
        current.issue(agency_id, day, last_used)
    if known is not None:
        current.absorb_numbers(replace(known, dossiers=0, events=0))
        current.former_ids = sorted(known.own_ids() - {identity})
    return current


def _differs(current: Ledger, known: Ledger) -> bool:
    return current.to_data() | {"updated_at": ""} != known.to_data() | {"updated_at": ""}


def rewrite(keeper: LedgerKeeper, now: datetime) -> None:
    """Write the ledger whole (identity, counts), keeping numbers others wrote meanwhile."""
    on_disk = ledger.read(keeper.path)
    if on_disk is not None:
        keeper.ledger.absorb_numbers(replace(on_disk, dossiers=0, events=0))
    keeper.ledger.updated_at = now.isoformat(timespec="seconds")
    ledger.write(keeper.path, keeper.ledger)
