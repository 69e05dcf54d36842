"""Windows and dialogs no bigger than the screen they open on.

The counter window is laid out for 1366×768 and a dossier's detail for 900×640, but
``resize`` counts neither the title bar nor the taskbar: on the counters' usual 1366×768
screen the window's status bar opened under the taskbar, and on a 1024×600 one a
dossier's detail opened with its actions and its Close button below the screen's edge.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

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
