"""The serial (USB-COM) scanner in the window: its reader's scans and state, queued to
the GUI thread, and the status bar's line about it.

The reader (``services/scanning.py``) runs on a thread of its own and never touches
a widget: its callbacks only emit the relay's signals, which Qt queues to the relay
on the GUI thread (like ``ui/background.py``). There the link keeps the last scan
and hands it on, to the same place a keyboard scan goes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from counter_app.domain.scans import Scan
from counter_app.services.scanning import ScannerReader, ScannerSettings, ScannerState
from counter_app.ui.status_label import SHORT_STATE, StatusLabel

PROBLEM_STYLE = "color: #b00020; font-weight: bold;"


class _Relay(QObject):
    """Lives on the GUI thread: a signal emitted on the reader's thread is queued here."""

    scanned = Signal(object)
    state = Signal(str)


class SerialScannerLink(QObject):
    """The reader of the configured port, started and stopped with the window."""

    scanned = Signal(object)  # a Scan, on the GUI thread
    state_changed = Signal(str)  # a ScannerState, on the GUI thread

    def __init__(self, config: ScannerSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.last_scan: Scan | None = None
        self._reader: ScannerReader | None = None
        self._relay = _Relay(self)
        self._relay.scanned.connect(self._arrived)
        self._relay.state.connect(self._state_arrived)

    @property
    def state(self) -> ScannerState:
        return self._reader.state if self._reader is not None else ScannerState.OFF

    def start(self) -> None:
        """Read the configured port, if there is one (nothing to do in keyboard mode)."""
        if self._reader is not None or self.config.port is None:
            return
        self._reader = ScannerReader(self.config, self._queue_scan, self._queue_state)
        self._reader.start()
        self.state_changed.emit(self.state.value)

    def stop(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.stop()  # joined: no callback runs after this
            self.state_changed.emit(self.state.value)

    def restart(self, config: ScannerSettings) -> None:
        """New settings: the old port is closed before the new one is opened."""
        self.stop()
        self.config = config
        self.start()

    # --- the reader's thread: emit only ---------------------------------------------------

    def _queue_scan(self, scan: Scan) -> None:
        self._relay.scanned.emit(scan)

    def _queue_state(self, state: ScannerState) -> None:
        self._relay.state.emit(state.value)

    # --- the GUI thread ---------------------------------------------------------------

    def _arrived(self, scan: Scan) -> None:
        if self._reader is None:  # queued before a stop: the officer changed the port
            return
        self.last_scan = scan
        self.scanned.emit(scan)

    def _state_arrived(self, state: str) -> None:
        if self._reader is not None:
            self.state_changed.emit(state)


class ScannerStatusLabel(StatusLabel):
    """Status bar text: keyboard mode, connected, not found, unplugged (and waiting)."""

    def __init__(self, link: SerialScannerLink) -> None:
        super().__init__(narrowest=SHORT_STATE)
        self._link = link
        link.state_changed.connect(self._show)
        self._show()

    def _show(self, _state: str = "") -> None:
        state, port = self._link.state, self._link.config.port or ""
        words = {
            ScannerState.OFF: self.tr("Scanner: keyboard mode"),
            ScannerState.CONNECTING: self.tr("Scanner: opening %1"),
            ScannerState.CONNECTED: self.tr("Scanner connected (%1)"),
            ScannerState.NOT_FOUND: self.tr("Scanner not found on %1"),
            ScannerState.UNPLUGGED: self.tr("Scanner unplugged from %1: waiting for it"),
        }
        self.setText(words[state].replace("%1", port))
        problem = state in (ScannerState.NOT_FOUND, ScannerState.UNPLUGGED)
        self.setStyleSheet(PROBLEM_STYLE if problem else "")
