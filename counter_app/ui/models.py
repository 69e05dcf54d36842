"""Qt table models over the services' values (no SQL here)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from counter_app.domain.dossiers import Dossier, Status
from counter_app.domain.procedures import Procedure
from counter_app.services.dossiers import OPEN
from counter_app.ui.tooltips import as_written

Index = QModelIndex | QPersistentModelIndex


def status_label(status: Status) -> str:
    labels = {
        Status.RECEIVED: QCoreApplication.translate("Status", "Received"),
        Status.IN_PROCESSING: QCoreApplication.translate("Status", "In processing"),
        Status.SUPPLEMENT_REQUESTED: QCoreApplication.translate("Status", "Supplement requested"),
        Status.RESULT_READY: QCoreApplication.translate("Status", "Result ready"),
        Status.RETURNED: QCoreApplication.translate("Status", "Returned"),
        Status.REFUSED: QCoreApplication.translate("Status", "Refused"),
        Status.WITHDRAWN: QCoreApplication.translate("Status", "Withdrawn"),
        Status.STOPPED: QCoreApplication.translate("Status", "Stopped"),
    }
    return labels[status]


def money(amount: int) -> str:
    """1234567 → "1.234.567 đ", the Vietnamese way of grouping digits."""
    return f"{amount:,} đ".replace(",", ".")


def fee_label(total: int | None) -> str:
    """A dossier's fee: its amount, or "not determined" when the unit has not set it
    (never shown as 0 đ, which would read as free)."""
    if total is None:
        return QCoreApplication.translate("Fees", "not determined")
    return money(total)


def short_code(code: str) -> str:
    """YYMMDD-XXXX: the agency part is the same on every row of a counter."""
    return code.split("-", 1)[-1]


OVERDUE = "#fde2e1"
DUE_TODAY = "#fff4c2"
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class DossierTableModel(QAbstractTableModel):
    """Today's dossiers: code, applicant, procedure, received, due, status, fee."""

    def __init__(self, now: datetime, parent: object = None) -> None:
        super().__init__(parent)
        self._rows: list[Dossier] = []
        self._texts: list[list[str]] = []
        self._backgrounds: list[QBrush | None] = []
        self._now = now

    def headers(self) -> list[str]:
        return [
            self.tr("Code"),
            self.tr("Applicant"),
            self.tr("Procedure"),
            self.tr("Received"),
            self.tr("Due"),
            self.tr("Status"),
            self.tr("Fee"),
        ]

    def set_dossiers(self, dossiers: list[Dossier], now: datetime) -> None:
        self.beginResetModel()
        self._rows = list(dossiers)
        self._now = now
        # The view asks for each cell again and again (every layout pass of the columns
        # sized to their contents, every paint): what it shows is made once per list.
        self._texts = [self._row_texts(dossier) for dossier in self._rows]
        self._backgrounds = [self._background(dossier) for dossier in self._rows]
        self.endResetModel()

    def dossier(self, row: int) -> Dossier:
        return self._rows[row]

    def dossiers(self) -> list[Dossier]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._backgrounds[row]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (0, 1, 2):
            dossier = self._rows[row]
            return as_written(  # a catalogue's name with "<b>" is shown as written
                [
                    dossier.code,
                    dossier.applicant.full_name,  # cut in a narrow column when very long
                    f"{dossier.procedure_code} · {dossier.procedure_name}",
                ][index.column()]
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 6:
            return RIGHT
        return None

    def _background(self, dossier: Dossier) -> QBrush | None:
        """Overdue in red, due today in yellow: what needs the officer first."""
        if dossier.status not in OPEN:
            return None
        if dossier.due_at < self._now:
            return QBrush(QColor(OVERDUE))
        if dossier.due_at.date() == self._now.date():
            return QBrush(QColor(DUE_TODAY))
        return None

    def _row_texts(self, d: Dossier) -> list[str]:
        return [
            short_code(d.code),
            d.applicant.full_name,
            d.procedure_name,
            f"{d.received_at:%H:%M %d/%m}",
            f"{d.due_at:%H:%M %d/%m/%y}",
            status_label(d.status),
            fee_label(d.fee_total),
        ]


class ProcedureTableModel(QAbstractTableModel):
    """The catalogue in force: code, name, field, time limit, documents."""

    def __init__(self, procedures: list[Procedure], parent: object = None) -> None:
        super().__init__(parent)
        self._rows = procedures

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Code"), self.tr("Procedure"), self.tr("Field"), self.tr("Time limit")][
                section
            ]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        p = self._rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            # A catalogue's name runs to some 200 characters: its cell ends in "…" after
            # two lines, and its tooltip has it whole, as written.
            return as_written(p.name)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return [p.code, p.name, p.field, self._limit(p)][index.column()]

    def _limit(self, procedure: Procedure) -> str:
        limit = procedure.time_limit
        if limit.same_day:
            return self.tr("Same day")
        return (
            self.tr("%n working day(s)", "", int(limit.days))
            if limit.days == int(limit.days)
            else self.tr("%1 working days").replace("%1", str(limit.days))
        )
