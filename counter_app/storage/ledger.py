"""The unit ledger: who this installation is and the dossier numbers it may have given out.

A small JSON file beside the backups (``backups/unit-ledger.json``), so that losing,
emptying or replacing ``counter.db`` cannot take it along, and a copy of it in the data
folder beside ``counter.db`` (:func:`mirror_of`), so that deleting the backups folder
too, or the ledger alone, leaves one. Each is written whole; read, the two are one
ledger that keeps the higher of every number. It holds the identity of
the unit and of its database, per agency and day the highest number reserved (every
number ever handed out is at or below it), and how many dossier and event rows the
database was known to hold.

It is written atomically (a temporary file, fsync, rename, fsync of the folder), and
always before the commit of a number beyond what it reserves: a code a citizen was
given is in it even if the program dies right after the commit. How numbers are
reserved and released is :class:`LedgerKeeper`'s business.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from counter_app.domain.records import field, record
from counter_app.storage import errors

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of a start)
if TYPE_CHECKING:
    from typing import Any

LEDGER_NAME = "unit-ledger.json"
BACKUPS_FOLDER = "backups"  # storage.backups.FOLDER: the ledger's own folder
FORMAT = 1
# Numbers reserved at a time: one durable write per this many receptions.
RESERVE_AHEAD = 20


@record
class Ledger:
    database_id: str
    device_id: str = ""
    agency_id: str = ""
    unit_name: str = ""
    place: str = ""
    counter_number: int = 0
    sequence_block: tuple[int, int] | None = None
    # agency id -> day (ISO) -> the highest number given out (or about to be)
    issued: dict[str, dict[str, int]] = field(default_factory=dict)
    # Rows the database was known to hold at the last write: lower bounds, so a
    # database holding fewer has lost some.
    dossiers: int = 0
    events: int = 0
    updated_at: str = ""
    # Identities of the databases this installation had before a start-over: their
    # backups are still its own.
    former_ids: list[str] = field(default_factory=list)

    @property
    def numbered(self) -> bool:
        """Whether this installation ever gave out a dossier number."""
        return self.dossiers > 0 or any(self.issued.values())

    def own_ids(self) -> set[str]:
        return {self.database_id, *self.former_ids}

    def last_issued(self, agency_id: str, day: date) -> int | None:
        return self.issued.get(agency_id, {}).get(day.isoformat())

    def issue(self, agency_id: str, day: date, number: int) -> bool:
        """Raise the day's number to ``number``; True when that changed the ledger."""
        days = self.issued.setdefault(agency_id, {})
        key = day.isoformat()
        if days.get(key, 0) >= number:
            return False
        days[key] = number
        return True

    def absorb_numbers(self, other: Ledger) -> None:
        """Keep the higher of both for every number and count (never go down)."""
        for agency_id, days in other.issued.items():
            for day, number in days.items():
                self.issue(agency_id, date.fromisoformat(day), number)
        self.dossiers = max(self.dossiers, other.dossiers)
        self.events = max(self.events, other.events)

    def last_code(self) -> tuple[str, date, int] | None:
        """The newest day's highest number (and its agency), to tell people."""
        found = [
            (date.fromisoformat(day), number, agency_id)
            for agency_id, days in self.issued.items()
            for day, number in days.items()
        ]
        if not found:
            return None
        day, number, agency_id = max(found)
        return agency_id, day, number

    def to_data(self) -> dict[str, Any]:
        block = list(self.sequence_block) if self.sequence_block else None
        return {
            "format": FORMAT,
            "database_id": self.database_id,
            "device_id": self.device_id,
            "unit": {
                "agency_id": self.agency_id,
                "name": self.unit_name,
                "place": self.place,
                "counter_number": self.counter_number,
                "sequence_block": block,
            },
            "dossiers": self.dossiers,
            "events": self.events,
            "issued": self.issued,
            "updated_at": self.updated_at,
            "former_database_ids": self.former_ids,
        }

    @classmethod
    def from_data(cls, data: Any) -> Ledger:
        """Raises ValueError (or KeyError/TypeError) on anything but a ledger."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a unit ledger of format 1")
        unit = data["unit"]
        block = unit.get("sequence_block")
        issued = {
            str(agency_id): {str(date.fromisoformat(d)): int(n) for d, n in days.items()}
            for agency_id, days in data["issued"].items()
        }
        return cls(
            database_id=str(data["database_id"]),
            device_id=str(data["device_id"]),
            agency_id=str(unit["agency_id"]),
            unit_name=str(unit["name"]),
            place=str(unit["place"]),
            counter_number=int(unit["counter_number"]),
            sequence_block=(int(block[0]), int(block[1])) if block else None,
            issued=issued,
            dossiers=int(data["dossiers"]),
            events=int(data["events"]),
            updated_at=str(data["updated_at"]),
            former_ids=[str(i) for i in data.get("former_database_ids", [])],
        )


def damaged(path: Path, reason: str) -> errors.StorageError:
    return errors.StorageError(
        "ledger_damaged",
        f"the unit ledger {path} cannot be read ({reason}): if counter.db is intact, move the "
        "ledger aside and start again (it is written anew from the database); otherwise "
        "restore the latest backup with 'counter-app db restore --latest'",
        path=str(path),
    )


def mirror_of(path: Path) -> Path | None:
    """Where the copy of the ledger at ``path`` is kept: the data folder, the parent of
    its backups folder; None for a ledger elsewhere (a test's, a scratch one)."""
    return path.parent.parent / path.name if path.parent.name == BACKUPS_FOLDER else None


def whole(path: Path) -> bool:
    """Whether the ledger at ``path`` and its copy are both there (an installation of a
    version before the copy has one; a start writes the other)."""
    mirror = mirror_of(path)
    return path.is_file() and (mirror is None or mirror.is_file())


def read(path: Path) -> Ledger | None:
    """The ledger (with its copy, :func:`mirror_of`), or None when there is none yet."""
    ledger = _read_one(path)
    mirror = mirror_of(path)
    copy = _read_one(mirror) if mirror is not None else None
    if ledger is None or copy is None:
        return ledger or copy
    return _joined(ledger, copy)


def _joined(ledger: Ledger, copy: Ledger) -> Ledger:
    """The two copies as one: the later of them (one write of the two may have been cut
    short), keeping the higher of every number when they are of one installation."""
    if copy.database_id in ledger.own_ids():
        newer, older = ledger, copy
    elif ledger.database_id in copy.own_ids() or copy.updated_at > ledger.updated_at:
        newer, older = copy, ledger
    else:
        newer, older = ledger, copy
    if older.database_id in newer.own_ids() and older.device_id == newer.device_id:
        newer.absorb_numbers(older)
    return newer


def _read_one(path: Path) -> Ledger | None:
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # no ledger (or no data folder) yet
        return None
    except IsADirectoryError:
        raise damaged(path, "it is a folder") from None
    except OSError as error:
        raise errors.from_os(error, path) from None
    try:
        return Ledger.from_data(json.loads(raw.decode("utf-8")))
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        raise damaged(path, "not a unit ledger") from None


def write(path: Path, ledger: Ledger) -> None:
    """Replace the ledger and its copy durably: each the old file or the new, never half."""
    text = json.dumps(ledger.to_data(), ensure_ascii=False, indent=1, sort_keys=True)
    mirror = mirror_of(path)
    for target in (path,) if mirror is None else (path, mirror):
        _write_one(target, text)


def _write_one(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(descriptor, text.encode("utf-8"))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
        sync_folder(path.parent)
    except OSError as error:
        raise errors.from_os(error, path) from None


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no handle on folders)."""
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class LedgerKeeper:
    """The ledger of a running installation, and the numbering rules that rely on it.

    - :meth:`fence`: the first number this program gives for an agency and day goes
      above the ledger's reservation as well as the database's last number, because
      the database in front of it may be older than the ledger (a copy put back by
      hand). The following ones follow the database: it is the one this program
      writes to.
    - :meth:`note` and :meth:`save`: a transaction notes the numbers it gives; just
      before it commits, any number beyond the ledger's reservation makes the ledger
      reserve up to ``RESERVE_AHEAD`` more, written durably before the commit. A
      number is thus in the ledger before anyone can see it, at the cost of one write
      per ``RESERVE_AHEAD`` dossiers.
    - :meth:`release`: at a clean close the reservation comes back down to the last
      number given, so the next program goes on without a gap. After a crash the
      unused reserved numbers are skipped (at most ``RESERVE_AHEAD - 1``): a gap, never
      a repeat.

    The file is the truth: it is read again (when it changed) before every decision,
    and written only inside a database write transaction, which no two processes hold
    at once.
    """

    def __init__(self, path: Path, ledger: Ledger) -> None:
        self.path = path
        self.ledger = ledger
        self._pending: dict[tuple[str, date], tuple[int, int]] = {}
        self._saved: set[tuple[str, date]] = set()
        self._fenced: set[tuple[str, date]] = set()
        self._seen: tuple[int, int, int] | None = None

    def fence(self, agency_id: str, day: date) -> int | None:
        """The ledger's reservation until this program has committed a number of that
        day; then None (the database's last number is enough)."""
        if (agency_id, day) in self._fenced:
            return None
        return self._current().last_issued(agency_id, day)

    def note(self, agency_id: str, day: date, number: int, limit: int) -> None:
        """A number given in the current transaction (``limit``: the block's last)."""
        key = (agency_id, day)
        known = self._pending.get(key, (0, limit))[0]
        self._pending[key] = (max(known, number), limit)

    def discard(self) -> None:
        """A new transaction: forget what a failed one noted."""
        self._pending.clear()
        self._saved.clear()

    def save(self, dossiers: int, events: int, now: datetime) -> None:
        """Reserve what the transaction's numbers need, before it commits.

        ``dossiers``/``events``: the rows committed before this transaction.
        """
        pending, self._pending = self._pending, {}
        self._saved = set(pending)
        current = self._current()
        beyond = {k: v for k, v in pending.items() if v[0] > (current.last_issued(*k) or 0)}
        if not beyond:
            return
        for (agency_id, day), (number, limit) in beyond.items():
            current.issue(agency_id, day, max(number, min(number + RESERVE_AHEAD - 1, limit)))
        self._write(current, dossiers, events, now)

    def committed(self) -> None:
        """The transaction committed: its days now follow the database."""
        self._fenced |= self._saved
        self._saved = set()

    @property
    def holds_reservations(self) -> bool:
        """Whether this program reserved numbers it may give back."""
        return bool(self._fenced)

    def release(
        self, last_used: Callable[[str, date], int | None], counts: tuple[int, int], now: datetime
    ) -> None:
        """At a clean close (inside a write transaction): reservations back down to the
        last numbers committed, so nothing is skipped next time."""
        fenced, self._fenced = self._fenced, set()
        if not fenced:
            return
        current = self._current()
        lowered = False
        for agency_id, day in fenced:
            used = last_used(agency_id, day)
            reserved = current.last_issued(agency_id, day)
            if used is not None and reserved is not None and reserved > used:
                current.issued[agency_id][day.isoformat()] = used
                lowered = True
        if lowered or counts != (current.dossiers, current.events):
            self._write(current, *counts, now)

    def _current(self) -> Ledger:
        """The ledger as the file has it now (read again only when it changed)."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return self.ledger  # written again at the next save
        except OSError as error:
            raise errors.from_os(error, self.path) from None
        seen = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if seen != self._seen:
            on_disk = read(self.path)
            if on_disk is not None:
                if on_disk.database_id != self.ledger.database_id:
                    raise replaced(self.path)
                self.ledger = on_disk
            self._seen = seen
        return self.ledger

    def _write(self, current: Ledger, dossiers: int, events: int, now: datetime) -> None:
        current.dossiers = max(current.dossiers, dossiers)
        current.events = max(current.events, events)
        current.updated_at = now.isoformat(timespec="seconds")
        write(self.path, current)
        self.ledger = current
        stat = self.path.stat()
        self._seen = (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def replaced(path: Path) -> errors.StorageError:
    return errors.StorageError(
        "database_replaced",
        f"the database was restored or started over while this program was running (the "
        f"ledger {path} names another database): close this program and start it again",
    )
