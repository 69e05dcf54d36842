"""Today's dossiers and the search: a filtered model/view list, overdue at a glance."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.app import Services
from counter_app.domain.dossiers import Dossier, Status
from counter_app.domain.errors import DomainError
from counter_app.services.dossiers import DossierQuery
from counter_app.ui.messages import error_label, error_text
from counter_app.ui.models import DossierTableModel, status_label
from counter_app.ui.name_combo import ElidingComboBox
from counter_app.ui.screen_fit import narrow_to_a_name

APPLICANT = 1  # the applicant's column
# The officers' filter, in characters ("X"-wide): "Quản trị viên" whole, a longer name
# cut with "…" (whole in its tooltip and its open list). As wide as its longest name,
# an account named with its 100 characters held the counter window at 1,536 px, past a
# 1366-wide screen; at 12 the window still fits a 1024-wide one in English.
OFFICER_LENGTH = 12


class DossierList(QWidget):
    opened = Signal(object)  # the Dossier the officer wants to see

    def __init__(self, services: Services, officer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._officer = officer
        self.model = DossierTableModel(services.clock.now(), self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Search by name, ID number, phone or dossier code (Ctrl+F)")
        )
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem(self.tr("All states"), None)
        self.status.addItem(self.tr("Open"), "open")
        for status in Status:
            self.status.addItem(status_label(status), status.value)
        self.period = QComboBox()
        for label, days in (
            (self.tr("Today"), 1),
            (self.tr("7 days"), 7),
            (self.tr("30 days"), 30),
            (self.tr("All"), None),
        ):
            self.period.addItem(label, days)
        self.overdue = QCheckBox(self.tr("Overdue"))
        self.officer = ElidingComboBox(OFFICER_LENGTH)
        self._all_officers = services.dossiers.may_see_others(officer)
        if self._all_officers:
            self.officer.add_name(self.tr("All officers"), None)
        for account in services.accounts.officers():
            if self._all_officers or account.username == officer:
                self.officer.add_name(account.full_name, account.username)
        self.officer.setEnabled(self._all_officers)
        if not self._all_officers:
            self.officer.set_note(
                self.tr("A search finds every dossier; lists of others' work are the head's")
            )
        self.heading = QLabel()
        self.message = error_label()
        self.view = self._table()
        self._layout()
        for signal in (
            self.search.textChanged,
            self.status.currentIndexChanged,
            self.period.currentIndexChanged,
            self.overdue.toggled,
            self.officer.currentIndexChanged,
        ):
            signal.connect(self.refresh)
        self.view.doubleClicked.connect(
            lambda index: self.opened.emit(self.model.dossier(index.row()))
        )
        self.view.activated.connect(lambda index: self.opened.emit(self.model.dossier(index.row())))
        self.refresh()

    def _table(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        # Fitted to the rows once per refresh (refresh() below), not on every layout pass:
        # ResizeToContents asks the model for every cell again at each resize and paint.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        return view

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for widget in (self.status, self.period, self.officer, self.overdue):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.heading)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(self.search)
        column.addLayout(filters)
        column.addWidget(self.message)
        column.addWidget(self.view)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def current_query(self) -> DossierQuery:
        chosen = self.status.currentData()
        return DossierQuery(
            text=self.search.text(),
            status=Status(chosen) if chosen and chosen != "open" else None,
            open_only=chosen == "open",
            officer=self._listed_officer(),
            days=self.period.currentData(),
            overdue=self.overdue.isChecked(),
        )

    def _listed_officer(self) -> str | None:
        """Whose dossiers are listed: an officer without the head's view lists their own,
        and searches everyone's."""
        if not self._all_officers:
            return None if self.search.text().strip() else self._officer
        return self.officer.currentData()

    def refresh(self) -> None:
        self.message.hide()
        try:
            found = self._services.dossiers.listing(self.current_query(), self._officer)
        except DomainError as error:
            self.model.set_dossiers([], self._services.clock.now())
            self.heading.clear()
            self.message.setText(error_text(error))
            self.message.show()
            return
        self.model.set_dossiers(found, self._services.clock.now())
        self.view.resizeColumnsToContents()
        self._narrow_applicant()
        self.heading.setText(self.tr("%n dossier(s)", "", len(found)))

    def _narrow_applicant(self) -> None:
        """One applicant's name of up to 100 characters pushed the procedure, the dates,
        the status and the fee out of sight. The name cut short ends in "…"; its tooltip
        has it whole."""
        narrow_to_a_name(self.view, APPLICANT)

    def select(self, dossier: Dossier) -> None:
        for row in range(self.model.rowCount()):
            if self.model.dossier(row).id == dossier.id:
                self.view.selectRow(row)
                return
