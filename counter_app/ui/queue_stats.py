"""The queue's figures of a day in the counter window (Counter → Queue figures…).

The same figures as ``counter-app queue stats`` (``domain.queue_stats``), asked of the
ward server off the GUI thread: the day's line on top, then a table by area, counter,
officer or procedure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.ui.background import run_in_background
from counter_app.ui.screen_fit import narrow_to_a_name, resize_to_fit

Fetch = Callable[[str], dict[str, Any]]  # YYYY-MM-DD → the figures (off the GUI thread)
GROUPS = ("by_area", "by_counter", "by_officer", "by_procedure")


class QueueStatsDialog(QDialog):
    def __init__(
        self,
        fetch: Fetch,
        today: date,
        rating_labels: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Queue figures"))
        resize_to_fit(self, 1180, 520)
        self._fetch = fetch
        self._labels = dict(rating_labels or {})
        self._figures: dict[str, Any] | None = None
        self._asking = 0  # the latest request: an older answer arriving late is dropped
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.group = QComboBox()
        for key, text in zip(GROUPS, self._group_names(), strict=True):
            self.group.addItem(text, key)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(self._columns()))
        self.table.setHorizontalHeaderLabels(self._columns())
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The names (a procedure's runs to some 200 characters) wrap within a long usual
        # name's width: fitted to the longest, they pushed the figures out of sight.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(len(self._columns()) - 1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Day")))
        top.addWidget(self.day)
        top.addSpacing(16)
        top.addWidget(QLabel(self.tr("By")))
        top.addWidget(self.group)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.day.dateChanged.connect(self._asked)
        self.group.currentIndexChanged.connect(self._regroup)
        self.load()

    def _group_names(self) -> list[str]:
        return [self.tr("Area"), self.tr("Counter"), self.tr("Officer"), self.tr("Procedure")]

    def _columns(self) -> list[str]:
        return [
            "",
            self.tr("Tickets"),
            self.tr("Served"),
            self.tr("No-shows"),
            self.tr("Average wait"),
            self.tr("Wait (90%)"),
            self.tr("Average walk"),
            self.tr("Average service"),
            self.tr("Called in time"),
            self.tr("Ratings"),
        ]

    def _asked(self, _day: QDate) -> None:
        self.load()

    def load(self) -> None:
        day = self.day.date().toString("yyyy-MM-dd")
        self.summary.setText(self.tr("Asking the queue server…"))
        self.table.setRowCount(0)
        fetch = self._fetch
        self._asking += 1
        asked = self._asking

        def done(figures: object) -> None:
            if asked == self._asking:
                self.show_figures(figures)

        def failed(error: BaseException) -> None:
            if asked == self._asking:
                self._failed(error)

        run_in_background(self, lambda: fetch(day), done, failed)

    def show_figures(self, figures: object) -> None:
        self._figures = figures if isinstance(figures, dict) else None
        if self._figures is None:
            return
        whole = self._figures["all"]
        minutes = self._figures["target_wait_s"] // 60
        self.summary.setText(
            self.tr(
                "Tickets: %1 · served: %2 · no-shows: %3 · still waiting: %4 · average wait: "
                "%5 · called within %6 minutes: %7"
            )
            .replace("%1", str(whole["tickets"]))
            .replace("%2", str(whole["served"]))
            .replace("%3", str(whole["no_show"]))
            .replace("%4", str(whole["waiting"]))
            .replace("%5", self._minutes(whole["wait_s"]["average"]))
            .replace("%6", str(minutes))
            .replace("%7", _share(whole["within_target"]))
        )
        self._regroup(self.group.currentIndex())

    def _regroup(self, _index: int) -> None:
        if self._figures is None:
            return
        groups: dict[str, Any] = self._figures[self.group.currentData()]
        rows = [*groups.items(), (self.tr("Whole day"), self._figures["all"])]
        self.table.setRowCount(len(rows))
        for row, (name, group) in enumerate(rows):
            cells = [
                name,
                str(group["tickets"]),
                str(group["served"]),
                str(group["no_show"]),
                self._minutes(group["wait_s"]["average"]),
                self._minutes(group["wait_s"]["p90"]),
                self._minutes(group["walk_s"]["average"]),
                self._minutes(group["service_s"]["average"]),
                _share(group["within_target"]),
                self._ratings(group["ratings"]),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnToContents(0)
        narrow_to_a_name(self.table, 0)
        self.table.resizeRowsToContents()

    def _minutes(self, seconds: float | None) -> str:
        if seconds is None:
            return "—"
        return self.tr("%1 min").replace("%1", f"{seconds / 60:.1f}".replace(".", ","))

    def _ratings(self, ratings: Mapping[str, int]) -> str:
        return " · ".join(f"{self._labels.get(key, key)} {count}" for key, count in ratings.items())

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, (DomainError, OSError)):
            raise error
        self.summary.setText(self.tr("The queue server did not answer; try again in a moment."))


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"
