"""The composition root: the one place that wires database, clock and services.

Nothing else builds services; the command line and the GUI both start here.
Qt is imported only when the GUI starts, so the command line stays light.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlite_utils import Database

from counter_app.domain import bank_table
from counter_app.domain.calendar import CalendarTable
from counter_app.domain.clock import Clock, SystemClock
from counter_app.paths import resource_dir
from counter_app.services.accounts import AccountService
from counter_app.services.catalogue import CatalogueService
from counter_app.services.dossiers import DossierService
from counter_app.services.forms import FormService
from counter_app.services.installation import StorageError, open_installation
from counter_app.services.payments import PaymentService
from counter_app.services.printing import PrintService, PrintWorker
from counter_app.services.reception import ReceptionService
from counter_app.services.reference import ReferenceService
from counter_app.services.unit import Unit, load_unit
from counter_app.storage import officers
from counter_app.storage.database import DATABASE_NAME

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
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir("QuayMotCua", appauthor=False))


def banks() -> list[bank_table.Bank]:
    """The NAPAS bank BINs shipped in resources/banks.json."""
    path = resource_dir() / "banks.json"
    return bank_table.banks_from_data(json.loads(path.read_text(encoding="utf-8")))


def catalogue_file() -> Path:
    return resource_dir() / "catalogue" / "procedures.json"


def calendar_table() -> CalendarTable:
    """The announced years' days off and make-up days shipped in resources/calendar."""
    path = resource_dir() / "calendar" / "vietnam.json"
    return CalendarTable.from_data(json.loads(path.read_text(encoding="utf-8")))


@dataclass
class Services:
    db: Database
    clock: Clock
    unit: Unit
    reference: ReferenceService
    catalogue: CatalogueService
    reception: ReceptionService
    dossiers: DossierService
    accounts: AccountService
    printing: PrintService
    forms: FormService
    payments: PaymentService
    path: Path

    def close(self) -> None:
        try:
            self.reception.release_numbers()
        except StorageError as failure:  # numbers kept reserved: skipped next time, never reused
            logging.getLogger(__name__).warning("numbers not released: %s", failure.code)
        self.db.close()


def build(folder: Path, clock: Clock | None = None) -> Services:
    """Open (creating on a true first run) the installation in ``folder``.

    Raises :class:`counter_app.services.installation.DatabaseLost` rather than start
    again from nothing where the unit ledger says dossiers were numbered, and a
    ``StorageError`` for a damaged, read-only, locked or missing store.
    """
    clock = clock or SystemClock()
    path = folder / DATABASE_NAME
    db, ledger = open_installation(folder, clock, catalogue_file())
    unit = load_unit(db)
    reference = ReferenceService(db, clock, unit.device_id, calendar_table())
    dossiers = DossierService(db, clock, unit.device_id)
    names = {o.username: o.full_name for o in officers.all_officers(db)}
    return Services(
        db=db,
        clock=clock,
        unit=unit,
        reference=reference,
        catalogue=CatalogueService(db, clock, unit.device_id, reference),
        reception=ReceptionService(db, clock, reference, unit, ledger),
        dossiers=dossiers,
        accounts=AccountService(db, clock, unit.device_id),
        printing=PrintService(db, clock, unit, resource_dir()),
        forms=FormService(clock, unit, dossiers, reference, resource_dir() / "fonts", names),
        payments=PaymentService(db, clock, unit, dossiers, banks()),
        path=path,
    )


def print_worker(services: Services) -> PrintWorker:
    """The background sender, on its own connection to the same database."""

    def make(db: Database) -> PrintService:
        return PrintService(db, services.clock, services.unit, resource_dir())

    return PrintWorker(services.path, make)


def run_gui(folder: Path) -> int:
    """The counter window on the installation in ``folder`` (its dialogs say what is
    wrong with the store, and offer the way back from a lost database)."""
    from counter_app.ui.main import start

    return start(folder)
