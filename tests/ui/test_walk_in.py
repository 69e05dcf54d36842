"""The queue's strip without its ward server: the counter issues walk-in tickets of its
own, serves them, links a reception, the citizen rates one; with the server back, the
ones left are served first, then one sync puts them all in the ward's tickets. A real
ward server process (SQLite), killed and started again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.reception import parse_reception
from counter_app.storage import events
from counter_app.sync import queue_wire as qw
from counter_app.ui.main_window import MainWindow
from counter_app.ui.queue_panel import QueuePanel
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, issue_code, sql

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
PATIENCE_MS = 15_000
WALK_IN = "Mất kết nối máy chủ hàng đợi — đang cấp số tại quầy (QA…)"
BACK = "Đã kết nối lại máy chủ hàng đợi — các số cấp tại quầy (QA…) được phục vụ trước"


pytestmark = pytest.mark.usefixtures("vietnamese")


@pytest.fixture
def window(qtbot: QtBot, services: Services, central: CentralServer) -> Iterator[MainWindow]:
    services.sync.enrol(central.url, issue_code(central, WARD_A), "quay-1")
    services.printing.configure("loop://", 9600, "epson-tm-t82", "admin")
    shown = MainWindow(services, services.accounts.officers()[0])
    qtbot.addWidget(shown)
    shown.show()
    shown.queue_panel.start_following()  # without the start's pause
    qtbot.waitUntil(lambda: shown.queue_panel.status is not None, timeout=PATIENCE_MS)
    yield shown
    shown.close()


def bar(panel: QueuePanel):  # type: ignore[no-untyped-def]
    assert panel.walk_in is not None
    return panel.walk_in


def last_event(services: Services, label: str) -> events.Event:
    """The latest event of the walk-in ticket ``label``."""
    ((stored,),) = services.db.execute(
        "SELECT ticket FROM walkin_tickets WHERE label = ?", [label]
    ).fetchall()
    ticket = qw.Ticket.model_validate_json(stored, strict=False)
    return events.for_aggregate(services.db, ticket.id)[-1]


@SQLITE
def test_no_walk_in_bar_while_the_server_answers(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    panel = window.queue_panel
    assert not bar(panel).isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F4)  # the shortcut of a hidden bar does nothing
    assert services.walk_in.waiting() == 0


@SQLITE
def test_walk_in_tickets_without_the_server_then_reported(
    qtbot: QtBot, window: MainWindow, services: Services, central: CentralServer
) -> None:
    panel = window.queue_panel
    walk_in = bar(panel)
    central.kill()
    qtbot.waitUntil(lambda: walk_in.isVisible(), timeout=PATIENCE_MS)
    assert walk_in.banner.text() == WALK_IN
    assert walk_in.take_button.text() == "Cấp số tại quầy (F4)"
    qtbot.keyClick(window, Qt.Key.Key_F4)
    walk_in.take_button.click()
    assert walk_in.number.text() == "QA002"
    assert walk_in.waiting.text() == "2 số đang chờ tại quầy"
    assert panel.message.text() == "Đã cấp số QA002 và gửi ra máy in."
    assert [j.title for j in services.printing.jobs()][:2] == ["Số QA002", "Số QA001"]

    panel.call_next_button.click()  # local and instant: no waiting on a dead server
    assert panel.ticket.text() == "QA001"
    assert not panel.busy and not panel.transfer_button.isEnabled()
    assert panel.recall_button.isEnabled() and panel.finish_button.isEnabled()
    window.form.applicant.full_name.setText("Trần Thị Bình")  # the officer starts serving
    assert last_event(services, "QA001").type == qw.STARTED
    window.form.applicant.phone.setText("0912345678")
    assert last_event(services, "QA001").type == qw.STARTED  # once
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    window.form.received.emit(dossier)
    assert panel.message.text() == f"Hồ sơ {dossier.code} được gắn với số QA001."

    citizen = window.citizen
    window.citizen_screen()
    qtbot.waitUntil(lambda: citizen.serving.text() == "Đang phục vụ số QA001")
    panel.finish_button.click()
    assert panel.ticket.text() == "—"
    finished = last_event(services, "QA001")
    assert finished.type == qw.FINISHED
    assert finished.payload["ticket"]["dossier_code"] == dossier.code
    assert finished.payload["ticket"]["procedure_code"] == dossier.procedure_code
    assert citizen.pages.currentWidget() is citizen.rating
    (best,) = [b for b in citizen.rating.answer_buttons if b.text() == "Rất hài lòng"]
    qtbot.mouseClick(best, Qt.MouseButton.LeftButton)
    rated = last_event(services, "QA001")
    assert (rated.type, rated.payload["ticket"]["rating"]) == (qw.RATED, "rat_hai_long")

    central.start()  # the server is back: QA002, taken while it was away, is served first
    qtbot.waitUntil(lambda: walk_in.banner.text() == BACK, timeout=PATIENCE_MS)
    assert walk_in.isVisible() and not walk_in.take_button.isVisible()
    panel.call_next_button.click()
    assert panel.ticket.text() == "QA002"
    panel.finish_button.click()
    qtbot.waitUntil(lambda: not walk_in.isVisible(), timeout=PATIENCE_MS)

    services.sync.sync_once()
    rows = sql(
        central,
        "SELECT label, state, dossier_code, rating, device_id FROM queue_tickets ORDER BY label",
    )
    device = services.unit.device_id
    assert rows == [
        ("QA001", "done", dossier.code, "rat_hai_long", device),
        ("QA002", "done", None, None, device),
    ]
