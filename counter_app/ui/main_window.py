"""The counter main window: reception on the left, dossiers and catalogue on the right.

Keyboard first: F2 new reception, Ctrl+S receive, Ctrl+F search, Alt+1/2/3 the
form's groups, F1 the list of shortcuts; on a counter with the ward's queue, F5 call
the next, F6 call again, F7 skip, Ctrl+T transfer, F8 finish (``ui/queue_panel.py``).
A card scanned anywhere in the window fills the reception form, from a scanner in
keyboard mode (``ui/scanner.py``) or on a serial port (``ui/serial_scanner.py``);
the lookup QR of a receipt opens its dossier. The Counter menu and the dialogs it
opens, by role, are ``ui/counter_menu.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.app import Services
from counter_app.domain.dossiers import Dossier
from counter_app.domain.payments import Payment, PaymentState
from counter_app.services.accounts import Officer
from counter_app.services.printing import PrintWorker
from counter_app.ui.access import WindowLock
from counter_app.ui.counter_menu import CounterMenu
from counter_app.ui.dossier_list import DossierList
from counter_app.ui.fee_dialog import MissingFeesBanner, SetFeeDialog
from counter_app.ui.help_overlay import HelpOverlay
from counter_app.ui.i18n import install_translator
from counter_app.ui.messages import error_label, error_text
from counter_app.ui.models import ProcedureTableModel
from counter_app.ui.printer_panel import PrinterStatusLabel
from counter_app.ui.printer_words import printer_missing
from counter_app.ui.queue_panel import QueuePanel, follow_later
from counter_app.ui.reception_form import ReceptionForm
from counter_app.ui.scan_routing import ScanRouter
from counter_app.ui.scanner import ScanDetector
from counter_app.ui.serial_scanner import ScannerStatusLabel, SerialScannerLink
from counter_app.ui.status_label import StatusLabel
from counter_app.ui.sync_status import SyncStatusLabel
from counter_app.ui.tooltips import as_written

if TYPE_CHECKING:
    from counter_app.services.queue import QueueDesk
    from counter_app.services.sync_worker import SyncWorker
    from counter_app.ui.citizen_display import CitizenDisplay


def _catalogue_view(model: ProcedureTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return view


class MainWindow(QMainWindow):
    def __init__(
        self,
        services: Services,
        officer: Officer,
        worker: PrintWorker | None = None,
        sync_worker: SyncWorker | None = None,
    ) -> None:
        super().__init__()
        self._input_scheduled = False  # the input filters wait for the first paint
        self.watching_input = False  # the scanner and the lock see the keys
        self._services = services
        self.officer = officer
        self.worker = worker
        self.sync_worker = sync_worker
        self._citizen: CitizenDisplay | None = None
        self._catalogue: ProcedureTableModel | None = None
        self.queue_desk = self._queue_desk()  # kept when the window is built again
        self.resize(1366, 768)
        self.scanner = ScanDetector(self)
        self.scanner.scanned.connect(self._scanned)
        self.serial_scanner = SerialScannerLink(services.scanning.settings(), self)
        self.scan_router = ScanRouter(services, self)  # serial scans go wherever the focus is
        self.serial_scanner.scanned.connect(self.scan_router.route_serial)
        self.scan_router.card.connect(self._card_scanned)
        self.scan_router.dossier.connect(self.open_dossier)
        self.scan_router.notice.connect(self._notice)
        self.locking = WindowLock(self, services, officer, self._keep_draft)
        self.menu = CounterMenu(self, services)
        self.statusBar().messageChanged.connect(self._message_tip)
        self._build()
        self.serial_scanner.start()

    def _build(self) -> None:
        """(Re)build every widget in the current language; the draft keeps the form."""
        unit = self._services.unit
        self.setWindowTitle(self.tr("Quầy Một Cửa — %1").replace("%1", unit.name))
        self.form = ReceptionForm(self._services, self.officer.username)
        self.dossiers = DossierList(self._services, self.officer.username)
        self.form.received.connect(self._received)
        self.form.edited.connect(self._working)
        self.dossiers.opened.connect(self.open_dossier)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        # With the dossier list's own minimum, no wider than a 1024-wide screen in
        # either language (560 made the window 1069 px wide, 1102 in English).
        scroll.setMinimumWidth(440)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.dossiers, self.tr("Dossiers"))
        self._catalogue = None  # in the current language
        self._catalogue_page = QWidget()
        QVBoxLayout(self._catalogue_page).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._catalogue_page, self.tr("Procedures"))
        self.tabs.currentChanged.connect(self._tab_opened)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self.tabs)
        splitter.setSizes([600, 766])
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.missing_fees = MissingFeesBanner(self._services, self.officer.role)
        self.missing_fees.set_requested.connect(self.set_fee)
        column.addWidget(self.missing_fees)
        column.addWidget(self._agency_warning())
        column.addWidget(self._queue_panel())
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.help = HelpOverlay(splitter)
        self.menu.build()
        self._status_bar()

    def _status_bar(self) -> None:
        """Who works here at the left; the sync's, printer's and scanner's states at the
        right."""
        unit = self._services.unit
        if hasattr(self, "sync_status"):  # built again in another language
            for label in (self.who, self.sync_status, self.printer_status, self.scanner_status):
                self.statusBar().removeWidget(label)
                label.deleteLater()
        self.printer_status = PrinterStatusLabel(
            self._services, lambda: self.worker.status if self.worker else None
        )
        self.scanner_status = ScannerStatusLabel(self.serial_scanner)
        self.sync_status = SyncStatusLabel(
            lambda: self.sync_worker.snapshot if self.sync_worker else None,
            self._services.clock,
        )
        self.sync_status.arrived.connect(self._sync_arrived)
        self.statusBar().addPermanentWidget(self.sync_status)
        self.statusBar().addPermanentWidget(self.printer_status)
        self.statusBar().addPermanentWidget(self.scanner_status)
        # A label, not the bar's message: a long ward's and officer's name ran under the
        # states at the right; this one ends in "…", whole in its tooltip. A notice
        # (showMessage) covers it for its time, and then it is back.
        self.who = StatusLabel()
        self.who.setContentsMargins(4, 0, 0, 0)  # off the window's edge, as the message was
        self.who.setText(
            self.tr("%1 · Counter %2 · Officer: %3")
            .replace("%1", unit.name)
            .replace("%2", str(unit.counter_number))
            .replace("%3", self.officer.full_name)
        )
        self.statusBar().addWidget(self.who, 1)

    def _queue_desk(self) -> QueueDesk | None:
        """This counter's desk at the ward's queue; None when not enrolled (no queue)."""
        queue = self._services.queue
        return queue.desk(self.officer.username) if queue.enabled() else None

    def _queue_panel(self) -> QueuePanel:
        if hasattr(self, "queue_panel"):  # built again in another language
            self.queue_panel.stop()
        walk_in = self._services.walk_in if self.queue_desk is not None else None
        self.queue_panel = QueuePanel(self.queue_desk, walk_in=walk_in)
        self.queue_panel.serving.connect(self._serving)
        self.queue_panel.finished.connect(self._ticket_finished)
        self.queue_panel.printed.connect(self.wake_printer)
        if self.isVisible():
            follow_later(self.queue_panel)
        return self.queue_panel

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        follow_later(self.queue_panel)  # nothing when it follows already

    def paintEvent(self, event: object) -> None:
        super().paintEvent(event)  # type: ignore[arg-type]
        if not self._input_scheduled:  # once the first paint is done, not before
            self._input_scheduled = True
            QTimer.singleShot(0, self, self.watch_input)

    def watch_input(self) -> None:
        """The scanner's and the lock's application-wide event filters: every event of
        the program passes through both (into Python), so they are installed once the
        window is built and first painted. Its thousands of events of building, laying
        out and painting skip them (about 45 ms of the start here)."""
        app = QApplication.instance()
        if app is None:
            return
        app.installEventFilter(self.scanner)
        app.installEventFilter(self.locking)
        self.watching_input = True

    def _serving(self, label: str) -> None:
        if self._citizen is not None:
            self._citizen.set_serving(label)

    def _ticket_finished(self, label: str) -> None:
        """The citizen rates the service on their screen, when it is up."""
        if self._citizen is not None and self._citizen.isVisible() and label:
            self._citizen.ask_rating(label)

    def _rated(self, label: str, rating: str, reason: str) -> None:
        self.queue_panel.rate(label, rating, reason)

    @property
    def catalogue(self) -> ProcedureTableModel:
        """The procedures in force, made when first asked for (their tab opened)."""
        if self._catalogue is None:
            today = self._services.clock.now().date()
            procedures = self._services.reference.catalogue().in_force(today)
            self._catalogue = ProcedureTableModel(procedures, self)
        return self._catalogue

    def _tab_opened(self, index: int) -> None:
        """The procedures' table is built when its tab is first opened: sizing its
        columns to the texts took a quarter of the window's first show."""
        page = self.tabs.widget(index)
        layout = page.layout()
        if page is self._catalogue_page and layout.count() == 0:
            layout.addWidget(_catalogue_view(self.catalogue))

    def _agency_warning(self) -> QLabel:
        """Shown for as long as dossiers get an agency id that is not the ward's own: the
        app does not change a code already given out by itself (see AccountService)."""
        self.agency_warning = error_label()
        problem = self._services.accounts.agency_warning()
        if problem is not None:
            self.agency_warning.setText(
                self.tr(
                    "%1 Dossiers have been numbered with it, so the app keeps it: the "
                    "administrator sets the ward's own code (counter-app unit set-agency-id)."
                ).replace("%1", error_text(problem))
            )
            self.agency_warning.setContentsMargins(8, 4, 8, 4)
            self.agency_warning.show()
        return self.agency_warning

    def set_language(self, language: str) -> None:
        app = QApplication.instance()
        if app is None:
            return
        self.form.save_draft()
        install_translator(app, language)
        self._build()

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.dossiers)
        self.dossiers.focus_search()

    def _scanned(self, text: str) -> None:
        if self.isActiveWindow() or QApplication.activeWindow() is None:
            self.scan_router.route(text)

    def _card_scanned(self, text: str) -> None:
        self.form.apply_scan(text)

    def _notice(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _message_tip(self, text: str) -> None:
        """A notice whole in the bar's tooltip: one with a long path (a PDF saved under
        the officer's folder) was cut at the states on the right."""
        self.statusBar().setToolTip(as_written(text) if text else "")

    def _received(self, dossier: Dossier) -> None:
        """Lead with QR: the fee's code goes to the citizen's screen and onto the receipt.
        The ticket at the counter, if any, carries the dossier when it is finished."""
        self.dossiers.refresh()
        self.queue_panel.link_reception(dossier.code, dossier.procedure_code)
        fee_qr = None
        if dossier.fee_payable and self._services.payments.bank_account() is not None:
            payment = self._services.payments.start_qr(dossier.code, self.officer.username)
            self.show_payment(payment, dossier)
            fee_qr = payment.qr_payload
        elif self._citizen is not None:  # whose dossier it is, on the screen already up
            self._citizen.show_received(dossier)
        missing = printer_missing(self._services.printing)
        if missing is None:
            self._services.printing.print_receipt(dossier, self.officer.username, fee_qr)
            self.wake_printer()
        else:
            self.form.warn(missing)
        if self.sync_worker is not None:
            self.sync_worker.wake()

    def _sync_arrived(self, payments: bool, dossiers: bool) -> None:
        """The sync applied a bank's confirmation or a back office's status change."""
        if payments and self._citizen is not None:
            self._citizen.tick()  # "Đã thanh toán" as soon as it is known
        if dossiers or payments:
            self.dossiers.refresh()

    def show_payment(self, payment: Payment, dossier: Dossier) -> None:
        if payment.state is PaymentState.PAID:
            self.citizen.show_paid(payment)
        else:
            self.citizen.show_payment(payment, dossier)

    @property
    def citizen(self) -> CitizenDisplay:
        """The citizen's screen, made when it first has something to show: a counter
        with one monitor starts without it."""
        if self._citizen is None:
            from counter_app.ui.citizen_display import CitizenDisplay  # first use only

            self._citizen = CitizenDisplay(self._services)
            self._citizen.set_serving(self.queue_panel.serving_label())
            self._citizen.rated.connect(self._rated)
        return self._citizen

    def citizen_screen(self) -> None:
        self.citizen.place_on_second_screen()

    def new_reception(self) -> None:
        self.form.clear()
        if self._citizen is not None:  # a display not made yet shows the welcome anyway
            self._citizen.welcome()

    def wake_printer(self) -> None:
        if self.worker is not None:
            self.worker.wake()
        self.printer_status.refresh()

    def _working(self) -> None:
        """The officer works on a reception: the called ticket is being served."""
        self.queue_panel.service_started()

    def set_fee(self) -> None:
        dialog = SetFeeDialog(self._services, self.officer.username, self)
        dialog.accepted.connect(self._fee_set)
        dialog.open()

    def _fee_set(self) -> None:
        self.missing_fees.refresh()
        self.form.refresh_preview()

    def _keep_draft(self) -> None:
        self.form.save_draft()

    def open_dossier(self, dossier: Dossier) -> None:
        from counter_app.ui.dossier_detail import DossierDetail

        detail = DossierDetail(self._services, self.officer.username, dossier, self)
        detail.changed.connect(self.dossiers.refresh)
        detail.printed.connect(self.wake_printer)
        detail.payment_started.connect(self.show_payment)
        detail.open()

    def closeEvent(self, event: object) -> None:
        self.form.save_draft()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scanner)
            app.removeEventFilter(self.locking)
        self.locking.stop()
        self.serial_scanner.stop()
        self.queue_panel.stop()
        if self._citizen is not None:
            self._citizen.close()
        super().closeEvent(event)  # type: ignore[arg-type]
