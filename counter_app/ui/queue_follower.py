"""Follows the ward's queue live for a window (the kiosk, the board), off the GUI thread.

A background thread reads the server's stream of statuses (``QueueClient.statuses()``)
and connects again when it drops, after 0.5 s, then 1, 2, 4, at most 5 s while the
server stays away. The thread never touches a Qt object: it posts what it learns to an
inbox that a timer empties on the GUI thread (as the sync's status line reads the sync
worker's snapshot), so the signals are emitted there and a closed window cannot be
reached by a late status.

Stopping is immediate for the window (nothing more is emitted); the thread itself ends at
the stream's next line (the server writes one at least every 10 s) or its timeout, as a
blocking read cannot be cut short from another thread without risk.
"""

from __future__ import annotations

import logging
import queue
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.queue.live import (
    ClientFactory,
    QueueOffline,
    QueueSetup,
    QueueStatus,
    read_setup,
    statuses,
)

LOG = logging.getLogger(__name__)
FIRST_RETRY_S = 0.5
LONGEST_RETRY_S = 5.0
POLL_MS = 100  # how often the GUI thread empties the inbox
Inbox = queue.SimpleQueue[QueueStatus | QueueSetup | bool]


class QueueFollower(QObject):
    """``status`` with each new QueueStatus, ``online`` when the connection is lost or back.

    ``online(False)`` also comes when the very first connection fails, so that a window
    opened without its server says so at once. With ``with_setup``, each connection
    first reads the ward's areas and counters (``setup``): they may change while away.
    """

    status = Signal(object)  # QueueStatus
    setup = Signal(object)  # QueueSetup
    online = Signal(bool)

    def __init__(
        self, client: ClientFactory, parent: QObject | None = None, with_setup: bool = False
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._with_setup = with_setup
        self._inbox: Inbox = queue.SimpleQueue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._online: bool | None = None
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._deliver)

    @property
    def is_online(self) -> bool | None:
        """None until the first connection succeeds or fails."""
        return self._online

    def start(self) -> None:
        """Start following (again after ``stop()``); nothing if it follows already."""
        if self._timer.isActive():
            return
        self._stop = threading.Event()
        self._inbox = queue.SimpleQueue()
        self._thread = threading.Thread(
            target=_follow,
            args=(self._client, self._with_setup, self._inbox, self._stop),
            name="queue-follower",
            daemon=True,
        )
        self._thread.start()
        self._timer.start()

    def stop(self) -> None:
        """Stop following: no signal after this; the thread ends on its own shortly."""
        self._stop.set()
        self._timer.stop()
        self._online = None

    def ended(self, timeout: float) -> bool:
        """Whether the thread has ended, waiting at most ``timeout`` seconds (tests)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self._thread is None or not self._thread.is_alive()

    def _deliver(self) -> None:
        while not self._stop.is_set():
            try:
                news = self._inbox.get_nowait()
            except queue.Empty:
                return
            if isinstance(news, bool):
                self._set_online(news)
            elif isinstance(news, QueueSetup):
                self.setup.emit(news)
            else:
                self._set_online(True)
                self.status.emit(news)

    def _set_online(self, online: bool) -> None:
        if online != self._online:
            self._online = online
            self.online.emit(online)


def _follow(client: ClientFactory, with_setup: bool, inbox: Inbox, stop: threading.Event) -> None:
    """The thread: read the stream, connect again after a pause when it ends."""
    delay = FIRST_RETRY_S
    while not stop.is_set():
        try:
            with client() as one:
                if with_setup:
                    inbox.put(read_setup(one))
                for status in statuses(one):
                    if stop.is_set():
                        return
                    inbox.put(status)
                    delay = FIRST_RETRY_S
        except QueueOffline as error:
            LOG.info("queue server unreachable: %s", error)
        except Exception:  # a bug must not end the board's following for good
            LOG.exception("following the queue failed")
        if stop.is_set():
            return
        inbox.put(False)
        stop.wait(delay)
        delay = min(delay * 2, LONGEST_RETRY_S)
