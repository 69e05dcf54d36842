"""Counter → Scanner…: the serial port of a scanner in USB-COM mode, its speed, and the
last scan (masked: no whole ID number on screen) to see that it reads."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from counter_app.app import Services
from counter_app.domain.errors import DomainError
from counter_app.domain.scans import Scan, shown_scan
from counter_app.services.scanning import BAUD_RATES
from counter_app.ui.dialogs import ok_cancel
from counter_app.ui.messages import error_label, error_text
from counter_app.ui.name_combo import PORT_WIDTH, NameComboBox
from counter_app.ui.serial_scanner import ScannerStatusLabel, SerialScannerLink


class ScannerSettingsDialog(QDialog):
    def __init__(
        self,
        services: Services,
        officer: str,
        link: SerialScannerLink,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._officer = officer
        self._link = link
        self.setWindowTitle(self.tr("Scanner"))
        current = services.scanning.settings()
        self.port = NameComboBox(PORT_WIDTH)
        self.port.setEditable(True)
        self.port.add_name(self.tr("None (keyboard mode)"), "")
        for port in services.scanning.ports():
            shown = f"{port.device} — {port.description}" if port.description else port.device
            self.port.add_name(shown, port.device)
        found = self.port.findData(current.port or "")
        if found >= 0:
            self.port.setCurrentIndex(found)
        else:
            self.port.setEditText(current.port or "")
        self.baudrate = QComboBox()
        for rate in BAUD_RATES:
            self.baudrate.addItem(str(rate), rate)
        self.baudrate.setCurrentIndex(max(self.baudrate.findData(current.baudrate), 0))
        self.status = ScannerStatusLabel(link)
        self.last_scan = QLabel()
        self.last_scan.setWordWrap(True)
        self.last_scan.setTextFormat(Qt.TextFormat.PlainText)
        self._show_scan(link.last_scan)
        link.scanned.connect(self._show_scan)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Speed (baud)"), self.baudrate)
        form.addRow(self.tr("State"), self.status)
        form.addRow(self.tr("Last scan"), self.last_scan)
        hint = QLabel(
            self.tr(
                "Set the scanner to its USB-COM (serial) mode with the barcode in its manual: "
                "in keyboard mode it drops the Vietnamese letters."
            )
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self.tr("Save"), self.save, self.reject))
        self.setMinimumWidth(480)

    def chosen_port(self) -> str | None:
        """The listed device (its data), or what was typed when it is not in the list."""
        text = self.port.currentText().strip()
        index = self.port.findText(text)
        data = self.port.itemData(index) if index >= 0 else text
        return str(data) or None

    def _show_scan(self, scan: Scan | None) -> None:
        if scan is None:
            self.last_scan.setText(self.tr("Nothing scanned yet"))
            return
        text = shown_scan(scan.text)
        if scan.damaged:
            text += " " + self.tr("(some bytes were not UTF-8)")
        self.last_scan.setText(text)

    def save(self) -> None:
        self.error.hide()
        try:
            config = self._services.scanning.configure(
                self.chosen_port(), int(self.baudrate.currentData()), self._officer
            )
        except DomainError as error:
            self.error.setText(error_text(error))
            self.error.show()
            return
        self._link.restart(config)
        self.accept()
