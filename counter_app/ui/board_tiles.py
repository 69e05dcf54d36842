"""The board's look: its style sheet at a scale, and the tiles it shows each counter on.

A tile holds a counter's name ("Quầy 3", or the name the server gives it) and the number
it serves, big, in letters fitted to the tile (:class:`FittedLabel`): the TV is read from
across the waiting room.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from counter_app.queue.live import Ticket
from counter_app.ui.screen_fit import scaled

TITLE_PX, TITLE_MIN_PX = 36, 22  # a counter's name on its tile
NAVY, DEEP, GOLD, RED = "#0a1f4d", "#06142f", "#ffc107", "#c62828"
# A tile's width at scale 1, as five tiles have beside the latest calls on a 1920×1080 TV:
# its number as big as a latest call's, a counter's long name on two lines.
TILE_WIDTH_PX = 240


def style(scale: float) -> str:
    """The board's style sheet with its sizes times ``scale``."""

    def px(size: int) -> str:
        return f"{round(size * scale)}px"

    return f"""
BoardWindow {{ background: {DEEP}; }}
QLabel {{ color: white; background: transparent; }}
QFrame#header {{ background: {NAVY}; }}
QLabel#ward {{ font-size: {px(46)}; font-weight: bold; }}
QLabel#date {{ font-size: {px(32)}; }}
QLabel#time {{ font-size: {px(64)}; font-weight: bold; color: {GOLD}; }}
QLabel#offline {{ background: {RED}; font-size: {px(38)}; font-weight: bold; padding: {px(12)}; }}
QLabel#heading {{ font-size: {px(34)}; font-weight: bold; color: #b8c7e8; }}
QFrame#tile {{ background: {NAVY}; border: {px(3)} solid #25407f; border-radius: {px(18)}; }}
QFrame#tile[fresh="on"] {{ background: {GOLD}; border-color: {GOLD}; }}
QFrame#tile[fresh="off"] {{ background: {NAVY}; border-color: {GOLD}; }}
QFrame#tile[fresh="on"] QLabel {{ color: {DEEP}; }}
QLabel#counter {{ color: #b8c7e8; }}
QLabel#serving[idle="true"] {{ color: #5d6f99; }}
QLabel#page {{ font-size: {px(28)}; color: #b8c7e8; }}
QFrame#calls {{ background: {NAVY}; border-radius: {px(18)}; }}
QLabel#callTicket {{ font-size: {px(56)}; font-weight: bold; }}
QLabel#callCounter {{ font-size: {px(38)}; }}
QLabel[latest="true"] {{ color: {GOLD}; }}
QFrame#area {{ background: {NAVY}; border-radius: {px(14)}; }}
QLabel#areaName {{ font-size: {px(30)}; }}
QLabel#areaWaiting {{ font-size: {px(44)}; font-weight: bold; color: {GOLD}; }}
"""


def plain_label(
    name: str, text: str = "", align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter
) -> QLabel:
    """Plain text: the ward's, the counters' and the areas' names come from the server and
    are shown as written, never read as markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setObjectName(name)
    label.setAlignment(align)
    return label


def restyle(widget: QWidget, name: str, value: str) -> None:
    """Set a property the style sheet reads, and have it and its labels styled anew."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        for child in widget.findChildren(QLabel):
            child.style().unpolish(child)
            child.style().polish(child)


class FittedLabel(QLabel):
    """Bold text as big as its space allows, whatever the font (a TV seen from afar).

    ``sample`` is the widest text it must take, so that the numbers of all tiles are of
    one size; its size policy lets the layout give it its space, not the other way round.
    """

    def __init__(self, name: str, sample: str, height_share: float = 0.8) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)  # a ticket's label comes from the server
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._sample = sample
        self._share = height_share

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        font = QFont(self.font())
        font.setBold(True)
        size = max(int(self.height() * self._share), 8)
        font.setPixelSize(size)
        sample = max(self.text(), self._sample, key=len)
        wide = QFontMetrics(font).horizontalAdvance(sample)
        room = self.width() * 0.9
        if wide > room:
            font.setPixelSize(max(int(size * room / wide), 8))
        self.setFont(font)


class CounterTile(QFrame):
    """One counter: "Quầy 3" and the number called there."""

    def __init__(self, number: int, name: str, parent: QWidget, scale: float = 1.0) -> None:
        super().__init__(parent)
        self.number = number
        self.name = name  # as the server gave it: "" shows "Quầy N"
        self.scale = scale  # the board's (style)
        self.setObjectName("tile")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.serving = False
        self.title = plain_label(
            "counter", name or self.tr("Counter %1").replace("%1", str(number))
        )
        # A long name ("Quầy tiếp nhận hồ sơ đất đai và xây dựng") goes on two lines, in
        # smaller letters if need be: the tiles keep one width, the board stays on the TV
        # and the name never takes the ticket number's room.
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.ticket = FittedLabel("serving", "A000", 0.75)
        column = QVBoxLayout(self)
        column.addWidget(self.title)
        column.addWidget(self.ticket, 1)
        self.set_scale(scale)

    def set_scale(self, scale: float) -> None:
        """Two lines of the name's biggest letters at ``scale``, and margins to suit."""
        self.scale = scale
        self.layout().setContentsMargins(*scaled(scale, 10, 8, 10, 8))
        self.title.setFont(self._title_font(round(TITLE_PX * scale)))
        self.title.setFixedHeight(2 * QFontMetrics(self.title.font()).lineSpacing())
        self._fit_title()

    def minimumSizeHint(self) -> QSize:
        """No narrower than :data:`TILE_WIDTH_PX` at the board's scale: on a 1024×768 TV
        the tiles took the width the latest calls left, 93 pixels, cut "Quầy" at both
        edges and drew their numbers at 20 pixels beside calls at 50."""
        hint = super().minimumSizeHint()
        return QSize(max(hint.width(), round(TILE_WIDTH_PX * self.scale)), hint.height())

    def _title_font(self, size: int) -> QFont:
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPixelSize(size)
        return font

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_title()

    def _fit_title(self) -> None:
        """The biggest letters, down to :data:`TITLE_MIN_PX`, that hold the whole name;
        on one line when that costs at most a quarter of their size: "Quầy 1" broken
        after "Quầy" read as two names on a 1366×768 TV."""
        text, width = self.title.text(), self.title.width()
        room = QRect(0, 0, width, 100_000)
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter
        biggest, smallest = round(TITLE_PX * self.scale), round(TITLE_MIN_PX * self.scale)
        wrapped = smallest
        for size in range(biggest, smallest - 1, -1):
            metrics = QFontMetrics(self._title_font(size))
            if metrics.boundingRect(room, flags, text).height() <= self.title.height():
                wrapped = size
                break
        size = wrapped
        for one_line in range(wrapped, max(smallest, round(wrapped * 0.75)) - 1, -1):
            if QFontMetrics(self._title_font(one_line)).horizontalAdvance(text) <= width:
                size = one_line
                break
        self.title.setFont(self._title_font(size))

    def show_ticket(self, ticket: Ticket | None) -> None:
        self.serving = ticket is not None
        self.ticket.setText(ticket.label if ticket is not None else "—")
        self.ticket.fit()
        restyle(self.ticket, "idle", "false" if ticket is not None else "true")
