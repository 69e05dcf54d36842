"""The scanner detector: a fast card-QR burst becomes a scan, people type as usual."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from counter_app.ui.scanner import ScanDetector

CARD = "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Hà Nội|15042021"


class SteppedClock:
    """Key times under the test's control: each key comes `step` seconds after the last."""

    def __init__(self, step: float) -> None:
        self.step, self.now = step, 100.0

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying any Unicode text (QTest.keyClicks knows only ASCII keys)."""
    for char in text:
        key = Qt.Key.Key_Return if char == "\r" else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            )


def setup(qtbot: QtBot, step: float) -> tuple[QWidget, QLineEdit, list[str]]:
    form = QWidget()
    layout = QVBoxLayout(form)
    field, other = QLineEdit(), QLineEdit()
    layout.addWidget(field)
    layout.addWidget(other)
    qtbot.addWidget(form)
    form.show()
    field.setText("ghi chú ")
    field.setFocus()
    detector = ScanDetector(form, clock=SteppedClock(step))
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(detector)
    scans: list[str] = []
    detector.scanned.connect(scans.append)
    form.destroyed.connect(lambda: app.removeEventFilter(detector))
    return form, field, scans


def test_a_fast_card_burst_is_one_scan_and_leaves_the_field_alone(qtbot: QtBot) -> None:
    _form, field, scans = setup(qtbot, step=0.005)
    type_text(field, CARD)
    type_text(field, "\r")
    assert scans == [CARD]
    assert field.text() == "ghi chú "


def test_slow_typing_of_the_same_text_is_typing(qtbot: QtBot) -> None:
    _form, field, scans = setup(qtbot, step=0.2)
    type_text(field, "001090123456|abc")
    assert scans == []
    assert field.text() == "ghi chú 001090123456|abc"


def test_fast_typing_that_is_not_a_card_passes_through(qtbot: QtBot) -> None:
    _form, field, scans = setup(qtbot, step=0.005)
    type_text(field, "Nguyễn Văn An 0912345678")
    type_text(field, "\r")
    assert scans == []
    assert field.text() == "ghi chú Nguyễn Văn An 0912345678"


def test_a_scan_without_enter_ends_when_the_keys_stop(qtbot: QtBot) -> None:
    _form, field, scans = setup(qtbot, step=0.005)
    type_text(field, CARD)
    qtbot.waitUntil(lambda: scans == [CARD], timeout=2000)
