"""Starting the GUI (display check, setup, login, main window) and its screenshots."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

import counter_app.app as composition
from counter_app.app import Services
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.dossiers import Status
from counter_app.services.accounts import Officer, UnitSetup
from counter_app.services.installation import StorageError
from counter_app.ui.account_dialogs import LoginDialog, SetupDialog
from counter_app.ui.background import run_in_background
from counter_app.ui.i18n import DEFAULT_LANGUAGE, install_translator
from counter_app.ui.recovery import StoreFailures, open_installation, refuse_start
from counter_app.ui.screen_fit import show_fitted

if TYPE_CHECKING:
    from counter_app.ui.main_window import MainWindow

NO_DISPLAY = (
    "counter-app: no display found (DISPLAY/WAYLAND_DISPLAY unset); to run without a screen "
    "set QT_QPA_PLATFORM=offscreen, or write screenshots with 'counter-app screenshot --out DIR'"
)


def display_missing() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def application(language: str = DEFAULT_LANGUAGE) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Quầy Một Cửa")
    app.setOrganizationName("QuayMotCua")
    install_translator(app, language)
    return app


def start(folder: Path, language: str = DEFAULT_LANGUAGE) -> int:
    """The counter window on the installation in ``folder``.

    Exit 2 when its store cannot be used (a dialog has said why and what to do, or
    the officer chose to quit rather than restore a lost database).
    """
    if display_missing():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    application(language)
    services = open_installation(folder)
    if services is None:
        return 2
    try:
        return run(services, language)
    finally:
        services.close()


def run(services: Services, language: str = DEFAULT_LANGUAGE) -> int:
    """The first start's set-up if the unit has none, the login, then the window until
    it closes. ``services`` stay open: whoever opened them closes them."""
    if display_missing():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    app = application(language)
    failures = StoreFailures(app)  # a failure of the store anywhere: a dialog, not a traceback
    failures.install()
    try:
        if not services.accounts.needs_setup():
            return _logged_in(services, failures)
        if SetupDialog(services).exec() != QDialog.DialogCode.Accepted:
            return 0
        reopened = _reopened(services)  # the unit changed: number dossiers in its block
        try:
            return _logged_in(reopened, failures)
        finally:
            reopened.close()  # gives back unused reserved numbers (see storage/ledger.py)
    finally:
        failures.uninstall()


def _logged_in(services: Services, failures: StoreFailures) -> int:
    """The login, then the counter window for the officer let in (0 if nobody was)."""
    login = LoginDialog(services, prepare=_load_window)
    if login.exec() != QDialog.DialogCode.Accepted or login.officer is None:
        return 0
    worker = composition.print_worker(services)
    worker.start()
    sync = composition.sync_worker(services) if composition.sync_enrolled(services) else None
    if sync is not None:
        sync.start()
    from counter_app.ui import main_window  # loaded while the officer typed, or with Argon2

    try:
        try:
            window = main_window.MainWindow(services, login.officer, worker, sync)
        except StorageError as failure:  # a setting it stands on does not read (edited?)
            refuse_start(failure)
            return 2
        show_fitted(window)  # maximized on a screen it does not fit with its title bar
        if len(QGuiApplication.screens()) > 1:  # the monitor turned to the citizen
            window.citizen.place_on_second_screen()
        failures.parent_widget = window
        failures.watch(worker)
        if sync is not None:
            failures.watch(sync)
        _daily_backup(services, window, failures)
        return QApplication.exec()
    finally:
        if sync is not None:
            sync.stop()
        worker.stop()


def _load_window() -> None:
    """Import the counter window's modules (a tenth of a second and more) while the
    officer types in the login dialog, or while it waits for Argon2 on another thread,
    rather than before the dialog shows or after the officer is let in."""
    import counter_app.ui.main_window  # noqa: F401


# The daily backup waits until the window has settled: on a large database it reads
# the whole file, which the first minute at the counter does not need to compete with.
BACKUP_DELAY_MS = 60_000


def _daily_backup(services: Services, window: MainWindow, failures: StoreFailures) -> None:
    """Today's backup, once a day, in the background on a connection of its own; then
    the purge of what is past its retention period (``recovery.daily_upkeep``)."""
    folder = services.path.parent

    def take() -> None:
        from counter_app.services import recovery  # a minute after the start: not for it

        now = services.clock.now()
        run_in_background(
            window, lambda: recovery.daily_upkeep(folder, now), lambda _: None, failures.report
        )

    QTimer.singleShot(BACKUP_DELAY_MS, window, take)


def _reopened(services: Services) -> Services:
    folder, clock = services.path.parent, services.clock
    services.close()
    return composition.build(folder, clock)


# --- screenshots ---------------------------------------------------------------------

SCREENSHOT_TIME = datetime(2026, 11, 20, 10, 30, tzinfo=VIETNAM)  # a Friday morning
CARD = (
    "001185012345|012345678|Nguyễn Thị Thu Hà|14021985|Nữ|"
    "Số 8 ngõ 12 phố Lò Đúc, Phường Hai Bà Trưng, Hà Nội|10052023"
)
# The demo ward's code is made up under Z99, a level-1 code no agency can have
# (letters run A–Y): a ward-shaped code that cannot be mistaken for a real one.
DEMO_SETUP = UnitSetup(
    agency_id="000.00.01.Z99",
    unit_name="UBND Phường Thử Nghiệm",
    place="Hà Nội",
    counter_number=2,
    admin_username="quantri",
    admin_full_name="Lê Minh Quản",
    admin_password="mat-khau-demo",
)


def screenshot(out_dir: Path, language: str) -> list[Path]:
    """PNGs of the windows on a fresh demo installation, rendered offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    application(language)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        services = composition.build(Path(folder), FakeClock(SCREENSHOT_TIME))
        try:
            return _shots(services, out_dir, language)
        finally:
            services.close()


def _shots(services: Services, out: Path, lang: str) -> list[Path]:
    written = [_save(SetupDialog(services), out / f"setup-{lang}.png")]
    services.accounts.complete_setup(DEMO_SETUP, allow_fictional=True)
    services = _reopened(services)
    written.append(_save(LoginDialog(services), out / f"login-{lang}.png"))
    officer = services.accounts.login(DEMO_SETUP.admin_username, DEMO_SETUP.admin_password)
    _demo_data(services)
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG THU NGHIEM", "quantri")
    from counter_app.ui.main_window import MainWindow
    from counter_app.ui.printer_panel import PrinterSettingsDialog

    window = MainWindow(services, officer)
    written.append(_save(window, out / f"main-{lang}.png"))
    written += _office_screens(window, services, out, lang)
    _fill_reception(window)
    written.append(_save(window, out / f"reception-{lang}.png"))
    window.form.submit()
    written.append(_save(window, out / f"received-{lang}.png"))
    window.citizen.resize(1024, 768)
    written.append(_save(window.citizen, out / f"citizen-{lang}.png"))
    window.dossiers.period.setCurrentIndex(1)  # the last 7 days
    written.append(_save(window, out / f"dossiers-{lang}.png"))
    written.append(_detail(services, officer, window, out / f"detail-{lang}.png"))
    window.help.toggle()
    written.append(_save(window, out / f"shortcuts-{lang}.png"))
    printer = PrinterSettingsDialog(services, officer.username, window)
    written.append(_save(printer, out / f"printer-{lang}.png"))
    from counter_app.ui import queue_panel, rating
    from counter_app.ui.screens import screenshots as queue_screens

    written.append(queue_panel.screenshot(out / f"queue-panel-{lang}.png", lang))
    written.append(rating.screenshot(out / f"rating-{lang}.png", page=rating.QUESTION))
    written.append(rating.screenshot(out / f"rating-reason-{lang}.png", page=rating.REASON))
    written += queue_screens(out, lang)
    window.close()
    services.close()
    return written


def _demo_data(services: Services) -> None:
    from counter_app.services.demo import fill
    from counter_app.services.demo_progress import DemoProgress

    clock = services.clock
    assert isinstance(clock, FakeClock)
    calendar = services.reference.calendar()
    progress = DemoProgress(services.dossiers, clock, calendar, "quantri", 11)
    fill(services.reception, services.reference, clock.now(), 400, 40, 11, progress)


# The most common office screen, and the common large one (issue: the form must fit both).
OFFICE_SCREENS = ((1366, 768), (1920, 1080))


def _office_screens(window: MainWindow, services: Services, out: Path, lang: str) -> list[Path]:
    """The reception of the procedure with the most documents, after a card scan, at each
    office screen size: every field, the fee, the time and the button in sight."""
    form = window.form
    most = max(services.reference.catalogue().versions(), key=lambda p: len(p.documents))
    form.procedure_search.setText(most.code)
    form.apply_scan(CARD)
    form.applicant.phone.setText("0912 345 678")
    written = []
    for width, height in OFFICE_SCREENS:
        window.resize(width, height)
        QApplication.processEvents()  # the layout, and the table's rows fitted to it
        written.append(_save(window, out / f"reception-{width}x{height}-{lang}.png"))
    window.resize(*OFFICE_SCREENS[0])
    form.clear()
    return written


def _fill_reception(window: MainWindow) -> None:
    form = window.form
    form.procedure_search.setText("chung thuc ban sao")
    form.apply_scan(CARD)
    form.applicant.phone.setText("0912 345 678")
    form.pages.setValue(3)
    form.copies.setValue(2)


def _detail(services: Services, officer: Officer, window: MainWindow, target: Path) -> Path:
    from counter_app.ui.dossier_detail import DossierDetail

    shown = window.dossiers.model.dossiers()
    returned = [d for d in shown if d.status is Status.RETURNED]
    dossier = (returned or shown)[0]
    detail = DossierDetail(services, officer.username, dossier, window)
    return _save(detail, target)


def _save(widget: QWidget, target: Path) -> Path:
    if isinstance(widget, QDialog):
        widget.adjustSize()
    if not widget.grab().save(str(target)):
        raise OSError(f"cannot write {target}")
    return target
