"""The printer as the officer sees it: a status line, the settings, the test page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.app import Services
from counter_app.domain.errors import DomainError
from counter_app.services.printing import BAUD_RATES, PrinterStatus
from counter_app.ui.dialogs import ok_cancel
from counter_app.ui.messages import error_label, error_text
from counter_app.ui.name_combo import PORT_WIDTH, NameComboBox
from counter_app.ui.printer_words import job_line, status_words
from counter_app.ui.status_label import SHORT_STATE, StatusLabel

PROBLEM_STYLE = "color: #b00020; font-weight: bold;"


def serial_ports() -> list[str]:
    """The serial ports of this PC (COM3, /dev/ttyUSB0...), for the settings dialog."""
    from serial.tools import list_ports  # pyserial's port scanner: only when the dialog opens

    return sorted(port.device for port in list_ports.comports())


class PrinterStatusLabel(StatusLabel):
    """Status bar text: ready, or what is wrong and how many papers wait."""

    def __init__(self, services: Services, status: Callable[[], PrinterStatus | None]) -> None:
        super().__init__(narrowest=SHORT_STATE)
        self._services = services
        self._status = status
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self.refresh)
        self.refresh()

    # Polls only while shown: a closed window stops asking the database.
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        printing = self._services.printing
        if not printing.settings().url:
            self.setText(self.tr("Printer not set up"))
            self.setStyleSheet("")
            return
        status = self._status()
        waiting = printing.waiting()
        text = status_words(status)
        if waiting:
            text += " · " + self.tr("%n paper(s) waiting", "", waiting)
        self.setText(text)
        problem = status not in (None, PrinterStatus.ONLINE, PrinterStatus.PAPER_NEAR_END)
        self.setStyleSheet(PROBLEM_STYLE if problem and waiting else "")


class PrinterSettingsDialog(QDialog):
    """Port, speed and model; a test page shows which Vietnamese encoding reads right."""

    def __init__(self, services: Services, officer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._officer = officer
        self.setWindowTitle(self.tr("Printer"))
        current = services.printing.settings()
        self.port = NameComboBox(PORT_WIDTH)
        self.port.setEditable(True)
        for device in serial_ports():
            self.port.add_name(device, device)
        self.port.setCurrentText(current.url or "")
        self.baudrate = QComboBox()
        for rate in BAUD_RATES:
            self.baudrate.addItem(str(rate), rate)
        self.baudrate.setCurrentIndex(max(self.baudrate.findData(current.baudrate), 0))
        self.profile = QComboBox()
        for name, profile in sorted(services.printing.profiles().items()):
            self.profile.addItem(profile.label, name)
        self.profile.setCurrentIndex(max(self.profile.findData(current.profile), 0))
        self.encoding = QComboBox()
        self.profile.currentIndexChanged.connect(self._fill_encodings)
        self._fill_encodings()
        self.encoding.setCurrentIndex(max(self.encoding.findData(current.encoding), 0))
        self.jobs = QListWidget()
        self.jobs.setMaximumHeight(140)
        # A paper's line goes on two lines rather than out of sight ("… — Out of paper").
        self.jobs.setWordWrap(True)
        self.jobs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for job in services.printing.jobs(20):
            self.jobs.addItem(job_line(job))
        self.error = error_label()
        self.test_button = QPushButton(self.tr("Print the test page"))
        self.test_button.clicked.connect(self.print_test)
        form = QFormLayout()
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Speed (baud)"), self.baudrate)
        form.addRow(self.tr("Printer model"), self.profile)
        form.addRow(self.tr("Vietnamese (from the test page)"), self.encoding)
        buttons = ok_cancel(self.tr("Save"), self.save, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.test_button)
        layout.addWidget(QLabel(self.tr("Recent papers")))
        layout.addWidget(self.jobs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _fill_encodings(self) -> None:
        profile = self._services.printing.profiles()[str(self.profile.currentData())]
        self.encoding.clear()
        self.encoding.addItem(
            self.tr("As the model says (%1)").replace("%1", profile.encoding), None
        )
        for number, candidate in enumerate(profile.candidates, 1):
            self.encoding.addItem(f"{number}. {candidate.name}", candidate.name)

    def _apply(self) -> bool:
        self.error.hide()
        try:
            self._services.printing.configure(
                self.port.currentText().strip() or None,
                int(self.baudrate.currentData()),
                str(self.profile.currentData()),
                self._officer,
                self.encoding.currentData(),
            )
        except DomainError as error:
            self.error.setText(error_text(error))
            self.error.show()
            return False
        return True

    def save(self) -> None:
        if self._apply():
            self.accept()

    def print_test(self) -> None:
        """The test page on the port chosen; without a port nothing would ever print it."""
        if not self.port.currentText().strip():
            self.error.setText(self.tr("Choose the printer's port first: nothing was printed."))
            self.error.show()
            return
        if self._apply():
            self._services.printing.print_self_test(self._officer)
