"""The reception form driven like an officer would: scan, type, save; drafts; errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.app import Services
from counter_app.domain.dossiers import Dossier
from counter_app.ui.reception_form import ReceptionForm
from counter_app.ui.scanner import ScanDetector

CARD = "001185012345|012345678|Nguyễn Thị Thu Hà|14021985|Nữ|Số 8 phố Lò Đúc, Hà Nội|10052022"


class FastClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.004
        return self.now


def type_text(widget: QWidget, text: str) -> None:
    for char in text:
        key = Qt.Key.Key_Return if char == "\r" else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


@pytest.fixture
def form(qtbot: Any, services: Services) -> Iterator[ReceptionForm]:
    shown = ReceptionForm(services, "admin")
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.save_draft()


def choose(form: ReceptionForm, text: str) -> None:
    form.procedure_search.setText(text)


def test_scan_then_save_from_the_keyboard(
    qtbot: Any, qapp: QApplication, services: Services, form: ReceptionForm
) -> None:
    detector = ScanDetector(form, clock=FastClock())
    detector.scanned.connect(form.apply_scan)
    qapp.installEventFilter(detector)
    try:
        choose(form, "chung thuc ban sao")
        assert form.procedure_choice.currentData() == "2.000815"
        form.applicant.address.setFocus()
        type_text(form.applicant.address, CARD + "\r")  # the scanner, while in another field
    finally:
        qapp.removeEventFilter(detector)
    assert form.applicant.full_name.text() == "Nguyễn Thị Thu Hà"
    assert form.applicant.id_number.text() == "001185012345"
    assert form.applicant.gender.currentData() == "female"
    assert form.applicant.address.text() == "Số 8 phố Lò Đúc, Hà Nội"  # not the raw scan
    assert "card" in form.card_info.text()
    form.pages.setValue(3)
    form.copies.setValue(2)
    assert "10.000 đ" in form.summary.text()
    saved: list[Dossier] = []
    form.received.connect(saved.append)
    qtbot.keyClick(form.applicant.phone, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(saved) == 1
    dossier = saved[0]
    assert dossier.applicant.full_name == "Nguyễn Thị Thu Hà"
    assert dossier.fee_total == 10_000
    assert dossier.code in form.result.text()
    assert form.applicant.full_name.text() == ""  # ready for the next citizen
    assert services.reception.load_draft("admin") is None


def test_a_bad_scan_is_said_and_fills_nothing(form: ReceptionForm) -> None:
    form.apply_scan(CARD.replace("14021985", "31021985"))
    assert not form.card_info.isHidden()
    assert "ngày" in form.card_info.text() or "date" in form.card_info.text()
    assert form.applicant.full_name.text() == ""


def test_a_mismatch_is_shown_not_hidden(form: ReceptionForm) -> None:
    form.apply_scan(CARD.replace("001185", "001085"))  # the number says male
    assert form.applicant.full_name.text() == "Nguyễn Thị Thu Hà"
    assert "gender" in form.card_info.text()


def test_refusals_go_next_to_their_field_and_nothing_is_saved(
    services: Services, form: ReceptionForm
) -> None:
    choose(form, "2.000884")
    form.applicant.full_name.setText("Lê Văn Bình")
    form.applicant.phone.setText("12345")
    assert form.submit() is None
    assert not form.applicant.errors["phone"].isHidden()
    assert services.db.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 0
    form.applicant.phone.setText("0987654321")
    assert form.submit() is not None
    assert form.applicant.errors["phone"].isHidden()


def test_pages_are_asked_for_when_the_fee_needs_them(form: ReceptionForm) -> None:
    choose(form, "2.000815")
    assert form.pages.isVisibleTo(form)
    assert "—" in form.summary.text()
    assert not form.fee_error.isHidden()
    choose(form, "2.000884")
    assert not form.pages.isVisibleTo(form)
    assert "10.000 đ" in form.summary.text()


def test_a_typed_id_number_is_checked_at_once(form: ReceptionForm) -> None:
    form.applicant.id_number.setText("99909012345")
    form.applicant.id_number.editingFinished.emit()
    assert "12" in form.applicant.errors["id_number"].text()


def test_the_draft_survives_a_closed_form(qtbot: Any, services: Services) -> None:
    first = ReceptionForm(services, "admin")
    qtbot.addWidget(first)
    choose(first, "khai sinh")
    first.applicant.full_name.setText("Phạm Thị Lan")
    qtbot.waitUntil(lambda: services.reception.load_draft("admin") is not None, timeout=2000)
    first.close()
    again = ReceptionForm(services, "admin")
    qtbot.addWidget(again)
    assert again.applicant.full_name.text() == "Phạm Thị Lan"
    assert again.procedure_choice.currentData() == "1.001193"
    again.clear()
    assert services.reception.load_draft("admin") is None
