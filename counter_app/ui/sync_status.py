"""The sync as the officer sees it: one line in the status bar.

"Đồng bộ: trực tuyến · 0 chờ gửi · lúc 09:15", "ngoại tuyến · 1.234 chờ gửi", the
events the server held back, the changes this counter could not apply, and the
progress while a long backlog drains. The line follows the sync worker's snapshot
(``services.sync_worker.SyncSnapshot``, read under its lock) once a second, on the
GUI thread; the worker itself never touches a widget. When the worker has applied
payments or dossier changes from the server, :attr:`SyncStatusLabel.arrived` tells
the window, which shows them (the citizen's screen turns to "Đã thanh toán").

This module imports no HTTP client: the window starts without one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent

from counter_app.domain.clock import Clock
from counter_app.ui.status_label import StatusLabel

PROBLEM_STYLE = "color: #b00020; font-weight: bold;"
# SyncSnapshot.state values (services/sync_worker.py).
ONLINE, OFFLINE, REFUSED = "online", "offline", "refused"


def grouped(number: int) -> str:
    """1234 → "1.234", digits grouped the Vietnamese way (as amounts are)."""
    return f"{number:,}".replace(",", ".")


class SyncStatusLabel(StatusLabel):
    """Status bar text of the sync; ``snapshot`` gives None when it is not running."""

    arrived = Signal(bool, bool)  # payments paid, dossiers moved (since the last look)

    def __init__(self, snapshot: Callable[[], Any], clock: Clock) -> None:
        super().__init__()
        self._snapshot = snapshot
        self._clock = clock
        self._seen: tuple[int, int] | None = None
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self.refresh)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        snapshot = self._snapshot()
        if snapshot is None:
            self.setText(self.tr("Sync: not enrolled"))
            self.setStyleSheet("")
            return
        self.setText(self.words(snapshot))
        problem = snapshot.state == REFUSED or snapshot.problem or snapshot.parked
        self.setStyleSheet(PROBLEM_STYLE if problem else "")
        self._notice(snapshot)

    def words(self, snapshot: Any) -> str:
        parts = [self._state(snapshot)]
        if snapshot.draining is None and snapshot.state in (ONLINE, OFFLINE):
            parts.append(self.tr("%1 waiting").replace("%1", grouped(snapshot.waiting)))
        if snapshot.last_success is not None and snapshot.draining is None:
            moment = self._moment(snapshot.last_success)
            if snapshot.state == ONLINE:
                parts.append(self.tr("at %1").replace("%1", moment))
            else:
                parts.append(self.tr("last synced %1").replace("%1", moment))
        if snapshot.problem == "chain_broken":
            parts.append(self.tr("the server does not accept this counter's log"))
        if snapshot.parked:
            held_back = self.tr("%1 event(s) held back", "", snapshot.parked)
            parts.append(held_back.replace("%1", grouped(snapshot.parked)))
        if snapshot.held:
            not_applied = self.tr("%1 change(s) not applied", "", snapshot.held)
            parts.append(not_applied.replace("%1", grouped(snapshot.held)))
        return " · ".join(parts)

    def _state(self, snapshot: Any) -> str:
        if snapshot.draining is not None:
            sent, total = snapshot.draining
            return (
                self.tr("Sync: sending %1/%2")
                .replace("%1", grouped(sent))
                .replace("%2", grouped(total))
            )
        if snapshot.state == ONLINE:
            return self.tr("Sync: online")
        if snapshot.state == OFFLINE:
            return self.tr("Sync: offline")
        if snapshot.state == REFUSED:
            return self.tr("Sync: refused by the server, enrol again")
        return self.tr("Sync: connecting…")

    def _moment(self, moment: datetime) -> str:
        local = moment.astimezone(self._clock.now().tzinfo)
        if local.date() == self._clock.now().date():
            return f"{local:%H:%M}"
        return f"{local:%d/%m %H:%M}"

    def _notice(self, snapshot: Any) -> None:
        counts = (snapshot.payments_paid, snapshot.dossiers_moved)
        if self._seen is not None and counts != self._seen:
            self.arrived.emit(counts[0] != self._seen[0], counts[1] != self._seen[1])
        self._seen = counts
