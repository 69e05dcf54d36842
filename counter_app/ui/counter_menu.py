"""The window's Counter menu: what it offers the officer's role, and the dialogs it opens.

An item the role may not use is greyed, saying whom to ask; the services check the
rights again (``services/permissions.py``). A dialog is imported when it is first
opened: the start of the window does not wait for screens nobody asked for yet.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from counter_app.domain.errors import DomainError
from counter_app.services.permissions import Permission, allowed
from counter_app.ui.background import run_in_background
from counter_app.ui.messages import error_text

if TYPE_CHECKING:
    from counter_app.app import Services
    from counter_app.ui.main_window import MainWindow


class CounterMenu(QObject):
    def __init__(self, window: MainWindow, services: Services) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._username = window.officer.username

    def build(self) -> None:
        """The Counter and Language menus, in the current language."""
        window = self._window
        window.menuBar().clear()
        actions = window.menuBar().addMenu(self.tr("&Counter"))
        actions.setToolTipsVisible(True)
        for text, keys, slot, needs in self._items():
            action = QAction(text, window)
            if keys:
                action.setShortcut(QKeySequence(keys))
                action.setToolTip(f"{text} ({keys})")
            if needs is not None and not allowed(window.officer.role, needs):
                action.setEnabled(False)
                action.setToolTip(self.tr("For the head of the unit or the administrator"))
            action.triggered.connect(slot)
            actions.addAction(action)
        language = window.menuBar().addMenu(self.tr("&Language"))
        for text, code in (("Tiếng Việt", "vi"), ("English", "en")):
            action = QAction(text, window)
            action.triggered.connect(lambda _=False, code=code: window.set_language(code))
            language.addAction(action)

    def _items(self) -> list[tuple[str, str, object, Permission | None]]:
        window = self._window
        return [
            (self.tr("New reception"), "F2", window.new_reception, None),
            (self.tr("Receive"), "Ctrl+S", window.form.submit, None),
            (self.tr("Search dossiers"), "Ctrl+F", window.focus_search, None),
            (self.tr("Shortcuts"), "F1", window.help.toggle, None),
            (self.tr("Printer…"), "", self.printer_settings, Permission.PRINTER),
            (self.tr("Scanner…"), "", self.scanner_settings, Permission.SCANNER),
            (self.tr("Register book (form 07)…"), "", self.register_book, None),
            (
                self.tr("Account receiving the fees…"),
                "",
                self.bank_account,
                Permission.BANK_ACCOUNT,
            ),
            (self.tr("Fees of the day…"), "", self.reconciliation, Permission.OTHERS_WORK),
            (self.tr("Queue figures…"), "", self.queue_figures, Permission.OTHERS_WORK),
            (self.tr("Citizen screen"), "F9", window.citizen_screen, None),
            (self.tr("Change my password…"), "", self.change_password, None),
            (self.tr("Accounts…"), "", self.manage_accounts, Permission.ACCOUNTS),
            (self.tr("Lock the window"), "Ctrl+L", window.locking.lock, None),
        ]

    # --- the dialogs ---------------------------------------------------------------------

    def reconciliation(self) -> None:
        from counter_app.ui.reconciliation import ReconciliationDialog

        ReconciliationDialog(self._services, self._username, self._window).open()

    def queue_figures(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from counter_app.ui.queue_stats import QueueStatsDialog

        desk = self._window.queue_desk
        if desk is None:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Queue figures"),
                self.tr("This counter is not enrolled with a ward server: it has no queue."),
                parent=self._window,
            )
            # Our own button word: Qt's translations are not shipped (its "OK" stayed English).
            box.addButton(self.tr("Close"), QMessageBox.ButtonRole.AcceptRole)
            box.open()
            return
        scale = self._services.queue.rating_scale()
        labels = {choice.key: choice.label for choice in scale.choices}
        today = self._services.clock.now().date()
        QueueStatsDialog(desk.stats, today, labels, self._window).open()

    def bank_account(self) -> None:
        from counter_app.ui.bank_dialog import BankAccountDialog

        BankAccountDialog(self._services, self._username, self._window).open()

    def register_book(self) -> None:
        from counter_app.ui.dossier_detail import not_opened_text, open_in_viewer
        from counter_app.ui.register_dialog import RegisterDialog

        dialog = RegisterDialog(self._services.clock.now().date(), self._window)
        if not dialog.exec():
            return
        start, end = dialog.answer()
        try:
            draw = self._services.forms.prepare_register(start, end)
        except DomainError as error:
            self._window.statusBar().showMessage(error_text(error), 8000)
            return
        target = self._services.path.parent / "papers" / f"so-theo-doi-{start}-{end}.pdf"

        def work() -> Path:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(draw())
            return target

        def written(path: Path) -> None:
            if not open_in_viewer(path):
                self._window.statusBar().showMessage(not_opened_text(path), 30_000)

        run_in_background(self._window, work, written)

    def printer_settings(self) -> None:
        from counter_app.ui.printer_panel import PrinterSettingsDialog

        dialog = PrinterSettingsDialog(self._services, self._username, self._window)
        dialog.finished.connect(lambda _: self._window.wake_printer())
        dialog.open()

    def scanner_settings(self) -> None:
        from counter_app.ui.scanner_dialog import ScannerSettingsDialog

        link = self._window.serial_scanner
        ScannerSettingsDialog(self._services, self._username, link, self._window).open()

    def change_password(self) -> None:
        from counter_app.ui.access import ChangePasswordDialog

        ChangePasswordDialog(self._services, self._username, self._window).open()

    def manage_accounts(self) -> None:
        from counter_app.ui.access import AccountsDialog

        dialog = AccountsDialog(self._services, self._username, self._window)
        dialog.lock_changed.connect(self._window.locking.set_minutes)
        dialog.open()
