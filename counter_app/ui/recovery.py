"""The window's side of a failing store: the lost database, a damaged or locked one.

- :func:`open_installation` opens the installation for the window. A lost database
  (missing, empty, another one, older than the unit ledger) is never replaced by an
  empty one in silence: a dialog offers to restore the latest backup (its time and
  how many dossiers it holds) or to quit. Any other failure of the store is one
  Vietnamese sentence with the next step, then the program ends (exit 2).
- :class:`StoreFailures` is the last resort while the window runs: a failure of the
  store met anywhere (a list refreshing, a timer, the print worker, a background
  task) is logged in one line and shown once in a dialog, never as a traceback.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

import counter_app.app as composition
from counter_app.app import Services
from counter_app.domain.clock import Clock, SystemClock
from counter_app.domain.records import record
from counter_app.services.installation import DatabaseLost, StorageError, as_storage_error
from counter_app.services.printing import PrintWorker
from counter_app.ui.messages import store_error_text

if TYPE_CHECKING:  # restoring is imported by a lost database only
    from counter_app.services import recovery

LOG = logging.getLogger(__name__)
TIME = "%H:%M %d/%m/%Y"


def _title() -> str:
    return QCoreApplication.translate("Recovery", "The counter's data")


def _restore_box(parent: QWidget | None, title: str, text: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    restore = box.addButton(
        QCoreApplication.translate("Recovery", "Restore the backup"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    box.addButton(QCoreApplication.translate("Recovery", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is restore


def _tell_box(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.addButton(
        QCoreApplication.translate("Recovery", "Close"), QMessageBox.ButtonRole.AcceptRole
    )
    box.exec()


@record
class RecoveryAsker:
    """How the officer is asked and told; tests script the answers."""

    restore: Callable[[QWidget | None, str, str], bool] = _restore_box
    tell: Callable[[QWidget | None, str, str], None] = _tell_box


ASK_PEOPLE = RecoveryAsker()


def lost_text(lost: DatabaseLost) -> str:
    """What happened, in the officer's words."""
    texts = {
        "missing": QCoreApplication.translate(
            "Recovery",
            "The database file counter.db is missing, but this counter has already given "
            "out dossier codes (the last: %1).",
        ),
        "empty": QCoreApplication.translate(
            "Recovery",
            "The database file counter.db is empty, but this counter has already given out "
            "dossier codes (the last: %1).",
        ),
        "other": QCoreApplication.translate(
            "Recovery",
            "The file counter.db is not this counter's database, but this counter has "
            "already given out dossier codes (the last: %1).",
        ),
        "older": QCoreApplication.translate(
            "Recovery",
            "The file counter.db holds fewer dossiers (%2) than this counter had saved "
            "(%3): some are missing. The last code given out: %1.",
        ),
    }
    found, had = (lost.found[0] if lost.found else 0), lost.known.dossiers
    text = texts[lost.reason]
    if lost.reason == "older" and lost.events_only:
        text = QCoreApplication.translate(
            "Recovery",
            "The file counter.db holds fewer records of its history (%2) than this counter "
            "had saved (%3): some are missing. The last code given out: %1.",
        )
        found, had = (lost.found[1] if lost.found else 0), lost.known.events
    return (
        text.replace("%1", lost.last_code or "—").replace("%2", str(found)).replace("%3", str(had))
    )


def offer_text(lost: DatabaseLost) -> str:
    if lost.keeps_more:
        found = lost.found[0] if lost.found else 0
        return QCoreApplication.translate(
            "Recovery",
            "Keep the file counter.db as it is (dossiers in it: %1)? No backup holds more. "
            "The missing records will not be in the list, but no code given out will be "
            "given again.",
        ).replace("%1", str(found))
    if lost.backup is None:
        return QCoreApplication.translate(
            "Recovery",
            "No backup of this counter was found. Ask the IT person: the command "
            "'counter-app db start-over --confirm' starts an empty database that keeps "
            "the numbering.",
        )
    return (
        QCoreApplication.translate(
            "Recovery",
            "The latest backup was taken at %1 (dossiers in it: %2). Restore it? Dossiers "
            "received after it will be missing from the list, but their codes will not be "
            "given again.",
        )
        .replace("%1", f"{lost.backup.taken_at:{TIME}}")
        .replace("%2", str(lost.backup.dossiers))
    )


def restored_text(done: recovery.Restored) -> str:
    if done.kept:
        return QCoreApplication.translate(
            "Recovery",
            "The file counter.db is kept (dossiers in it: %1). The codes of the missing "
            "dossiers will not be given again.",
        ).replace("%1", str(done.backup.dossiers))
    return (
        QCoreApplication.translate(
            "Recovery",
            "The backup of %1 is restored (dossiers in it: %2). Dossiers received after it "
            "are not in it; their codes will not be given again.",
        )
        .replace("%1", f"{done.backup.taken_at:{TIME}}")
        .replace("%2", str(done.backup.dossiers))
    )


def open_installation(
    folder: Path, clock: Clock | None = None, ask: RecoveryAsker = ASK_PEOPLE
) -> Services | None:
    """The installation for the window, or None when the officer can only quit."""
    clock = clock or SystemClock()
    for _ in range(3):  # a restore, then the restored database: it must open
        try:
            return composition.build(folder, clock)
        except DatabaseLost as lost:
            if not _restored(folder, clock, lost, ask):
                return None
        except StorageError as error:
            refuse_start(error, ask)
            return None
    return None


def refuse_start(error: StorageError, ask: RecoveryAsker | None = None) -> None:
    """The window cannot open on this store: say why and what to do, before quitting."""
    LOG.warning("the store cannot be used: %s", error.code)
    (ask or ASK_PEOPLE).tell(None, _title(), store_error_text(error))


def _restored(folder: Path, clock: Clock, lost: DatabaseLost, ask: RecoveryAsker) -> bool:
    LOG.warning("the database is lost (%s): offering the latest backup", lost.reason)
    text = lost_text(lost) + "\n\n" + offer_text(lost)
    if lost.keeps_more:
        source = lost.path  # restored from itself: kept, its numbers raised
    elif lost.backup is not None:
        source = lost.backup.path
    else:
        ask.tell(None, _title(), text)
        return False
    if not ask.restore(None, _title(), text):
        return False
    from counter_app.services import recovery  # a lost database only

    try:
        done = recovery.restore(folder, clock, source)
    except StorageError as error:
        ask.tell(None, _title(), store_error_text(error))
        return False
    LOG.warning("restored %s", done.backup.path.name)
    ask.tell(None, _title(), restored_text(done))
    return True


class StoreFailures(QObject):
    """Failures of the store met while the window runs: logged, shown once per kind."""

    _met = Signal(object)

    def __init__(self, parent: QObject, ask: RecoveryAsker = ASK_PEOPLE) -> None:
        super().__init__(parent)
        self._ask = ask
        self._shown: set[str] = set()
        self._met.connect(self._show)  # queued onto the GUI thread from any thread
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._watch: QTimer | None = None
        self.parent_widget: QWidget | None = None

    def install(self) -> None:
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def report(self, error: BaseException) -> None:
        """A failure handed over by a background task; a bug is raised again."""
        failure = as_storage_error(error)
        if failure is None:
            raise error
        self._met.emit(failure)

    def watch(self, worker: PrintWorker) -> None:
        """The print worker keeps its failure; look at it now and then."""
        self._watch = QTimer(self, interval=2000)
        self._watch.timeout.connect(lambda: self._check(worker))
        self._watch.start()

    def _check(self, worker: PrintWorker) -> None:
        if worker.failure is not None:
            self._met.emit(worker.failure)

    def _hook(
        self, kind: type[BaseException], value: BaseException, trace: TracebackType | None
    ) -> None:
        failure = as_storage_error(value)
        if failure is None:
            self._previous_hook(kind, value, trace)
            return
        self._met.emit(failure)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        failure = as_storage_error(args.exc_value) if args.exc_value else None
        if failure is None:
            self._previous_thread_hook(args)
            return
        self._met.emit(failure)

    def _show(self, failure: StorageError) -> None:
        if failure.code in self._shown:
            return
        self._shown.add(failure.code)
        LOG.warning("store failure: %s", failure.message)
        self._ask.tell(self.parent_widget, _title(), store_error_text(failure))
