"""Work off the GUI thread: the answer comes back on the GUI thread, to a widget that
still exists."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.ui.background import run_in_background


def test_the_answer_comes_back_on_the_gui_thread(qtbot: Any) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    worked_on: list[bool] = []
    answers: list[tuple[int, bool]] = []

    def work() -> int:
        worked_on.append(QThread.currentThread() is QApplication.instance().thread())
        return 42

    def done(value: int) -> None:
        answers.append((value, QThread.currentThread() is QApplication.instance().thread()))

    run_in_background(widget, work, done)
    qtbot.waitUntil(lambda: bool(answers), timeout=5000)
    assert worked_on == [False] and answers == [(42, True)]


def test_a_widget_closed_while_its_work_runs_gets_no_answer_and_nothing_breaks(
    qtbot: Any,
) -> None:
    widget = QWidget()
    release = threading.Event()
    finished = threading.Event()
    answers: list[object] = []

    def work() -> str:
        release.wait(5)
        finished.set()
        return "late"

    run_in_background(widget, work, answers.append, answers.append)
    widget.deleteLater()
    qtbot.wait(50)  # the widget is deleted while the work still runs
    release.set()
    assert finished.wait(5)
    qtbot.wait(200)  # the answer's signal is delivered, to nobody
    assert answers == []
