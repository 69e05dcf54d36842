"""The citizen rates the service on their screen (DOMAIN.md §9), by touch or mouse.

After the officer finishes a ticket the citizen's screen asks "how satisfied are you?"
with one big button per answer of the installation's scale (by default Rất hài lòng /
Hài lòng / Bình thường / Không hài lòng). An unhappy answer asks for a reason with a few
big buttons (Chờ lâu, Thái độ, Hướng dẫn chưa rõ, Khác); then the screen thanks the
citizen and goes back to its welcome. A citizen who walks away leaves nothing behind:
after ``idle_ms`` without a touch the question is dropped (an unhappy answer already
given is kept, without a reason).

The view only asks: :attr:`RatingView.answered` carries the answer to whoever sends it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.queue import DEFAULT_SCALE, RatingChoice, RatingScale

RATING_IDLE_MS = 30_000  # no touch for this long: the citizen has gone
THANKS_SHOWN_MS = 6_000
QUESTION, REASON, THANKS = range(3)
# The answers' colours from the best to the worst; an unhappy answer is always red.
COLOURS = ("#1b5e20", "#2e7d32", "#8d6e00", "#c43e00", "#8e2430", "#6a1b9a", "#37474f")
UNHAPPY = "#b00020"
STYLE = """
RatingView { background: white; }
QLabel { color: #1a237e; }
QLabel#question { font-size: 30pt; font-weight: bold; }
QLabel#ticket { font-size: 20pt; }
QLabel#thanks { font-size: 36pt; font-weight: bold; color: #1b5e20; }
QPushButton#answer { font-size: 26pt; font-weight: bold; color: white; border: none;
    border-radius: 22px; padding: 20px; }
QPushButton#reason { font-size: 24pt; font-weight: bold; color: #1a237e; background: #eef2fb;
    border: 3px solid #1a237e; border-radius: 18px; padding: 18px; }
QPushButton#reason:pressed { background: #c5d0ea; }
"""


def _label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # the citizen's screen shows no markup
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


def _big_button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    button.setMinimumHeight(110)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


class RatingView(QWidget):
    """Question, reason (when unhappy), thanks; ``done`` when it should give way."""

    answered = Signal(str, str)  # the scale's key, the reason ("" when none)
    done = Signal()

    def __init__(
        self,
        scale: RatingScale = DEFAULT_SCALE,
        idle_ms: int = RATING_IDLE_MS,
        thanks_ms: int = THANKS_SHOWN_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.scale = scale
        self.label = ""
        self.choice: RatingChoice | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._question_page())
        self.pages.addWidget(self._reason_page())
        self.pages.addWidget(self._thanks_page())
        QVBoxLayout(self).addWidget(self.pages)
        self.idle = QTimer(self, singleShot=True, interval=idle_ms)
        self.idle.timeout.connect(self._walked_away)
        self.thanks_timer = QTimer(self, singleShot=True, interval=thanks_ms)
        self.thanks_timer.timeout.connect(self._thanked)

    def _question_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setSpacing(18)
        column.addWidget(_label(self.tr("How satisfied are you with the service?"), "question"))
        self.ticket = _label("", "ticket")
        column.addWidget(self.ticket)
        grid = QGridLayout()
        grid.setSpacing(24)
        self.answer_buttons: list[QPushButton] = []
        for index, choice in enumerate(self.scale.choices):
            button = _big_button(choice.label, "answer")
            colour = UNHAPPY if choice.unhappy else COLOURS[index % len(COLOURS)]
            button.setStyleSheet(f"background: {colour};")
            button.clicked.connect(lambda _=False, c=choice: self._chosen(c))
            grid.addWidget(button, index // 2, index % 2)
            self.answer_buttons.append(button)
        column.addLayout(grid, 1)
        return page

    def _reason_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setSpacing(18)
        column.addWidget(_label(self.tr("What did not satisfy you?"), "question"))
        column.addWidget(_label(self.tr("Touch one answer."), "ticket"))
        grid = QGridLayout()
        grid.setSpacing(24)
        self.reason_buttons: list[QPushButton] = []
        for index, reason in enumerate(self.scale.reasons):
            button = _big_button(reason, "reason")
            button.clicked.connect(lambda _=False, r=reason: self._reason(r))
            grid.addWidget(button, index // 2, index % 2)
            self.reason_buttons.append(button)
        column.addLayout(grid, 1)
        return page

    def _thanks_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(_label(self.tr("Thank you for your rating!"), "thanks"))
        column.addStretch(1)
        return page

    # --- the flow ------------------------------------------------------------------------

    def ask(self, label: str) -> None:
        """Ask about ticket ``label`` from the first question."""
        self.label = label
        self.choice = None
        self.ticket.setText(self.tr("Ticket %1").replace("%1", label) if label else "")
        self.thanks_timer.stop()
        self.pages.setCurrentIndex(QUESTION)
        self.idle.start()

    def stop(self) -> None:
        self.idle.stop()
        self.thanks_timer.stop()

    def _chosen(self, choice: RatingChoice) -> None:
        self.choice = choice
        if choice.unhappy and self.scale.reasons:
            self.pages.setCurrentIndex(REASON)
            self.idle.start()  # a touch: the time starts again
            return
        self._answer("")

    def _reason(self, reason: str) -> None:
        self._answer(reason)

    def _answer(self, reason: str) -> None:
        self.idle.stop()
        if self.choice is not None:
            self.answered.emit(self.choice.key, reason)
        self.pages.setCurrentIndex(THANKS)
        self.thanks_timer.start()

    def _thanked(self) -> None:
        self.done.emit()  # a slot of its own: emit() returns a bool, a slot must not

    def _walked_away(self) -> None:
        """No touch for a while: an unhappy answer given stays (without a reason)."""
        if self.pages.currentIndex() == REASON and self.choice is not None:
            self.answered.emit(self.choice.key, "")
        self.done.emit()


def screenshot(
    path: Path, page: int = QUESTION, size: tuple[int, int] = (1024, 768), label: str = "A012"
) -> Path:
    """A PNG of the rating screen (``QUESTION``, ``REASON`` or ``THANKS``) with the default
    scale, as the citizen's screen shows it. A QApplication must exist."""
    view = RatingView()
    view.resize(*size)
    view.ask(label)
    if page == REASON:
        view._chosen(DEFAULT_SCALE.choices[-1])
    elif page == THANKS:
        view._chosen(DEFAULT_SCALE.choices[0])
    view.stop()
    app = QApplication.instance()
    if app is not None:
        app.processEvents()
    if not view.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    view.deleteLater()
    return path
