"""Long work off the GUI thread, with the answer delivered back on the GUI thread.

The one helper every widget uses (like Anki's QueryOp): the work function must
not touch the database connection of the window; the caller reads what it needs
first and hands the work a closure over plain values.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid


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
            self._deliver(self._relay.failed, error)
            return
        self._deliver(self._relay.done, result)

    @staticmethod
    def _deliver(signal: Any, value: object) -> None:
        with suppress(RuntimeError):  # the application is closing and took the relay
            signal.emit(value)


# The relays of work still running. A relay has no parent: it must outlive a widget
# closed while its work runs, or the worker would signal through a deleted object.
_running: set[_Relay] = set()


def run_in_background(
    parent: QObject,
    work: Callable[[], Any],
    done: Callable[[Any], None],
    failed: Callable[[BaseException], None] | None = None,
) -> None:
    """Run ``work`` on the thread pool; ``done`` (or ``failed``) is then called on the GUI
    thread, unless ``parent`` has been deleted meanwhile (nobody wants the answer)."""
    relay = _Relay()  # made on the GUI thread: its signals are delivered there
    _running.add(relay)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(relay)
        relay.deleteLater()
        if isValid(parent):
            callback(value)

    relay.done.connect(lambda result: finish(done, result))
    relay.failed.connect(lambda error: finish(failed or _reraise, error))
    QThreadPool.globalInstance().start(_Task(work, relay))


def _reraise(error: BaseException) -> None:
    raise error
