"""The Qt binding installed keeps Python's reference counts. PySide6 6.12.0 dropped a
reference to None on every call of a Qt method that returns nothing, and one to
True or False each time a Python slot returned one: the interpreter aborts
("deallocating None") after some thousands of label updates or timer starts, which a
counter window open all day makes. pyproject.toml excludes that release."""

from __future__ import annotations

import os
import subprocess
import sys

CALLS = 20_000

PROBE = f"""
import sys
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel

class Source(QObject):
    fired = Signal()

app = QApplication([])
label, timer, source = QLabel(), QTimer(), Source()
source.fired.connect(lambda: True)  # a slot that returns a value
before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range({CALLS}):
    label.setText("Quầy số 1")
    timer.start(1000)
    app.processEvents()
    source.fired.emit()
after = sys.getrefcount(None), sys.getrefcount(True)
print(after[0] - before[0], after[1] - before[1])
"""


def test_many_calls_of_qt_methods_that_return_nothing_leave_none_alone() -> None:
    # In a child process: a binding with the defect aborts the interpreter.
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lost_none, lost_true = map(int, done.stdout.split())
    assert abs(lost_none) < 100 and abs(lost_true) < 100
