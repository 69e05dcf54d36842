"""The kiosk's page of service areas, the one a citizen touches: whom to serve first (a
priority), then one button per area of the ward with the procedures it covers, in the
lines its button has room for, and how many wait.

Its words are the kiosk's: they keep the kiosk window's translation context
(``KioskWindow``), where the translators have them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counter_app.queue.live import Priority, QueueStatus
from counter_app.ui.screen_fit import scaled

# The kiosk's colours, its pages' and its header's.
NAVY, ORANGE, RED, GREEN = "#0d2b6b", "#c43e00", "#b00020", "#1b5e20"
AREA_BUTTON = QSize(200, 180)  # the smallest a service's button gets, at scale 1
PRIORITY_KEPT_MS = 30_000  # a priority chosen then left alone is forgotten
SHOWN_PROCEDURES = 4


def plain_label(name: str, text: str = "", wrap: bool = True) -> QLabel:
    """Plain text: the ward's, the areas' and the procedures' names come from the server
    and the catalogue, and are shown as written, never read as markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(wrap)
    return label


class ProceduresLabel(QLabel):
    """The procedures an area covers, in the lines its button has room for once the
    area's name and its waiting count are whole, one at least (the kiosk fits its
    letters to that): the last line ends with "…" when the list goes on. ``text()``
    stays the whole list."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setObjectName("areaProcedures")
        self.setTextFormat(Qt.TextFormat.PlainText)  # names from the catalogue, as written
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        """One line: the button grows it with what room it has left (its stretch)."""
        return QSize(0, self.fontMetrics().lineSpacing())

    def minimumSizeHint(self) -> QSize:
        """One line when there is a list: else the spaces over and under the labels took
        their share before it, and under a name of three lines it was left out."""
        return QSize(0, self.fontMetrics().lineSpacing() if self.text() else 0)

    def shown_lines(self) -> list[str]:
        """The lines drawn: those that fit its height, the last cut with "…" if the
        list goes on."""
        lines = self._lines()
        room = self.height() // self.fontMetrics().lineSpacing()
        shown = [self.text()[start:end].strip() for start, end in lines[:room]]
        if 0 < room < len(lines):
            rest = self.text()[lines[room - 1][0] :]
            cut = self.fontMetrics().elidedText(rest, Qt.TextElideMode.ElideRight, self.width())
            shown[-1] = cut
        return shown

    def _lines(self) -> list[tuple[int, int]]:
        """Where each line of the text, wrapped at the label's width, starts and ends."""
        layout = QTextLayout(self.text(), self.font())
        option = QTextOption(Qt.AlignmentFlag.AlignCenter)
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        lines = []
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(max(self.width(), 1))
            lines.append((line.textStart(), line.textStart() + line.textLength()))
        layout.endLayout()
        return lines

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        spacing = self.fontMetrics().lineSpacing()
        lines = self.shown_lines()
        top = (self.height() - spacing * len(lines)) // 2
        for index, line in enumerate(lines):
            place = QRect(0, top + index * spacing, self.width(), spacing)
            self.style().drawItemText(
                painter,
                place,
                Qt.AlignmentFlag.AlignCenter,
                self.palette(),
                self.isEnabled(),
                line,
                self.foregroundRole(),
            )


class AreaButton(QPushButton):
    """One service area: its name, the procedures it covers, how many wait."""

    def __init__(self, prefix: str, name: str, procedures: str, scale: float = 1.0) -> None:
        super().__init__()
        self.prefix = prefix
        self.setObjectName("area")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.name = plain_label("areaName", name)
        self.procedures = ProceduresLabel(procedures)
        self.procedures.setVisible(bool(procedures))
        self.waiting = plain_label("areaWaiting")
        column = QVBoxLayout(self)
        column.addStretch(1)
        for label, stretch in ((self.name, 0), (self.procedures, 4), (self.waiting, 0)):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            column.addWidget(label, stretch)
        column.addStretch(1)
        self.set_scale(scale)

    def set_scale(self, scale: float) -> None:
        """Its margins and its smallest size at the window's scale (its letters are the
        style sheet's)."""
        self.scale = scale
        self.layout().setContentsMargins(*scaled(scale, 24, 16, 24, 16))

    def sizeHint(self) -> QSize:
        """As wide as the others whatever its name, so that the columns share the
        width alike and no name takes a line more than it needs; as high as its labels."""
        return QSize(self.minimumSizeHint().width(), self.layout().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return AREA_BUTTON * self.scale


def priority_words() -> dict[Priority, str]:
    """The priorities, as the citizen is asked them and reads them on the ticket."""
    return {
        Priority.ELDERLY: QCoreApplication.translate("KioskWindow", "Elderly person"),
        Priority.DISABILITY: QCoreApplication.translate("KioskWindow", "Person with a disability"),
        Priority.PREGNANT: QCoreApplication.translate("KioskWindow", "Pregnant woman"),
        Priority.CHILD: QCoreApplication.translate("KioskWindow", "With a child under 6"),
    }


class AreasPage(QWidget):
    """The priority choices (a second touch takes one back; one left alone is forgotten
    after :data:`PRIORITY_KEPT_MS`), a line for a notice, then the areas' buttons:
    ``touched`` with the area's prefix.

    ``procedure_names``: procedure code → name (the counter's catalogue) to list under
    each area.
    """

    touched = Signal(str)

    def __init__(self, procedure_names: Mapping[str, str]) -> None:
        super().__init__()
        self._names = dict(procedure_names)
        self.buttons: list[AreaButton] = []
        self._columns = 0
        self.column = column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        touch = QCoreApplication.translate("KioskWindow", "Touch the service you need")
        column.addWidget(plain_label("instruction", touch))
        priority = QCoreApplication.translate("KioskWindow", "Priority — touch if you are:")
        column.addWidget(plain_label("priorityTitle", priority))
        self.priority_grid = QGridLayout()
        self.priorities = QButtonGroup(self)
        self.priorities.setExclusive(False)  # a second touch takes the choice back
        for priority, words in priority_words().items():
            button = QPushButton(words)
            button.setObjectName("priority")
            button.setCheckable(True)
            button.setProperty("priority", priority.value)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.priorities.addButton(button)
        self.priorities.buttonToggled.connect(self._priority_toggled)
        column.addLayout(self.priority_grid)
        self.notice = plain_label("notice")
        self.notice.hide()
        column.addWidget(self.notice)
        self.area_grid = QGridLayout()
        column.addLayout(self.area_grid, 1)
        self.forget_priority = QTimer(self, singleShot=True, interval=PRIORITY_KEPT_MS)
        self.forget_priority.timeout.connect(self.clear_priority)

    def make_buttons(self, areas: list[tuple[str, str, str]], scale: float) -> None:
        """One button per area (prefix, name, procedures), at the kiosk's ``scale``; the
        kiosk then arranges them."""
        for button in self.buttons:
            self.area_grid.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for prefix, name, procedures in areas:
            button = AreaButton(prefix, name, procedures, scale)
            button.clicked.connect(lambda _=False, p=prefix: self.touched.emit(p))
            self.buttons.append(button)
        self._columns = 0

    def procedures(self, codes: Sequence[str]) -> str:
        """The names of an area's procedures, the first few and how many more."""
        names = [self._names[code] for code in codes if code in self._names]
        if len(names) <= SHOWN_PROCEDURES:
            return " · ".join(names)
        more = QCoreApplication.translate("KioskWindow", "and %1 more").replace(
            "%1", str(len(names) - SHOWN_PROCEDURES + 1)
        )
        return " · ".join([*names[: SHOWN_PROCEDURES - 1], more])

    def show_waiting(self, status: QueueStatus) -> None:
        """How many wait in each area, on its button."""
        waiting = {area.prefix: area.waiting for area in status.areas}
        for button in self.buttons:
            count = waiting.get(button.prefix)
            button.waiting.setText(
                ""
                if count is None
                else QCoreApplication.translate("KioskWindow", "%1 waiting").replace(
                    "%1", str(count)
                )
            )

    def arrange(self, portrait: bool) -> None:
        """One column of wide buttons standing up, three across lying down."""
        count = len(self.buttons)
        columns = (1 if count <= 6 else 2) if portrait else (2 if count <= 4 else 3)
        if columns == self._columns:
            return
        self._columns = columns
        for index, button in enumerate(self.buttons):
            self.area_grid.addWidget(button, index // columns, index % columns)
        for index, button in enumerate(self.priorities.buttons()):
            per_row = 2 if portrait else 4
            self.priority_grid.addWidget(button, index // per_row, index % per_row)

    def set_scale(self, scale: float) -> None:
        """The buttons' margins and smallest size at the kiosk's ``scale``."""
        for button in self.buttons:
            button.set_scale(scale)

    def space(self, scale: float) -> None:
        """The page's spacings at the kiosk's ``scale``."""
        for layout, spacing in ((self.column, 24), (self.priority_grid, 16), (self.area_grid, 24)):
            layout.setSpacing(*scaled(scale, spacing))

    def set_enabled(self, usable: bool) -> None:
        for button in self.buttons:
            button.setEnabled(usable)

    def chosen_priority(self) -> Priority | None:
        checked = self.priorities.checkedButton()
        return None if checked is None else Priority(checked.property("priority"))

    def _priority_toggled(self, button: QPushButton, checked: bool) -> None:
        if checked:
            for other in self.priorities.buttons():
                if other is not button:
                    other.setChecked(False)
            self.forget_priority.start()

    def clear_priority(self) -> None:
        for button in self.priorities.buttons():
            button.setChecked(False)
