"""The counter window and its large dialogs open no bigger than the screen: the test
screen (Qt's offscreen one, 800×800) is smaller than their usual sizes, as a 1024×600
counter is, or a 1366×768 one once the title bar and the taskbar are counted."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.reception import parse_reception
from counter_app.storage import officers
from counter_app.ui.access import AccountsDialog
from counter_app.ui.dossier_detail import DossierDetail
from counter_app.ui.main_window import MainWindow
from counter_app.ui.queue_stats import QueueStatsDialog
from counter_app.ui.screen_fit import FRAME, show_fitted


def fits(widget: QWidget) -> bool:
    area = QGuiApplication.primaryScreen().availableGeometry()
    frame = widget.size() + FRAME
    return frame.width() <= area.width() and frame.height() <= area.height()


def unreachable(_day: str) -> dict[str, Any]:
    raise OSError("the ward server is not started in this test")


def test_the_offscreen_screen_is_smaller_than_the_window(qapp: QApplication) -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert area.width() < 900 + FRAME.width()  # else these tests prove nothing


def test_a_dossiers_detail_fits_the_screen(qtbot: Any, services: Services) -> None:
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    shown = DossierDetail(services, "admin", dossier)
    qtbot.addWidget(shown)
    assert fits(shown), shown.size()


def test_the_accounts_and_the_queue_figures_fit_the_screen(qtbot: Any, services: Services) -> None:
    accounts = AccountsDialog(services, "admin")
    figures = QueueStatsDialog(unreachable, date(2026, 11, 23))
    for dialog in (accounts, figures):
        qtbot.addWidget(dialog)
        assert fits(dialog), (type(dialog).__name__, dialog.size())


def test_the_counter_window_is_maximized_where_it_does_not_fit(
    qtbot: Any, services: Services
) -> None:
    admin = officers.by_username(services.db, "admin")
    assert admin is not None
    window = MainWindow(services, admin)
    qtbot.addWidget(window)
    show_fitted(window)
    assert window.isMaximized()
    window.close()


def test_a_queue_screen_takes_the_biggest_scale_that_fits(qtbot: Any) -> None:
    """A box that asks 400 × 300 pixels times the scale, on a 330 × 300 screen: 0.8 fits,
    0.85 does not; on a screen too small for any, the smallest scale is kept."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QFrame, QLayout, QVBoxLayout

    from counter_app.ui.screen_fit import SCALES, fit_scale

    window = QWidget()
    qtbot.addWidget(window)
    column = QVBoxLayout(window)
    column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    column.setContentsMargins(0, 0, 0, 0)
    box = QFrame()
    column.addWidget(box)
    chosen: list[float] = []

    def set_scale(scale: float) -> None:
        chosen.append(scale)
        box.setMinimumSize(QSize(400, 300) * scale)

    window.resize(330, 300)
    fit_scale(window, set_scale)
    assert chosen[-1] == 0.8 and window.minimumSizeHint().width() <= 330
    window.resize(100, 100)
    fit_scale(window, set_scale)
    assert chosen[-1] == SCALES[-1] == 0.5
