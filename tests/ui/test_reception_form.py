"""The reception form driven like an officer would: scan, type, save; drafts; errors."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt, QTranslator
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.app import Services
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.dossiers import Dossier
from counter_app.ui.reception_form import ReceptionForm
from counter_app.ui.scanner import ScanDetector

CARD = "001185012345|012345678|Nguyễn Thị Thu Hà|14021985|Nữ|Số 8 phố Lò Đúc, Hà Nội|10052022"
TS = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "counter_app_vi.ts"


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


def test_an_expired_card_is_said_and_still_fills_the_form(form: ReceptionForm) -> None:
    # Born 14/02/1985, issued 10/05/2022 at 37: valid until 40, 14/02/2025; today 23/11/2026.
    form.apply_scan(CARD)
    assert form.applicant.full_name.text() == "Nguyễn Thị Thu Hà"
    assert form.applicant.id_number.text() == "001185012345"
    assert form.card_expired.isVisible()
    assert form.card_expired.text() == "The card expired on 14/02/2025."
    choose(form, "2.000884")
    form.applicant.phone.setText("0987654321")
    assert form.submit() is not None  # a warning, not a refusal


def test_a_valid_card_after_an_expired_one_clears_the_warning(form: ReceptionForm) -> None:
    form.apply_scan(CARD)
    assert form.card_expired.isVisible()
    form.apply_scan(CARD.replace("10052022", "10052023"))  # at 38: valid until 60
    assert form.card_expired.isHidden()
    assert form.applicant.full_name.text() == "Nguyễn Thị Thu Hà"


def test_an_impossible_card_is_refused_with_its_reason(form: ReceptionForm) -> None:
    form.apply_scan(CARD.replace("10052022", "10052027"))  # issued after today
    assert form.applicant.full_name.text() == ""
    assert "after today" in form.card_info.text()


def test_the_expiry_warning_in_vietnamese(
    qapp: QApplication, form: ReceptionForm, tmp_path: Path
) -> None:
    qm = tmp_path / "vi.qm"
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    try:
        form.apply_scan(CARD)
        assert form.card_expired.text() == "Thẻ đã hết hạn từ ngày 14/02/2025."
        form.apply_scan(CARD.replace("10052022", "10052027"))
        assert "Ngày cấp thẻ sau ngày hôm nay" in form.card_info.text()
    finally:
        qapp.removeTranslator(translator)


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


def test_a_date_counted_over_unannounced_days_off_says_expected(
    services: Services, form: ReceptionForm, clock: FakeClock
) -> None:
    # Wednesday 3 February 2027: 3 working days run over Tết 2027, not announced yet.
    clock.set(datetime(2027, 2, 3, 9, 0, tzinfo=VIETNAM))
    choose(form, "1.004873")
    assert "expected: the days off of 2027 are not announced yet" in form.summary.text()
    services.reference.confirm_year(2027, "admin", "Thông báo của Bộ Nội vụ")
    form.refresh_preview()
    assert "expected" not in form.summary.text()
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=VIETNAM))  # an announced year
    form.refresh_preview()
    assert "expected" not in form.summary.text()
