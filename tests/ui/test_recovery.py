"""The window's side of a failing store: the lost database dialog, and failures met later.

The dialogs' answers are scripted; the texts are checked in Vietnamese with the
catalogue compiled from the .ts for the test.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.reception import parse_reception
from counter_app.services import recovery
from counter_app.services.installation import StorageError
from counter_app.storage.database import transaction
from counter_app.ui.reception_form import ReceptionForm
from counter_app.ui.recovery import RecoveryAsker, StoreFailures, open_installation

REQUEST = parse_reception(EXAMPLE_RECEPTION)
TS = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "counter_app_vi.ts"


class Script:
    """Answers the recovery dialogs the way the test says, and keeps what they said."""

    def __init__(self, restore: bool) -> None:
        self.answer = restore
        self.asked: list[str] = []
        self.told: list[str] = []

    def asker(self) -> RecoveryAsker:
        def restore(parent: Any, title: str, text: str) -> bool:
            self.asked.append(text)
            return self.answer

        def tell(parent: Any, title: str, text: str) -> None:
            self.told.append(text)

        return RecoveryAsker(restore, tell)


@pytest.fixture
def vietnamese(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    qm = tmp_path / "vi.qm"
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


@pytest.fixture
def folder(tmp_path: Path, clock: FakeClock) -> Path:
    """An installation that received 3 dossiers, backed up, then 2 more; then lost."""
    data = tmp_path / "data"
    services = app.build(data, clock)
    for _ in range(3):
        services.reception.receive(REQUEST, "admin")
    clock.advance(timedelta(minutes=30))  # 09:30
    recovery.take_backup(services.db, data, clock.now())
    clock.advance(timedelta(minutes=30))
    for _ in range(2):
        services.reception.receive(REQUEST, "admin")
    services.close()
    for name in ("counter.db", "counter.db-wal", "counter.db-shm"):
        (data / name).unlink(missing_ok=True)
    return data


def test_a_lost_database_offers_the_latest_backup_and_restores_it(
    vietnamese: None, folder: Path, clock: FakeClock
) -> None:
    script = Script(restore=True)
    services = open_installation(folder, clock, script.asker())
    assert services is not None
    try:
        [offer] = script.asked
        assert offer.startswith("Không tìm thấy tệp cơ sở dữ liệu counter.db")
        assert "mã cuối cùng: 000.00.00.Z99-261123-1004" in offer
        assert "Bản sao lưu gần nhất được tạo lúc 09:30 23/11/2026, có 3 hồ sơ." in offer
        [restored] = script.told
        assert restored.startswith("Đã khôi phục bản sao lưu lúc 09:30 23/11/2026: 3 hồ sơ.")
        code = services.reception.receive(REQUEST, "admin").code
        assert code == "000.00.00.Z99-261123-1005"  # never 1003 again
    finally:
        services.close()


def test_quitting_leaves_everything_as_it_was(folder: Path, clock: FakeClock) -> None:
    script = Script(restore=False)
    assert open_installation(folder, clock, script.asker()) is None
    assert len(script.asked) == 1 and script.told == []
    assert not (folder / "counter.db").exists()


def test_without_a_backup_the_officer_is_told_whom_to_ask(
    vietnamese: None, folder: Path, clock: FakeClock
) -> None:
    for backup in (folder / "backups").glob("*.db"):
        backup.unlink()
    script = Script(restore=True)
    assert open_installation(folder, clock, script.asker()) is None
    assert script.asked == []
    [told] = script.told
    assert "Không tìm thấy bản sao lưu nào của quầy này" in told
    assert "counter-app db start-over --confirm" in told


def test_a_database_that_holds_more_than_the_backup_is_offered_to_be_kept(
    vietnamese: None, tmp_path: Path, clock: FakeClock
) -> None:
    """The file went back to an earlier state (its write-ahead log lost), yet it holds
    more than the backup: keeping it loses less, and no code is given again."""
    data = tmp_path / "data"
    services = app.build(data, clock)
    for _ in range(3):
        services.reception.receive(REQUEST, "admin")
    clock.advance(timedelta(minutes=30))
    recovery.take_backup(services.db, data, clock.now())
    for _ in range(2):
        services.reception.receive(REQUEST, "admin")
    services.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    snapshot = (data / "counter.db").read_bytes()
    services.reception.receive(REQUEST, "admin")
    services.close()
    for name in ("counter.db-wal", "counter.db-shm"):
        (data / name).unlink(missing_ok=True)
    (data / "counter.db").write_bytes(snapshot)

    script = Script(restore=True)
    services = open_installation(data, clock, script.asker())
    assert services is not None
    try:
        [offer] = script.asked
        assert "Tệp counter.db có ít hồ sơ hơn (5)" in offer
        assert "Giữ nguyên tệp counter.db (có 5 hồ sơ)?" in offer
        [kept] = script.told
        assert kept.startswith("Đã giữ nguyên tệp counter.db (có 5 hồ sơ).")
        assert services.db.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 5
        code = services.reception.receive(REQUEST, "admin").code
        assert code == "000.00.00.Z99-261123-1006"  # 1005 was given out, then lost
    finally:
        services.close()


def test_a_damaged_database_is_one_vietnamese_sentence(
    vietnamese: None, folder: Path, clock: FakeClock
) -> None:
    (folder / "counter.db").write_bytes(os.urandom(8192))
    script = Script(restore=True)
    assert open_installation(folder, clock, script.asker()) is None
    assert script.told == [
        "Tệp counter.db không phải là cơ sở dữ liệu. Hãy nhờ cán bộ tin học khôi phục bản "
        "sao lưu gần nhất (counter-app db restore --latest)."
    ]


def test_a_damaged_page_met_at_the_start_is_one_vietnamese_sentence(
    vietnamese: None, tmp_path: Path, clock: FakeClock
) -> None:
    """The file's header is intact, so the cheap check passes; the dossiers' first page
    is not, and the start meets it while counting them. Before, SQLite's own error
    escaped the window's start as a traceback, and no dialog was shown."""
    data = tmp_path / "data"
    services = app.build(data, clock)
    for _ in range(3):
        services.reception.receive(REQUEST, "admin")
    services.close()
    path = data / "counter.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'dossiers'")
        root = page.fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as file:
        file.seek((root - 1) * size)
        file.write(os.urandom(size))
    script = Script(restore=True)
    assert open_installation(data, clock, script.asker()) is None
    assert script.told == [
        "Cơ sở dữ liệu bị hỏng. Hãy nhờ cán bộ tin học khôi phục bản sao lưu gần nhất "
        "(counter-app db restore --latest)."
    ]


def test_office_hours_that_do_not_read_stop_the_window_with_one_sentence(
    vietnamese: None, folder: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promised times are counted in the office hours: damaged ones are not guessed, and
    the window says so rather than crash while it builds (after the login)."""
    from PySide6.QtWidgets import QDialog

    from counter_app.storage import settings
    from counter_app.ui import main as gui
    from counter_app.ui import recovery as ui_recovery

    recovery.restore(folder, clock)  # the installation of the fixture, whole again
    services = app.build(folder, clock)
    with transaction(services.db):
        settings.put(services.db, "working_hours", "7h30 đến 17h")  # edited by hand
    officer = services.accounts.officers()[0]

    class LoggedIn:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.officer = officer

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted

    script = Script(restore=False)
    monkeypatch.setattr(services.accounts, "needs_setup", lambda: False)  # set up already
    monkeypatch.setattr(gui, "LoginDialog", LoggedIn)
    monkeypatch.setattr(ui_recovery, "ASK_PEOPLE", script.asker())
    try:  # the Vietnamese is the fixture's: nothing left behind
        assert gui.run(services, "en") == 2
    finally:
        services.close()  # run() leaves that to whoever opened them
    assert script.told == [
        "Một phần dữ liệu đã lưu bị hỏng, không hiển thị được. Hãy nhờ cán bộ tin học kiểm "
        "tra cơ sở dữ liệu (counter-app db check)."
    ]


@pytest.mark.parametrize("dialog", ["SetupDialog", "LoginDialog"])
def test_a_start_given_up_at_its_dialog_leaves_no_hook_behind(
    qtbot: Any, services: Services, monkeypatch: pytest.MonkeyPatch, dialog: str
) -> None:
    """Set-up or login cancelled: the start ends with 0, and the failure hooks it
    installed are gone, so a later error is Python's own again."""
    from PySide6.QtWidgets import QDialog

    from counter_app.ui import main as gui

    class Cancelled:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Rejected

    before = (sys.excepthook, threading.excepthook)
    monkeypatch.setattr(services.accounts, "needs_setup", lambda: dialog == "SetupDialog")
    monkeypatch.setattr(gui, dialog, Cancelled)
    assert gui.run(services, "en") == 0
    assert (sys.excepthook, threading.excepthook) == before


def test_a_full_disk_at_the_counter_keeps_the_form_and_says_so(
    qtbot: Any, vietnamese: None, services: Services
) -> None:
    form = ReceptionForm(services, "admin")
    qtbot.addWidget(form)
    form.procedure_search.setText("2.000884")
    form.applicant.full_name.setText("Lê Văn Bình")
    form.applicant.phone.setText("0987654321")
    pages = services.db.execute("PRAGMA page_count").fetchone()[0]
    services.db.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow
    try:
        with pytest.raises(StorageError):  # use up the room left inside the file
            for _ in range(1000):
                services.reception.receive(REQUEST, "admin")
        saved = services.db.execute("SELECT count(*) FROM dossiers").fetchone()[0]
        assert form.submit() is None
    finally:
        services.db.execute("PRAGMA max_page_count = 1073741823")
    assert form.general_error.text().startswith("Ổ đĩa đã đầy: chưa có gì được lưu.")
    assert form.applicant.full_name.text() == "Lê Văn Bình"  # nothing typed is lost
    assert services.db.execute("SELECT count(*) FROM dossiers").fetchone()[0] == saved
    assert form.submit() is not None


def test_a_failure_met_anywhere_is_shown_once_and_a_bug_is_not_hidden(
    qtbot: Any, qapp: QApplication
) -> None:
    script = Script(restore=False)
    failures = StoreFailures(qapp, script.asker())
    failures.install()
    try:
        busy = StorageError("database_busy", "locked", waited="10")
        sys.excepthook(StorageError, busy, None)
        sys.excepthook(StorageError, busy, None)
        worker = threading.Thread(target=lambda: (_ for _ in ()).throw(busy))
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(script.told) == 1)
        with pytest.raises(ValueError, match="a bug"):
            failures.report(ValueError("a bug"))
    finally:
        failures.uninstall()
    assert script.told == [
        "The data is locked by another program for more than 10 s: close it (another counter "
        "window, a database viewer) and try again."
    ]


@pytest.mark.usefixtures("vietnamese")
def test_a_folder_beside_the_database_is_named_to_the_officer(
    qapp: QApplication, tmp_path: Path
) -> None:
    """SQLite calls it read-only; the officer is told which folder is in the way."""
    from counter_app.storage import database
    from counter_app.ui.messages import store_error_text

    built = app.build(tmp_path / "data")
    path = built.path
    built.close()
    path.with_name(path.name + "-shm").unlink(missing_ok=True)
    path.with_name(path.name + "-shm").mkdir()
    connection = database.connect(path)
    try:
        with pytest.raises(StorageError) as refused, transaction(connection) as conn:
            conn.execute("CREATE TABLE probe (x)")
    finally:
        connection.close()
    text = store_error_text(refused.value)
    assert "thư mục tên counter.db-shm" in text and "Dữ liệu không mất" in text
