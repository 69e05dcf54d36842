"""The counter main window: the catalogue in force and today's dossiers.

The full reception form, detail view and queue panel come with the counter GUI;
this window already shows real data from the services.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.app import Services
from counter_app.domain.errors import DomainError
from counter_app.ui.models import DossierTableModel, ProcedureTableModel


def _table(model: object) -> QTableView:
    view = QTableView()
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _titled(title: str, *widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    heading = QLabel(title)
    heading.setStyleSheet("font-weight: bold; font-size: 11pt;")
    layout.addWidget(heading)
    for widget in widgets:
        layout.addWidget(widget)
    return box


class MainWindow(QMainWindow):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self._services = services
        unit = services.unit
        self.setWindowTitle(self.tr("Quầy Một Cửa — %1").replace("%1", unit.name))
        self.resize(1366, 768)
        self.procedures = ProcedureTableModel(
            services.reference.catalogue().in_force(services.clock.now().date()), self
        )
        self.dossiers = DossierTableModel(services.clock.now(), self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Search by name, ID number, phone or dossier code (Ctrl+F)")
        )
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self._build(unit.name, unit.counter_number)
        self.refresh()

    def _build(self, unit_name: str, counter: int) -> None:
        catalogue = _table(self.procedures)
        header = catalogue.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        catalogue.resizeRowsToContents()
        self.dossier_view = _table(self.dossiers)
        columns = self.dossier_view.horizontalHeader()
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.dossier_heading = QLabel()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(_titled(self.tr("Procedures"), catalogue))
        splitter.addWidget(
            _titled(
                self.tr("Dossiers"),
                self.search,
                self.message,
                self.dossier_heading,
                self.dossier_view,
            )
        )
        splitter.setSizes([480, 886])
        self.setCentralWidget(splitter)
        self.statusBar().showMessage(
            self.tr("%1 · Counter %2").replace("%1", unit_name).replace("%2", str(counter))
        )

    def refresh(self) -> None:
        """Today's dossiers, or the search results while the search box has text."""
        services = self._services
        text = self.search.text().strip()
        self.message.hide()
        try:
            found = services.dossiers.search(text) if text else services.dossiers.today()
        except DomainError as error:
            # No results rather than stale ones under the error.
            self.dossiers.set_dossiers([], services.clock.now())
            self.dossier_heading.clear()
            self.message.setText(error.message)
            self.message.show()
            return
        self.dossiers.set_dossiers(found, services.clock.now())
        heading = (
            self.tr("Found: %n", "", len(found))
            if text
            else self.tr("Received today: %n", "", len(found))
        )
        self.dossier_heading.setText(heading)
