"""The citizen's rating screen on its own: answers, reasons, a citizen who walks away."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counter_app.app import Services
from counter_app.services.queue import RatingChoice, RatingScale
from counter_app.ui import rating
from counter_app.ui.citizen_display import CitizenDisplay
from counter_app.ui.rating import QUESTION, REASON, THANKS, RatingView


def view(qtbot: QtBot, scale: RatingScale | None = None, idle_ms: int = 30_000) -> RatingView:
    shown = RatingView(scale, idle_ms, thanks_ms=200) if scale else RatingView(idle_ms=idle_ms)
    qtbot.addWidget(shown)
    shown.ask("A012")
    return shown


def test_a_happy_answer_is_sent_then_thanks(qtbot: QtBot) -> None:
    shown = view(qtbot)
    assert shown.pages.currentIndex() == QUESTION
    with qtbot.waitSignal(shown.answered) as answered:
        qtbot.mouseClick(shown.answer_buttons[1], Qt.MouseButton.LeftButton)
    assert answered.args == ["hai_long", ""]
    assert shown.pages.currentIndex() == THANKS
    shown.stop()


def test_unhappy_asks_a_reason(qtbot: QtBot) -> None:
    shown = view(qtbot)
    answers: list[tuple[str, str]] = []
    shown.answered.connect(lambda key, reason: answers.append((key, reason)))
    qtbot.mouseClick(shown.answer_buttons[3], Qt.MouseButton.LeftButton)
    assert shown.pages.currentIndex() == REASON and answers == []
    qtbot.mouseClick(shown.reason_buttons[2], Qt.MouseButton.LeftButton)
    assert answers == [("khong_hai_long", "Hướng dẫn chưa rõ")]
    shown.stop()


def test_walking_away_keeps_an_unhappy_answer_without_a_reason(qtbot: QtBot) -> None:
    shown = view(qtbot, idle_ms=100)
    answers: list[tuple[str, str]] = []
    shown.answered.connect(lambda key, reason: answers.append((key, reason)))
    qtbot.mouseClick(shown.answer_buttons[3], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(shown.done, timeout=5_000):
        pass
    assert answers == [("khong_hai_long", "")]


def test_walking_away_from_the_question_sends_nothing(qtbot: QtBot) -> None:
    shown = view(qtbot, idle_ms=100)
    answers: list[tuple[str, str]] = []
    shown.answered.connect(lambda key, reason: answers.append((key, reason)))
    with qtbot.waitSignal(shown.done, timeout=5_000):
        pass
    assert answers == []


def test_a_scale_of_its_own(qtbot: QtBot) -> None:
    scale = RatingScale(
        (RatingChoice("tot", "Tốt"), RatingChoice("chua_tot", "Chưa tốt", unhappy=True)), ()
    )
    shown = view(qtbot, scale)
    assert [b.text() for b in shown.answer_buttons] == ["Tốt", "Chưa tốt"]
    with qtbot.waitSignal(shown.answered) as answered:  # no reasons: no second question
        qtbot.mouseClick(shown.answer_buttons[1], Qt.MouseButton.LeftButton)
    assert answered.args == ["chua_tot", ""]
    with qtbot.waitSignal(shown.done, timeout=5_000):  # after the thanks
        pass


def test_the_citizen_screen_says_who_is_served(qtbot: QtBot, services: Services) -> None:
    display = CitizenDisplay(services, rating_idle_ms=100)
    qtbot.addWidget(display)
    display.set_serving("A012")
    assert "A012" in display.serving.text()
    display.ask_rating("A012")
    assert display.pages.currentWidget() is display.rating
    with qtbot.waitSignal(display.rating.done, timeout=5_000):
        pass
    assert display.pages.currentIndex() == 0
    assert "A012" in display.serving.text()  # until the panel says otherwise
    display.set_serving("")
    assert display.serving.text() == ""


def test_screenshots(qapp: QApplication, tmp_path: Path) -> None:
    for page in (QUESTION, REASON, THANKS):
        path = rating.screenshot(tmp_path / f"rating-{page}.png", page)
        assert path.stat().st_size > 5_000
