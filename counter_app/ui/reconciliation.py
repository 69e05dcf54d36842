"""The day's fees at a glance: by state, totals by method, and what officers confirmed."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.app import Services
from counter_app.domain.clock import VIETNAM
from counter_app.ui.models import money


class ReconciliationDialog(QDialog):
    def __init__(self, services: Services, officer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._officer = officer
        self.setWindowTitle(self.tr("Fees of the day"))
        today = services.clock.now().date()
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setCalendarPopup(True)
        self.day.dateChanged.connect(self.refresh)
        self.summary = QLabel()
        self.confirmed = QTableWidget(0, 4)
        self.confirmed.setHorizontalHeaderLabels(
            [self.tr("Reference"), self.tr("Amount"), self.tr("Officer"), self.tr("Reason")]
        )
        columns = self.confirmed.horizontalHeader()
        # The reference, amount and officer whole (a reference was cut to "2611231000…");
        # the reason takes the rest.
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns.setStretchLastSection(True)
        # A row as high as its reason (free text, often a sentence or two), wrapped: one
        # line high, it ended in "…" with nothing to read the rest in.
        rows = self.confirmed.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Day")))
        top.addWidget(self.day)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("Paid on an officer's confirmation, not the bank's:")))
        layout.addWidget(self.confirmed)
        layout.addWidget(close)
        self.resize(720, 420)
        self.refresh()

    def refresh(self) -> None:
        day = datetime.combine(self.day.date().toPython(), time(12), VIETNAM)
        self._services.payments.expire()
        report = self._services.payments.report(day, self._officer)
        states = report["by_state"]
        totals = report["paid_total_by_method"]
        self.summary.setText(
            self.tr("Paid %1 · waiting %2 · expired %3 · cancelled %4 · refunded %5")
            .replace("%1", str(states["paid"]))
            .replace("%2", str(states["pending"]))
            .replace("%3", str(states["expired"]))
            .replace("%4", str(states["cancelled"]))
            .replace("%5", str(states["refunded"]))
            + "<br>"
            + self.tr("By transfer %1 · in cash %2 · total %3")
            .replace("%1", money(totals["qr"]))
            .replace("%2", money(totals["cash"]))
            .replace("%3", money(report["paid_total"]))
        )
        rows = report["confirmed_by_officer"]
        self.confirmed.setRowCount(len(rows))
        for index, row in enumerate(rows):
            values = [row["reference"], money(row["amount"]), row["officer"] or "", row["reason"]]
            for column, value in enumerate(values):
                self.confirmed.setItem(index, column, QTableWidgetItem(value))
