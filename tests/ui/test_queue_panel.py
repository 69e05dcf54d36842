"""The queue's strip in the counter window, and the citizen's rating, against a real ward
server (SQLite): call, recall, skip, finish, a reception linked to its ticket, refusals
and an unreachable server said in Vietnamese, the rating stored on the server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.reception import parse_reception
from counter_app.ui import background
from counter_app.ui.main_window import MainWindow
from counter_app.ui.queue_panel import FOLLOW_AFTER_SHOW_MS, QueuePanel
from counter_app.ui.rating import QUESTION, REASON, THANKS
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, issue_code, sql

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
PATIENCE_MS = 15_000
OFFLINE = "Không kết nối được máy chủ hàng đợi"


pytestmark = pytest.mark.usefixtures("vietnamese")


@pytest.fixture
def window(qtbot: QtBot, services: Services, central: CentralServer) -> Iterator[MainWindow]:
    services.sync.enrol(central.url, issue_code(central, WARD_A), "quay-1")
    shown = MainWindow(services, services.accounts.officers()[0])
    qtbot.addWidget(shown)
    shown.show()
    shown.queue_panel.start_following()  # without the start's pause
    qtbot.waitUntil(lambda: shown.queue_panel.status is not None, timeout=PATIENCE_MS)
    yield shown
    shown.close()


def take(panel: QueuePanel, count: int = 1, area: str = "A") -> list[str]:
    assert panel.desk is not None
    with panel.desk.client() as client:
        return [client.take(area).ticket.label for _ in range(count)]


def counts(panel: QueuePanel) -> list[str]:
    """The waiting counts shown, area by area."""
    return [label.text() for label in panel.findChildren(QLabel, "count")]


def settled(qtbot: QtBot, panel: QueuePanel) -> None:
    qtbot.waitUntil(lambda: not panel.busy, timeout=PATIENCE_MS)


def shows(qtbot: QtBot, panel: QueuePanel, label: str) -> None:
    """The strip shows ``label``: a status of the live queue made before the action's
    answer may arrive after it for a moment; the next one puts it right."""
    qtbot.waitUntil(lambda: panel.ticket.text() == label, timeout=PATIENCE_MS)


def ticket(central: CentralServer, label: str) -> tuple[object, ...]:
    (row,) = sql(
        central,
        "SELECT state, calls, dossier_code, procedure_code, rating, rating_reason "
        "FROM queue_tickets WHERE label = :label",
        label=label,
    )
    return row


def test_hidden_without_a_ward_server(qtbot: QtBot, services: Services) -> None:
    window = MainWindow(services, services.accounts.officers()[0])
    qtbot.addWidget(window)
    window.show()
    assert not window.queue_panel.isVisible()
    assert window.queue_desk is None
    window.close()


@SQLITE
def test_call_next_recall_skip_and_finish(
    qtbot: QtBot, window: MainWindow, central: CentralServer
) -> None:
    panel = window.queue_panel
    first, second = take(panel, 2)
    qtbot.waitUntil(lambda: "2" in counts(panel), timeout=PATIENCE_MS)
    assert not panel.recall_button.isEnabled()  # nobody at the counter yet
    qtbot.keyClick(window, Qt.Key.Key_F5)
    settled(qtbot, panel)
    assert panel.ticket.text() == first
    assert panel.caption.text() == "Quầy số 1 · đang phục vụ"
    panel.recall_button.click()
    settled(qtbot, panel)
    assert ticket(central, first)[:2] == ("called", 2)
    assert "2 lần" in panel.ticket_state.text()
    panel.skip_button.click()
    settled(qtbot, panel)
    shows(qtbot, panel, "—")
    assert ticket(central, first)[0] == "no_show"
    panel.call_next_button.click()
    settled(qtbot, panel)
    assert panel.ticket.text() == second
    panel.finish_button.click()
    settled(qtbot, panel)
    assert ticket(central, second)[0] == "done"
    shows(qtbot, panel, "—")
    panel.call_next_button.click()
    settled(qtbot, panel)
    assert panel.message.text() == "Không còn ai chờ quầy này."


@SQLITE
def test_a_reception_saved_while_serving_goes_with_the_ticket(
    qtbot: QtBot, window: MainWindow, services: Services, central: CentralServer
) -> None:
    panel = window.queue_panel
    (label,) = take(panel)
    panel.call_next_button.click()
    settled(qtbot, panel)
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    window.form.received.emit(dossier)  # what the form says when it saved one
    assert panel.message.text() == f"Hồ sơ {dossier.code} được gắn với số {label}."
    panel.finish_button.click()
    settled(qtbot, panel)
    assert ticket(central, label)[:4] == ("done", 1, dossier.code, dossier.procedure_code)


@SQLITE
def test_a_refusal_is_one_vietnamese_sentence(
    qtbot: QtBot, window: MainWindow, central: CentralServer
) -> None:
    panel = window.queue_panel
    take(panel)
    panel.call_next_button.click()
    settled(qtbot, panel)
    assert panel.desk is not None
    with panel.desk.client() as other:  # the officer started serving, on another device
        other.start(panel.desk.counter)
    panel.skip_button.click()
    settled(qtbot, panel)
    assert panel.message.text() == ("Số đang được phục vụ thì không bỏ qua được: hãy bấm Kết thúc.")


@SQLITE
def test_the_server_down_is_said_and_the_window_works_on(
    qtbot: QtBot, window: MainWindow, central: CentralServer
) -> None:
    panel = window.queue_panel
    central.kill()
    qtbot.waitUntil(lambda: panel.message.text().startswith(OFFLINE), timeout=PATIENCE_MS)
    panel.message.setText("")
    panel.call_next_button.click()  # the counter's own line now (tests/ui/test_walk_in.py)
    settled(qtbot, panel)
    assert panel.message.text() == "Không có số cấp tại quầy nào đang chờ: bấm F4 để cấp số."
    window.new_reception()  # the counter's own work goes on
    window.tabs.setCurrentIndex(1)
    assert window.catalogue.rowCount() > 0
    assert panel.call_next_button.isEnabled()


@SQLITE
def test_a_window_closed_while_its_follower_loads_never_follows(
    qtbot: QtBot, services: Services, central: CentralServer
) -> None:
    """A follower that started after the close would report to a window whose services
    are closed (a queued "offline" then read the closed database)."""
    services.sync.enrol(central.url, issue_code(central, WARD_A), "quay-1")
    closed = MainWindow(services, services.accounts.officers()[0])
    qtbot.addWidget(closed)
    closed.show()  # follow_later: a start after the pause
    closed.queue_panel.start_following()  # and one now, its modules loading off the GUI
    closed.close()
    qtbot.waitUntil(lambda: not background._running, timeout=PATIENCE_MS)
    qtbot.wait(FOLLOW_AFTER_SHOW_MS + 200)  # the pause's start comes and goes too
    assert closed.queue_panel.follower is None


def rating_window(qtbot: QtBot, window: MainWindow, idle_ms: int = 30_000) -> str:
    """The citizen's screen up, a ticket served and finished: its label."""
    citizen = window.citizen
    citizen.rating.idle.setInterval(idle_ms)
    citizen.rating.thanks_timer.setInterval(300)
    window.citizen_screen()
    panel = window.queue_panel
    (label,) = take(panel)
    panel.call_next_button.click()
    settled(qtbot, panel)
    qtbot.waitUntil(lambda: citizen.serving.text() == f"Đang phục vụ số {label}")
    panel.finish_button.click()
    settled(qtbot, panel)
    assert citizen.pages.currentWidget() is citizen.rating
    assert citizen.rating.pages.currentIndex() == QUESTION
    return label


@SQLITE
def test_the_citizen_rates_and_the_screen_welcomes_again(
    qtbot: QtBot, window: MainWindow, central: CentralServer
) -> None:
    label = rating_window(qtbot, window)
    citizen = window.citizen
    (best,) = [b for b in citizen.rating.answer_buttons if b.text() == "Rất hài lòng"]
    qtbot.mouseClick(best, Qt.MouseButton.LeftButton)
    assert citizen.rating.pages.currentIndex() == THANKS
    qtbot.waitUntil(lambda: ticket(central, label)[4] == "rat_hai_long", timeout=PATIENCE_MS)
    qtbot.waitUntil(lambda: citizen.pages.currentIndex() == 0, timeout=PATIENCE_MS)
    assert citizen.serving.text() == ""  # nobody at the counter now


@SQLITE
def test_an_unhappy_citizen_is_asked_why(
    qtbot: QtBot, window: MainWindow, central: CentralServer
) -> None:
    label = rating_window(qtbot, window)
    rating = window.citizen.rating
    (unhappy,) = [b for b in rating.answer_buttons if b.text() == "Không hài lòng"]
    qtbot.mouseClick(unhappy, Qt.MouseButton.LeftButton)
    assert rating.pages.currentIndex() == REASON
    assert ticket(central, label)[4] is None  # not before the reason
    assert [b.text() for b in rating.reason_buttons] == [
        "Chờ lâu",
        "Thái độ",
        "Hướng dẫn chưa rõ",
        "Khác",
    ]
    qtbot.mouseClick(rating.reason_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ticket(central, label)[4] is not None, timeout=PATIENCE_MS)
    assert ticket(central, label)[4:] == ("khong_hai_long", "Chờ lâu")


@SQLITE
def test_no_touch_goes_back_to_the_welcome_without_a_rating(
    qtbot: QtBot, window: MainWindow, central: CentralServer
) -> None:
    label = rating_window(qtbot, window, idle_ms=300)
    citizen = window.citizen
    qtbot.waitUntil(lambda: citizen.pages.currentIndex() == 0, timeout=PATIENCE_MS)
    assert ticket(central, label)[4] is None


def test_screenshot(qapp: QApplication, tmp_path: Path) -> None:
    from counter_app.ui import queue_panel

    path = queue_panel.screenshot(tmp_path / "queue.png")
    assert path.stat().st_size > 10_000


@SQLITE
def test_the_days_figures_open_from_the_counter_menu(qtbot: QtBot, window: MainWindow) -> None:
    from counter_app.ui.queue_stats import QueueStatsDialog

    panel = window.queue_panel
    take(panel, 2)
    panel.call_next()
    settled(qtbot, panel)
    panel.finish()
    settled(qtbot, panel)
    window.menu.queue_figures()
    dialog = window.findChild(QueueStatsDialog)
    assert dialog is not None and panel.status is not None
    served_on = date.fromisoformat(
        panel.status.day
    )  # the server's today (the window's clock is fake)
    dialog.day.setMaximumDate(QDate(served_on.year, served_on.month, served_on.day))
    dialog.day.setDate(QDate(served_on.year, served_on.month, served_on.day))
    expected = "Lấy số: 2 · đã phục vụ: 1 · vắng mặt: 0 · còn chờ: 1"
    qtbot.waitUntil(lambda: dialog.summary.text().startswith(expected), timeout=PATIENCE_MS)
    rows = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert rows == ["A", "Cả ngày"]
    assert [dialog.table.item(1, column).text() for column in (1, 2, 8)] == ["2", "1", "100%"]
    dialog.group.setCurrentIndex(1)  # by counter
    assert [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())] == [
        str(panel.desk.counter),  # type: ignore[union-attr]
        "Cả ngày",
    ]
    dialog.close()


@SQLITE
def test_working_on_a_reception_starts_the_service_of_the_called_ticket(
    qtbot: QtBot, window: MainWindow, central: CentralServer
) -> None:
    """No "start" to press: the officer's first edit after a call ends the walk."""
    panel = window.queue_panel
    (label,) = take(panel)
    panel.call_next()
    settled(qtbot, panel)
    assert ticket(central, label)[0] == "called"
    window.form.applicant.full_name.setText("Trần Thị Bình")
    qtbot.waitUntil(lambda: ticket(central, label)[0] == "serving", timeout=PATIENCE_MS)
    qtbot.waitUntil(lambda: panel.ticket_state.text() == "Đang phục vụ", timeout=PATIENCE_MS)
    (started,) = sql(central, "SELECT started_at FROM queue_tickets WHERE label = :l", l=label)
    assert started[0] is not None
    window.form.applicant.phone.setText("0912345678")  # more edits: asked once only
    panel.finish()
    settled(qtbot, panel)
    assert ticket(central, label)[0] == "done"


def test_area_names_are_shown_as_written(qtbot: QtBot) -> None:
    """The areas' names come from the ward server: on the counter's strip "<b>" vanished
    from a tooltip and turned the rest bold, and "&" could be read as an entity. Each
    name, and each area's tooltip, reads as typed."""
    from counter_app.queue.demo import demo_status
    from counter_app.ui.queue_panel import DEMO_COUNTER
    from counter_app.ui.status_label import StatusLabel
    from tests.ui.tooltips import tip_text

    names = ["<b>Hộ tịch</b>", "Đất đai & Xây dựng", "Cư trú <i>mới</i> &amp; cũ"]
    status = demo_status()
    areas = [
        area.model_copy(update={"name": name})
        for area, name in zip(status.areas, names, strict=False)
    ]
    panel = QueuePanel(None)
    qtbot.addWidget(panel)
    panel.show_demo(status.model_copy(update={"areas": areas}), DEMO_COUNTER)
    panel.resize(1366, panel.sizeHint().height())
    panel.show()
    QApplication.processEvents()
    titles = panel.findChildren(StatusLabel, "areaName")[: len(names)]
    for title, area in zip(titles, areas, strict=True):
        written = f"{area.prefix} · {area.name}"
        assert title.textFormat() is Qt.TextFormat.PlainText
        assert title.text() == title.shown_text() == written  # whole, not cut short
        assert tip_text(title.toolTip()) == written
        tile = title.parentWidget()
        assert tip_text(tile.toolTip()) == f"{area.waiting} số đang chờ ({area.name})"
