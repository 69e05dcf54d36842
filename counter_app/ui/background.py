"""Long work off the GUI thread, with the answer delivered back on the GUI thread.

The one helper every widget uses (like Anki's QueryOp): the work function must
not touch the database connection of the window; the caller reads what it needs
first and hands the work a closure over plain values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # handed to the GUI thread, where it is shown or raised
            self._relay.failed.emit(error)
            return
        self._relay.done.emit(result)


def run_in_background(
    parent: QObject,
    work: Callable[[], Any],
    done: Callable[[Any], None],
    failed: Callable[[BaseException], None] | None = None,
) -> None:
    relay = _Relay(parent)  # lives with the parent on the GUI thread: signals queue there
    relay.done.connect(done)
    relay.done.connect(relay.deleteLater)
    relay.failed.connect(failed or _reraise)
    relay.failed.connect(relay.deleteLater)
    QThreadPool.globalInstance().start(_Task(work, relay))


def _reraise(error: BaseException) -> None:
    raise error
