"""The composition root: the one place that wires database, clock and services.

Nothing else builds services; the command line and the GUI both start here.
Qt is imported only when the GUI starts, so the command line stays light.
"""

from __future__ import annotations

import json
import os
from functools import cached_property
from pathlib import Path

from counter_app.domain.clock import Clock, SystemClock
from counter_app.paths import resource_dir
from counter_app.services.installation import StorageError, open_installation
from counter_app.services.unit import Unit, load_unit
from counter_app.storage.connection import Database
from counter_app.storage.database import DATABASE_NAME

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of a start)
if TYPE_CHECKING:
    from counter_app.domain import bank_table
    from counter_app.domain.calendar import CalendarTable
    from counter_app.services.accounts import AccountService
    from counter_app.services.catalogue import CatalogueService
    from counter_app.services.citizens import CitizenService
    from counter_app.services.dossiers import DossierService
    from counter_app.services.forms import FormService
    from counter_app.services.payments import PaymentService
    from counter_app.services.printing import PrintService, PrintWorker
    from counter_app.services.queue import QueueService
    from counter_app.services.reception import ReceptionService
    from counter_app.services.reference import ReferenceService
    from counter_app.services.retention import RetentionService
    from counter_app.services.scanning import ScannerService
    from counter_app.services.sync import SyncService
    from counter_app.services.sync_worker import SyncWorker
    from counter_app.services.walkin import WalkInService
    from counter_app.storage.ledger import LedgerKeeper

DATA_ENV = "COUNTER_APP_DATA"


class DataFolderError(ValueError):
    """``--data-dir`` or ``$COUNTER_APP_DATA`` given but empty."""


def data_dir(override: str | None = None) -> Path:
    """``--data-dir``, else ``$COUNTER_APP_DATA``, else the platform data folder.

    Given but empty (or blank) is an error, not the default folder: a script whose
    variable came out empty must not open, or create, another installation.
    """
    given = [(override, "--data-dir"), (os.environ.get(DATA_ENV), DATA_ENV)]
    for chosen, name in given:
        if chosen is None:
            continue
        if not chosen.strip():
            raise DataFolderError(
                f"{name} is empty: give a folder, or leave it out for the default folder"
            )
        hidden = _invisible(chosen)
        if hidden is not None:  # a pasted zero-width space would name a folder no one sees
            raise DataFolderError(
                f"{name} holds an invisible or control character ({hidden}): type the "
                "folder's name again"
            )
        return Path(chosen).expanduser()
    import platformdirs  # only when no folder is given

    return Path(platformdirs.user_data_dir("QuayMotCua", appauthor=False))


def _invisible(text: str) -> str | None:
    """The first control or invisible formatting character of ``text``, escaped."""
    if text.isascii():
        found = next((ch for ch in text if ch < " " or ch == "\x7f"), None)
    else:
        import unicodedata

        found = next((ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf")), None)
    return None if found is None else f"U+{ord(found):04X}"


def banks() -> list[bank_table.Bank]:
    """The NAPAS bank BINs shipped in resources/banks.json."""
    from counter_app.domain import bank_table

    path = resource_dir() / "banks.json"
    return bank_table.banks_from_data(json.loads(path.read_text(encoding="utf-8")))


def catalogue_file() -> Path:
    return resource_dir() / "catalogue" / "procedures.json"


def calendar_table() -> CalendarTable:
    """The announced years' days off and make-up days shipped in resources/calendar."""
    from counter_app.domain.calendar import CalendarTable

    path = resource_dir() / "calendar" / "vietnam.json"
    return CalendarTable.from_data(json.loads(path.read_text(encoding="utf-8")))


class Services:
    """The installation's services, each made (and its modules imported) on first use.

    A command that searches needs the dossier service only; the window needs them
    all, but shows itself before the rarer ones (forms, payments) are touched. Every
    service shares the one connection, clock and unit opened by :func:`build`.
    """

    def __init__(
        self, db: Database, clock: Clock, unit: Unit, path: Path, ledger: LedgerKeeper
    ) -> None:
        self.db = db
        self.clock = clock
        self.unit = unit
        self.path = path
        self._ledger = ledger

    @cached_property
    def reference(self) -> ReferenceService:
        from counter_app.services.reference import ReferenceService

        return ReferenceService(self.db, self.clock, self.unit.device_id, calendar_table())

    @cached_property
    def catalogue(self) -> CatalogueService:
        from counter_app.services.catalogue import CatalogueService

        return CatalogueService(self.db, self.clock, self.unit.device_id, self.reference)

    @cached_property
    def reception(self) -> ReceptionService:
        from counter_app.services.reception import ReceptionService

        return ReceptionService(self.db, self.clock, self.reference, self.unit, self._ledger)

    @cached_property
    def dossiers(self) -> DossierService:
        from counter_app.services.dossiers import DossierService

        return DossierService(self.db, self.clock, self.unit.device_id)

    @cached_property
    def citizens(self) -> CitizenService:
        """A citizen's access request: what the counter holds about them."""
        from counter_app.services.citizens import CitizenService

        return CitizenService(self.db, self.clock, self.unit.device_id)

    @cached_property
    def accounts(self) -> AccountService:
        from counter_app.services.accounts import AccountService

        return AccountService(self.db, self.clock, self.unit.device_id)

    @cached_property
    def printing(self) -> PrintService:
        from counter_app.services.printing import PrintService

        return PrintService(self.db, self.clock, self.unit, resource_dir())

    @cached_property
    def scanning(self) -> ScannerService:
        """The serial (USB-COM) scanner's settings; the window runs its reader."""
        from counter_app.services.scanning import ScannerService

        return ScannerService(self.db, self.clock, self.unit)

    @cached_property
    def forms(self) -> FormService:
        from counter_app.services.forms import FormService
        from counter_app.storage import officers

        names = {o.username: o.full_name for o in officers.all_officers(self.db)}
        fonts = resource_dir() / "fonts"
        return FormService(self.clock, self.unit, self.dossiers, self.reference, fonts, names)

    @cached_property
    def payments(self) -> PaymentService:
        from counter_app.services.payments import PaymentService

        return PaymentService(self.db, self.clock, self.unit, self.dossiers, banks())

    @cached_property
    def queue(self) -> QueueService:
        """The ward's queue (no HTTP client until an action needs one)."""
        from counter_app.services.queue import QueueService

        return QueueService(self.db, self.clock, self.unit.device_id)

    @cached_property
    def retention(self) -> RetentionService:
        """How long drafts, printed bytes, walk-in tickets and backups are kept; the purge."""
        from counter_app.services.retention import RetentionService

        return RetentionService(self.db, self.clock, self.unit.device_id)

    @cached_property
    def walk_in(self) -> WalkInService:
        """Walk-in tickets, while the ward's queue server cannot be reached."""
        from counter_app.services.walkin import WalkInService

        return WalkInService(self.db, self.clock, self.unit.device_id, self.printing)

    @cached_property
    def sync(self) -> SyncService:
        return sync_service(self.db, self)

    def close(self) -> None:
        if "sync" in self.__dict__:
            self.sync.close()
        if "reception" in self.__dict__:  # only a reception service reserves numbers
            try:
                self.reception.release_numbers()
            except StorageError as failure:  # kept reserved: skipped next time, never reused
                import logging

                logging.getLogger(__name__).warning("numbers not released: %s", failure.code)
        self.db.close()


def build(folder: Path, clock: Clock | None = None) -> Services:
    """Open (creating on a true first run) the installation in ``folder``.

    Raises :class:`counter_app.services.installation.DatabaseLost` rather than start
    again from nothing where the unit ledger says dossiers were numbered, and a
    ``StorageError`` for a damaged, read-only, locked or missing store.
    """
    clock = clock or SystemClock()
    db, ledger = open_installation(folder, clock, catalogue_file())
    return Services(db, clock, load_unit(db), folder / DATABASE_NAME, ledger)


def print_worker(services: Services) -> PrintWorker:
    """The background sender, on its own connection to the same database."""
    from counter_app.services.printing import PrintService, PrintWorker

    def make(db: Database) -> PrintService:
        return PrintService(db, services.clock, services.unit, resource_dir())

    return PrintWorker(services.path, make)


def sync_service(db: Database, services: Services) -> SyncService:
    """The sync's use cases on ``db`` (the window's connection, or the worker's own)."""
    from counter_app import __version__
    from counter_app.services.dossiers import DossierService
    from counter_app.services.installation import ledger_path
    from counter_app.services.payments import PaymentService
    from counter_app.services.sync import SyncService

    clock, unit = services.clock, services.unit
    dossiers = DossierService(db, clock, unit.device_id)
    payments = PaymentService(db, clock, unit, dossiers, banks())
    ledger_file = ledger_path(services.path.parent)
    return SyncService(db, clock, unit, dossiers, payments, ledger_file, __version__)


def sync_enrolled(services: Services) -> bool:
    """Whether this counter has a token for a sync server (the window starts the worker)."""
    from counter_app.storage import outbox

    return bool(outbox.get(services.db, "token"))


def sync_worker(services: Services) -> SyncWorker:
    """The background sync, on its own connection to the same database."""
    from counter_app.services.sync_worker import SyncWorker

    return SyncWorker(services.path, lambda db: sync_service(db, services))


def run_gui(folder: Path) -> int:
    """The counter window on the installation in ``folder`` (its dialogs say what is
    wrong with the store, and offer the way back from a lost database)."""
    from counter_app.ui.main import start

    return start(folder)
