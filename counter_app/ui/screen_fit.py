"""Windows and dialogs no bigger than the screen they open on.

The counter window is laid out for 1366×768 and a dossier's detail for 900×640, but
``resize`` counts neither the title bar nor the taskbar: on the counters' usual 1366×768
screen the window's status bar opened under the taskbar, and on a 1024×600 one a
dossier's detail opened with its actions and its Close button below the screen's edge.

The queue's full-screen windows, the kiosk and the board, cannot open smaller than the
screen: they shrink their letters to it instead (:func:`fit_scale`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLayout, QTableView, QWidget

# The title bar and the frame around a window, which resize() does not count (Windows
# 10/11 at 100 %: 31 px of title bar, 8 px of frame).
FRAME = QSize(16, 40)


def available(widget: QWidget) -> QRect:
    """The part of the screen (of the widget's parent, else the primary one) that is
    not taken by the taskbar or a panel."""
    owner = widget.parentWidget() or widget
    screen = owner.screen() if owner.isVisible() else QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitted(widget: QWidget, width: int, height: int) -> QSize:
    """``width`` × ``height``, made smaller where the screen is, frame included."""
    area = available(widget)
    return QSize(
        min(width, area.width() - FRAME.width()), min(height, area.height() - FRAME.height())
    )


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    widget.resize(fitted(widget, width, height))


def show_fitted(window: QWidget) -> None:
    """Show ``window`` as it is sized, or maximized if that size and its frame do not fit
    the screen."""
    if fitted(window, window.width(), window.height()) != window.size():
        window.showMaximized()
    else:
        window.show()


LONG_USUAL_NAME = "Nguyễn Hoàng Thị Phương Thảo"  # shown whole in a column of names


def narrow_to_a_name(view: QTableView, column: int) -> None:
    """``column`` at most a long usual name wide, once fitted to its rows: one name of
    100 characters (an applicant, an officer, a procedure) pushed the other columns out
    of sight. A longer one is cut or wraps; its tooltip has it whole."""
    widest = view.fontMetrics().horizontalAdvance(LONG_USUAL_NAME) + 12
    if view.columnWidth(column) > widest:
        view.setColumnWidth(column, widest)


# --- the queue's screens ------------------------------------------------------------------
# The kiosk and the board are drawn for 1920×1080 (or standing, 1080×1920); on a ward's
# cheaper 1366×768 or 1024×768 screen they shrink every letter, padding and box by the
# biggest of these factors that keeps them whole: seen from the same place, they look
# the same.
SCALES = tuple(step / 20 for step in range(20, 9, -1))  # 1.0, 0.95, … 0.5


def fit_scale(window: QWidget, set_scale: Callable[[float], None]) -> None:
    """Call ``set_scale`` with the biggest of :data:`SCALES` at which nothing in
    ``window`` asks for more than the window's size (the smallest one if none fits).
    The window's layout must not hold it to its contents' size
    (``QLayout.SizeConstraint.SetNoConstraint``): its size is the screen's."""
    for scale in SCALES:
        set_scale(scale)
        remeasure(window)
        if fits(window):
            return


def scaled(scale: float, *sizes: int) -> list[int]:
    """Margins and spacings in pixels at ``scale``, as a style sheet's sizes are."""
    return [round(size * scale) for size in sizes]


def fits(window: QWidget) -> bool:
    """Nothing asks for more than the window, the wrapped names' lines included."""
    hint = window.minimumSizeHint()
    height = max(hint.height(), window.layout().minimumHeightForWidth(window.width()))
    return hint.width() <= window.width() and height <= window.height()


def remeasure(window: QWidget) -> None:
    """Forget the sizes every layout in ``window`` knew: until laid out again they would
    still give the last scale's, or the last orientation's."""
    for layout in window.findChildren(QLayout):
        layout.invalidate()
        owner = layout.parentWidget()
        if owner is not window and owner.layout() is layout:
            owner.updateGeometry()  # and what its parent's layout knew of it
