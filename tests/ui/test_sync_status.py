"""The sync in the status bar, and a payment confirmed by a pull reaching the citizen's screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.reception import parse_reception
from counter_app.services.sync_worker import OFFLINE, ONLINE, REFUSED, SyncSnapshot, SyncWorker
from counter_app.storage import officers
from counter_app.sync import wire
from counter_app.ui.i18n import install_translator
from counter_app.ui.main_window import MainWindow
from counter_app.ui.sync_status import SyncStatusLabel
from tests.central.server import CentralServer
from tests.sync.test_sync_with_server import WARD, enrolment_code, publish
from tests.ui.tooltips import tip_text

AT_0915 = datetime(2026, 11, 23, 9, 15, tzinfo=VIETNAM)


pytestmark = pytest.mark.usefixtures("vietnamese")


class Shown:
    """What the worker would report; tests set it."""

    def __init__(self) -> None:
        self.snapshot: SyncSnapshot | None = None


@pytest.fixture
def label(qtbot: Any, clock: FakeClock) -> tuple[SyncStatusLabel, Shown]:
    shown = Shown()
    widget = SyncStatusLabel(lambda: shown.snapshot, clock)
    qtbot.addWidget(widget)
    return widget, shown


def text(label: tuple[SyncStatusLabel, Shown], snapshot: SyncSnapshot | None) -> str:
    widget, shown = label
    shown.snapshot = snapshot
    widget.refresh()
    return widget.text()


def test_the_states_in_vietnamese(label: tuple[SyncStatusLabel, Shown]) -> None:
    assert text(label, None) == "Đồng bộ: chưa đăng ký"
    assert text(label, SyncSnapshot()) == "Đồng bộ: đang kết nối…"
    online = SyncSnapshot(state=ONLINE, waiting=0, last_success=AT_0915)
    assert text(label, online) == "Đồng bộ: trực tuyến · 0 chờ gửi · lúc 09:15"
    offline = SyncSnapshot(state=OFFLINE, waiting=1234, last_success=AT_0915)
    assert text(label, offline) == "Đồng bộ: ngoại tuyến · 1.234 chờ gửi · lần cuối lúc 09:15"
    assert label[0].styleSheet() == ""  # offline is the counter's normal life: no alarm
    parked = SyncSnapshot(state=ONLINE, waiting=0, parked=2, held=1)
    assert text(label, parked) == (
        "Đồng bộ: trực tuyến · 0 chờ gửi · 2 sự kiện bị giữ lại · 1 thay đổi chưa áp dụng"
    )
    assert "color" in label[0].styleSheet()
    draining = SyncSnapshot(state=ONLINE, waiting=15_000, draining=(5_000, 20_000))
    assert text(label, draining) == "Đồng bộ: đang gửi 5.000/20.000"
    refused = SyncSnapshot(state=REFUSED, problem="unauthenticated", waiting=3)
    assert text(label, refused) == "Đồng bộ: máy chủ từ chối, cần đăng ký lại"
    broken = SyncSnapshot(state=ONLINE, problem="chain_broken", waiting=7)
    assert "máy chủ không nhận nhật ký của quầy" in text(label, broken)


def test_counts_in_english_are_singular_for_one(
    qapp: QApplication, label: tuple[SyncStatusLabel, Shown]
) -> None:
    install_translator(qapp, "en")
    one = SyncSnapshot(state=ONLINE, waiting=0, parked=1, held=1)
    assert text(label, one).endswith("1 event held back · 1 change not applied")
    many = SyncSnapshot(state=ONLINE, waiting=0, parked=1234, held=2)
    assert text(label, many).endswith("1.234 events held back · 2 changes not applied")


def test_a_success_of_another_day_shows_its_date(
    label: tuple[SyncStatusLabel, Shown], clock: FakeClock
) -> None:
    yesterday = SyncSnapshot(
        state=OFFLINE, waiting=5, last_success=datetime(2026, 11, 22, 16, 40, tzinfo=VIETNAM)
    )
    assert text(label, yesterday).endswith("lần cuối lúc 22/11 16:40")


def test_arrivals_are_announced_once(label: tuple[SyncStatusLabel, Shown], qtbot: Any) -> None:
    widget, _ = label
    text(label, SyncSnapshot(state=ONLINE))
    with qtbot.waitSignal(widget.arrived) as arrived:
        text(label, SyncSnapshot(state=ONLINE, payments_paid=1))
    assert arrived.args == [True, False]
    with qtbot.assertNotEmitted(widget.arrived):
        text(label, SyncSnapshot(state=ONLINE, payments_paid=1))


def test_a_long_state_gives_way_in_the_status_bar(qtbot: Any, services: Services) -> None:
    """The sync offline since yesterday with events held back and changes not applied,
    beside the printer's and the scanner's states, at 1366×768: the sync's line ends in
    "…" inside the window (its tooltip has it whole), the short states keep their words."""
    admin = officers.by_username(services.db, "admin")
    assert admin is not None
    worker = SimpleNamespace(
        snapshot=SyncSnapshot(
            state=REFUSED,
            problem="chain_broken",
            waiting=12_345,
            parked=12,
            held=3,
            last_success=datetime(2026, 11, 22, 16, 40, tzinfo=VIETNAM),
        ),
        wake=lambda: None,
    )
    window = MainWindow(services, admin, sync_worker=worker)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    QApplication.processEvents()
    sync = window.sync_status
    assert sync.text().endswith("3 thay đổi chưa áp dụng")
    assert sync.minimumSizeHint().width() <= sync.width()  # not cut short in mid-word
    shown = sync.shown_text()
    assert shown.endswith("…") and sync.text().startswith(shown[:-1])
    assert sync.fontMetrics().horizontalAdvance(shown) <= sync.contentsRect().width()
    assert tip_text(sync.toolTip()) == sync.text()
    assert sync.geometry().right() < window.width()
    for short in (window.printer_status, window.scanner_status):
        assert short.shown_text() == short.text(), short.text()
    window.close()


# --- the real thing ------------------------------------------------------------------


@pytest.fixture
def central(server: Callable[..., CentralServer]) -> CentralServer:
    started = server()
    started.run_cli("ward", "add", "--code", WARD, "--name", "UBND Phường Thử Nghiệm")
    return started


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_payment_confirmed_by_a_pull_turns_the_citizen_screen_to_paid(
    qtbot: Any, services: Services, central: CentralServer
) -> None:
    services.sync.enrol(central.url, enrolment_code(central), "quay-1")
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG THU", "admin")
    worker = SyncWorker(
        services.path, lambda db: app.sync_service(db, services), poll=0.05, pull_every=0.3
    )
    officer = officers.by_username(services.db, "admin")
    assert officer is not None
    window = MainWindow(services, officer, sync_worker=worker)
    qtbot.addWidget(window)
    window.show()  # the status line follows the worker while it is shown
    worker.start()
    try:
        dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
        window._received(dossier)  # what saving a reception does: the QR on the citizen's screen
        citizen = window.citizen
        assert citizen.pages.currentIndex() == 1
        qtbot.waitUntil(
            lambda: window.sync_status.text().startswith("Đồng bộ: trực tuyến"), timeout=20_000
        )
        payment = services.payments.pending_payment(dossier.code)
        assert payment is not None
        paid = {
            "reference": payment.reference,
            "amount": payment.amount,
            "bank_transaction": "FT26334000002",
            "paid_at": "2026-11-23T09:03:00+07:00",
        }
        publish(central, wire.ChangeKind.PAYMENT_CONFIRMED, paid, services.unit.device_id)
        qtbot.waitUntil(lambda: citizen.pages.currentIndex() == 2, timeout=20_000)
        assert citizen.paid.text() == "Đã thanh toán"
    finally:
        worker.stop()
        window.close()
