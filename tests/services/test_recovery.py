"""The database never lies: a lost one is refused, a restored one never repeats a code.

Real files in tmp_path throughout: the database is deleted, emptied, swapped for
another or an older copy, and brought back with ``restore`` and ``start_over``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.errors import DomainError
from counter_app.domain.reception import parse_reception
from counter_app.domain.retention import DAILY_BACKUPS, RULES
from counter_app.services import maintenance, recovery
from counter_app.services.installation import DatabaseLost, ledger_path
from counter_app.services.printing import PrintWorker
from counter_app.storage import backups, database, ledger
from counter_app.storage.errors import StorageError

REQUEST = parse_reception(EXAMPLE_RECEPTION)
DAY = "000.00.00.Z99-261123-"  # the fake clock's Monday


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def opened(folder: Path, clock: FakeClock) -> Iterator[list[Services]]:
    """Installations opened by a test, closed at its end."""
    built: list[Services] = []
    yield built
    for services in built:
        services.close()


def build(folder: Path, clock: FakeClock, opened: list[Services]) -> Services:
    services = app.build(folder, clock)
    opened.append(services)
    return services


def receive(services: Services, count: int) -> list[str]:
    return [services.reception.receive(REQUEST, "admin").code for _ in range(count)]


def backup_now(services: Services, clock: FakeClock) -> Path:
    clock.advance(timedelta(minutes=1))  # one backup a minute: distinct names
    target = recovery.take_backup(services.db, services.path.parent, clock.now())
    clock.advance(timedelta(minutes=1))
    return target


def remove_database(folder: Path) -> None:
    for name in ("counter.db", "counter.db-wal", "counter.db-shm"):
        (folder / name).unlink(missing_ok=True)


# --- the lost database is refused -------------------------------------------------------


def test_a_deleted_database_is_refused_not_recreated(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    assert receive(services, 2) == [f"{DAY}1000", f"{DAY}1001"]
    services.close()
    remove_database(folder)
    with pytest.raises(DatabaseLost) as lost:
        app.build(folder, clock)
    assert lost.value.reason == "missing"
    assert lost.value.last_code == f"{DAY}1001"
    assert lost.value.backup is None
    assert str(lost.value).endswith(  # one way left, not "no backup…, or start…"
        "no backup of it was found; start an empty database that keeps the numbering "
        "with 'counter-app db start-over --confirm'"
    )
    assert not (folder / "counter.db").exists()  # nothing was created in its place


def test_a_zero_byte_database_is_refused(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    receive(services, 1)
    backup_now(services, clock)
    services.close()
    remove_database(folder)
    (folder / "counter.db").write_bytes(b"")
    with pytest.raises(DatabaseLost) as lost:
        app.build(folder, clock)
    assert lost.value.reason == "empty"
    assert lost.value.backup is not None and lost.value.backup.dossiers == 1
    assert "db restore --latest" in str(lost.value)
    assert (folder / "counter.db").stat().st_size == 0  # left as found


def test_another_installations_database_is_refused(
    tmp_path: Path, folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    receive(build(folder, clock, opened), 1)
    other = build(tmp_path / "other", clock, opened)
    receive(other, 3)
    for services in opened:
        services.close()
    remove_database(folder)
    shutil.copy(tmp_path / "other" / "counter.db", folder / "counter.db")
    with pytest.raises(DatabaseLost) as lost:
        app.build(folder, clock)
    assert lost.value.reason == "other"


def test_an_older_copy_put_back_by_hand_is_refused(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    receive(services, 3)
    old = backup_now(services, clock)
    receive(services, 2)
    services.close()
    remove_database(folder)
    shutil.copy(old, folder / "counter.db")  # not through 'db restore'
    with pytest.raises(DatabaseLost) as lost:
        app.build(folder, clock)
    assert lost.value.reason == "older"
    assert lost.value.found is not None and lost.value.found[0] == 3
    assert "fewer dossiers (3) than this installation had (" in str(lost.value)


def test_an_installation_that_numbered_nothing_may_start_afresh(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    build(folder, clock, opened).close()
    remove_database(folder)
    services = build(folder, clock, opened)  # nothing was numbered: nothing to lose
    assert receive(services, 1) == [f"{DAY}1000"]


def test_a_database_from_before_the_ledger_is_adopted(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    receive(services, 2)
    services.close()
    forget_the_ledger(folder)  # as an installation of the previous version
    build(folder, clock, opened).close()
    assert (folder / ledger.LEDGER_NAME).is_file()  # and its copy
    adopted = ledger.read(ledger_path(folder))
    assert adopted is not None
    assert adopted.issued == {"000.00.00.Z99": {"2026-11-23": 1001}}
    assert adopted.dossiers == 2


# --- restore and start over ---------------------------------------------------------------


def test_after_a_restore_the_numbers_continue_above_the_ledger(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    """Receive 3, back up, receive 2, lose the database, restore: the 6th number next."""
    services = build(folder, clock, opened)
    assert receive(services, 3)[-1] == f"{DAY}1002"
    backup = backup_now(services, clock)
    assert receive(services, 2)[-1] == f"{DAY}1004"
    services.close()
    remove_database(folder)

    done = recovery.restore(folder, clock)

    assert done.backup.path == backup
    assert done.backup.dossiers == 3
    restored = build(folder, clock, opened)
    assert restored.db.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 3
    assert receive(restored, 1) == [f"{DAY}1005"]  # not 1003: that code was given out
    assert maintenance.check_database(restored.db).ok
    kinds = [e[0] for e in restored.db.execute("SELECT type FROM events ORDER BY seq")]
    assert "database.restored" in kinds


def test_restore_moves_the_damaged_file_aside_never_deletes_it(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    receive(services, 1)
    backup_now(services, clock)
    services.close()
    remove_database(folder)
    (folder / "counter.db").write_bytes(b"not a database at all, sorry" * 100)
    with pytest.raises(StorageError) as refused:
        app.build(folder, clock)
    assert refused.value.code == "database_not_database"
    done = recovery.restore(folder, clock)
    [aside] = done.moved_aside
    assert aside.read_bytes() == b"not a database at all, sorry" * 100
    assert aside.name.startswith("counter.db.replaced-")
    assert receive(build(folder, clock, opened), 1) == [f"{DAY}1001"]


def test_restore_refuses_an_intact_database_unless_forced(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    receive(services, 1)
    backup_now(services, clock)
    receive(services, 1)
    services.close()
    with pytest.raises(StorageError) as refused:
        recovery.restore(folder, clock)
    assert refused.value.code == "database_intact"
    assert "--force" in str(refused.value)
    done = recovery.restore(folder, clock, force=True)
    assert done.backup.dossiers == 1
    assert receive(build(folder, clock, opened), 1) == [f"{DAY}1002"]


def test_restore_refuses_while_the_database_is_in_use(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    receive(services, 1)
    backup_now(services, clock)
    with pytest.raises(StorageError) as refused:
        recovery.restore(folder, clock, force=True)
    assert refused.value.code == "database_in_use"
    assert receive(services, 1) == [f"{DAY}1001"]  # the running one is untouched


def test_latest_skips_a_damaged_backup_and_another_installations(
    tmp_path: Path, folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    receive(services, 2)
    good = backup_now(services, clock)
    damaged = backup_now(services, clock)
    services.close()
    other = build(tmp_path / "other", clock, opened)
    foreign = backup_now(other, clock)
    other.close()
    shutil.copy(foreign, backups.folder(folder) / foreign.name)
    flip_a_page(damaged, page=3)
    remove_database(folder)
    done = recovery.restore(folder, clock)
    assert done.backup.path == good
    assert [why for _, why in done.skipped] == [
        "it is the database of another installation",
        "it is damaged (SQLite's integrity check failed)",
    ]


def test_restore_of_a_named_file_that_is_not_ours_is_refused(
    tmp_path: Path, folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    receive(build(folder, clock, opened), 1)
    other = build(tmp_path / "other", clock, opened)
    foreign = backup_now(other, clock)
    for services in opened:
        services.close()
    remove_database(folder)
    with pytest.raises(StorageError) as refused:
        recovery.restore(folder, clock, foreign)
    assert refused.value.code == "backup_unusable"
    assert "another installation" in str(refused.value)
    assert not (folder / "counter.db").exists()


def test_start_over_keeps_the_unit_and_the_numbering(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    device = services.unit.device_id
    receive(services, 4)
    services.close()
    remove_database(folder)
    done = recovery.start_over(folder, clock, app.catalogue_file())
    assert done.moved_aside == []
    fresh = build(folder, clock, opened)
    assert fresh.db.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 0
    assert fresh.unit.device_id == device
    assert fresh.accounts.needs_setup()
    assert receive(fresh, 1) == [f"{DAY}1004"]


def test_a_backup_from_before_a_start_over_is_still_ours(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    receive(services, 2)
    before = backup_now(services, clock)
    services.close()
    recovery.start_over(folder, clock, app.catalogue_file())
    receive(build(folder, clock, opened), 1)
    opened[-1].close()
    done = recovery.restore(folder, clock, before, force=True)
    assert done.backup.dossiers == 2
    assert receive(build(folder, clock, opened), 1) == [f"{DAY}1003"]


# --- the ledger reserves numbers before they are handed out -------------------------------


def reserved(folder: Path) -> int:
    written = json.loads(ledger_path(folder).read_text(encoding="utf-8"))
    return int(written["issued"]["000.00.00.Z99"]["2026-11-23"])


def test_every_code_is_reserved_in_the_ledger_before_the_reception_returns(
    folder: Path, clock: FakeClock, opened: list[Services], monkeypatch: pytest.MonkeyPatch
) -> None:
    services = build(folder, clock, opened)
    writes: list[Path] = []
    real_write = ledger.write

    def counted(path: Path, led: ledger.Ledger) -> None:
        writes.append(path)
        real_write(path, led)

    monkeypatch.setattr(ledger, "write", counted)
    for number in range(1000, 1000 + 2 * ledger.RESERVE_AHEAD + 1):
        assert receive(services, 1) == [f"{DAY}{number}"]
        assert reserved(folder) >= number
    assert len(writes) == 3  # one write per RESERVE_AHEAD receptions
    assert reserved(folder) == 1000 + 3 * ledger.RESERVE_AHEAD - 1
    assert not list(ledger_path(folder).parent.glob("*.tmp"))


def test_a_clean_close_gives_unused_reservations_back(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    receive(services, 3)
    services.close()
    assert reserved(folder) == 1002
    assert receive(build(folder, clock, opened), 1) == [f"{DAY}1003"]  # no gap


def test_after_a_crash_the_reserved_numbers_are_skipped_never_reused(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    receive(services, 3)
    services.db.close()  # killed: no clean close
    opened.remove(services)
    after = build(folder, clock, opened)
    assert receive(after, 1) == [f"{DAY}{1000 + ledger.RESERVE_AHEAD}"]  # a gap


def test_an_older_copy_within_a_reservation_cannot_repeat_a_code(
    tmp_path: Path, folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    """A copy taken while the counter ran, put back by hand: too recent for the ledger's
    counts to tell, yet the numbering goes above every code the ledger may have seen."""
    services = build(folder, clock, opened)
    receive(services, 2)
    services.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = tmp_path / "copy.db"
    shutil.copy(folder / "counter.db", copy)
    given = receive(services, 3)
    services.db.close()  # and the program dies
    opened.remove(services)
    remove_database(folder)
    shutil.copy(copy, folder / "counter.db")
    after = build(folder, clock, opened)
    assert after.db.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 2
    code = receive(after, 1)[0]
    assert code not in given
    assert code == f"{DAY}{1000 + ledger.RESERVE_AHEAD}"


def test_a_reception_that_fails_at_the_commit_reuses_nothing_anyone_saw(
    folder: Path, clock: FakeClock, opened: list[Services], monkeypatch: pytest.MonkeyPatch
) -> None:
    services = build(folder, clock, opened)
    real_write = ledger.write

    def written_then_the_commit_fails(path: Path, led: ledger.Ledger) -> None:
        real_write(path, led)
        raise StorageError("database_disk_full", "the disk is full")

    monkeypatch.setattr(ledger, "write", written_then_the_commit_fails)
    with pytest.raises(StorageError):
        services.reception.receive(REQUEST, "admin")
    monkeypatch.undo()
    assert services.db.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 0
    assert reserved(folder) == 999 + ledger.RESERVE_AHEAD  # reserved before the commit
    # 1000 was never shown: the database did not take it. The first committed number
    # of the day still goes above what the ledger reserved.
    assert receive(services, 1) == [f"{DAY}{1000 + ledger.RESERVE_AHEAD}"]


def test_a_batch_writes_the_ledger_once(
    folder: Path, clock: FakeClock, opened: list[Services], monkeypatch: pytest.MonkeyPatch
) -> None:
    services = build(folder, clock, opened)
    writes: list[Path] = []
    real_write = ledger.write

    def counted(path: Path, led: ledger.Ledger) -> None:
        writes.append(path)
        real_write(path, led)

    monkeypatch.setattr(ledger, "write", counted)
    services.reception.receive_many([REQUEST] * 50, "admin")
    assert len(writes) == 1
    assert reserved(folder) == 1049 + ledger.RESERVE_AHEAD - 1


def test_a_reservation_never_leaves_the_counter_s_block(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    services.reception.receive_many([REQUEST] * 995, "admin")
    assert reserved(folder) == 1999  # not 2013: that is counter 2's
    services.db.close()  # a crash: the reservation stays
    opened.remove(services)
    after = build(folder, clock, opened)
    with pytest.raises(DomainError) as refused:
        after.reception.receive(REQUEST, "admin")
    assert refused.value.code == "sequence_exhausted"  # never back to 1000


def test_a_damaged_ledger_is_a_clear_error(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    build(folder, clock, opened).close()
    ledger_path(folder).write_text("{not json", encoding="utf-8")
    with pytest.raises(StorageError) as refused:
        app.build(folder, clock)
    assert refused.value.code == "ledger_damaged"
    assert "move the ledger aside" in str(refused.value)


# --- daily backups --------------------------------------------------------------------------


def test_the_daily_backup_is_taken_once_a_day_and_a_week_is_kept(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    build(folder, clock, opened).close()
    taken = []
    for _ in range(10):
        taken.append(recovery.daily_backup(folder, clock.now()))
        assert recovery.daily_backup(folder, clock.now()) is None  # once a day
        clock.advance(timedelta(days=1))
    newest = taken[-1]
    assert all(taken) and newest is not None
    kept = [p.name for p in backups.listing(folder)]
    assert len(kept) == RULES[DAILY_BACKUPS].default  # a week: taken 7 days ago is past it
    assert kept[0] == newest.name
    copy = sqlite3.connect(newest)
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    copy.close()


def test_a_damaged_database_is_not_copied_over_good_backups(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    services.reception.receive_many([REQUEST] * 200, "admin")
    services.close()
    flip_a_page(folder / "counter.db", page=20)
    with pytest.raises(StorageError) as refused:
        recovery.daily_backup(folder, clock.now())
    assert refused.value.code == "database_corrupt"
    assert backups.listing(folder) == []


def flip_a_page(path: Path, page: int) -> None:
    """Scramble the middle of one page, as a failing disk would."""
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    start = page_size * (page - 1) + 8
    for offset in range(start, start + 200):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def test_busy_timeout_is_the_store_s_and_a_lock_is_a_typed_error(
    folder: Path, clock: FakeClock, opened: list[Services], monkeypatch: pytest.MonkeyPatch
) -> None:
    services = build(folder, clock, opened)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.2)
    other = sqlite3.connect(folder / "counter.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    services.db.conn.execute("PRAGMA busy_timeout = 200")
    try:
        with pytest.raises(StorageError) as refused:
            services.reception.receive(REQUEST, "admin")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert refused.value.code == "database_busy"
    assert "locked by another program for more than 0.2 s" in str(refused.value)
    assert receive(services, 1) == [f"{DAY}1000"]


# --- background work -----------------------------------------------------------------------


def test_the_print_worker_keeps_a_store_failure_and_goes_on(
    folder: Path, clock: FakeClock, opened: list[Services], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store locked past the wait: the worker logs one line, keeps the failure for the
    window, never dies with a traceback, and works again once the lock is gone."""
    services = build(folder, clock, opened)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.1)
    holder = sqlite3.connect(folder / "counter.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    worker = app.print_worker(services)
    worker.start()
    try:
        deadline = time.monotonic() + 10
        while worker.failure is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert worker.failure is not None and worker.failure.code == "database_busy"
        assert worker.is_alive()
        holder.execute("ROLLBACK")
        worker.wake()
        while worker.failure is not None and time.monotonic() < deadline:
            time.sleep(0.02)
            worker.wake()
        assert worker.failure is None
    finally:
        holder.close()
        worker.stop()
    assert not worker.is_alive()


def test_the_print_worker_on_a_folder_in_place_of_the_database(tmp_path: Path) -> None:
    (tmp_path / "counter.db").mkdir()
    worker = PrintWorker(tmp_path / "counter.db", lambda db: pytest.fail("no service"))
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive()
    assert worker.failure is not None and worker.failure.code == "database_is_directory"


# --- the ledger lost too, and a database that holds more than the backup -----------------


def lost_with_its_ledger(
    folder: Path, clock: FakeClock, opened: list[Services], backed_up: int, after: int = 0
) -> str:
    """``backed_up`` dossiers received and backed up, ``after`` more; then the database
    and the ledger deleted, the backups left. The device id."""
    services = build(folder, clock, opened)
    receive(services, backed_up)
    backup_now(services, clock)
    receive(services, after)
    services.close()
    remove_database(folder)
    forget_the_ledger(folder)
    return services.unit.device_id


def forget_the_ledger(folder: Path) -> None:
    """Both copies: beside the backups and in the data folder."""
    ledger_path(folder).unlink()
    (folder / ledger.LEDGER_NAME).unlink()


def test_the_ledger_is_kept_twice_and_either_copy_is_enough(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    """Deleting the backups folder with the database (or the ledger beside the backups,
    then putting the newest backup in place of the database) gave out the day's codes
    again: the copy in the data folder still knows them."""
    services = build(folder, clock, opened)
    receive(services, 3)
    backup_now(services, clock)
    receive(services, 2)  # 1003 and 1004: in no backup
    services.close()
    assert ledger.read(folder / ledger.LEDGER_NAME) == ledger.read(ledger_path(folder))
    newest = backups.listing(folder)[0]
    shutil.copy(newest, folder.parent / "newest.db")
    ledger_path(folder).unlink()
    remove_database(folder)
    shutil.copy(folder.parent / "newest.db", folder / "counter.db")
    with pytest.raises(DatabaseLost) as lost:
        app.build(folder, clock)
    assert lost.value.reason == "older" and lost.value.last_code == f"{DAY}1004"
    remove_database(folder)
    shutil.rmtree(folder / "backups")
    with pytest.raises(DatabaseLost) as gone:
        app.build(folder, clock)
    assert gone.value.reason == "missing" and gone.value.last_code == f"{DAY}1004"
    done = recovery.start_over(folder, clock, app.catalogue_file())
    assert not done.ledger_lost
    assert receive(build(folder, clock, opened), 1) == [f"{DAY}1005"]


def test_an_installation_with_one_copy_is_given_the_other_at_its_start(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    """As a version before the copy left it."""
    services = build(folder, clock, opened)
    receive(services, 2)
    services.close()
    (folder / ledger.LEDGER_NAME).unlink()
    build(folder, clock, opened).close()
    assert ledger.read(folder / ledger.LEDGER_NAME) == ledger.read(ledger_path(folder))


def test_a_copy_written_short_is_joined_keeping_the_higher_numbers(tmp_path: Path) -> None:
    """The program died between the two writes: the copy is one write behind."""
    path = tmp_path / "data" / "backups" / ledger.LEDGER_NAME
    older = ledger.Ledger("db-1", "dev-1", issued={"A": {"2026-11-23": 1020}})
    older.updated_at = "2026-11-23T09:00:00+07:00"
    ledger.write(path, older)
    newer = ledger.Ledger("db-1", "dev-1", issued={"A": {"2026-11-23": 1040}}, dossiers=5)
    newer.updated_at = "2026-11-23T09:05:00+07:00"
    ledger._write_one(path, json.dumps(newer.to_data()))  # the copy is not written
    assert ledger.mirror_of(path) == tmp_path / "data" / ledger.LEDGER_NAME
    joined = ledger.read(path)
    assert joined is not None and joined.issued == {"A": {"2026-11-23": 1040}}
    assert joined.dossiers == 5
    path.unlink()  # and the other way round: only the copy knows the later numbers
    ledger.write(path, older)
    ledger._write_one(tmp_path / "data" / ledger.LEDGER_NAME, json.dumps(newer.to_data()))
    joined = ledger.read(path)
    assert joined is not None and joined.issued == {"A": {"2026-11-23": 1040}}


def test_database_and_ledger_lost_with_backups_left_is_refused(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    """The backups still show that this installation numbered dossiers: starting from
    nothing would give its codes again."""
    lost_with_its_ledger(folder, clock, opened, 3, after=2)
    with pytest.raises(DatabaseLost) as lost:
        app.build(folder, clock)
    assert lost.value.reason == "missing"
    assert lost.value.ledger_missing
    assert lost.value.last_code == f"{DAY}1002"  # what the backup knows
    assert lost.value.backup is not None and lost.value.backup.dossiers == 3
    assert "and its ledger" in str(lost.value) and "is gone" in str(lost.value)
    assert not (folder / "counter.db").exists()  # nothing was created

    done = recovery.restore(folder, clock)
    assert done.ledger_lost and done.backup.dossiers == 3
    assert receive(build(folder, clock, opened), 1) == [f"{DAY}1003"]


def test_a_fresh_database_in_place_of_a_lost_one_is_refused_without_ledger(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    lost_with_its_ledger(folder, clock, opened, 2)
    sqlite3.connect(folder / "counter.db").close()  # an empty file SQLite made
    with pytest.raises(DatabaseLost) as lost:
        app.build(folder, clock)
    assert lost.value.ledger_missing


def test_start_over_without_ledger_keeps_the_backup_s_unit_and_numbers(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    device = lost_with_its_ledger(folder, clock, opened, 3)
    done = recovery.start_over(folder, clock, app.catalogue_file())
    assert done.ledger_lost
    fresh = build(folder, clock, opened)
    assert fresh.unit.device_id == device
    assert receive(fresh, 1) == [f"{DAY}1003"]


def test_backups_that_hold_no_dossier_do_not_block_a_first_run(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    lost_with_its_ledger(folder, clock, opened, 0)
    assert receive(build(folder, clock, opened), 1) == [f"{DAY}1000"]


def lose_the_last_two(folder: Path, clock: FakeClock, opened: list[Services]) -> Services:
    """5 dossiers received, 3 of them backed up; then the file goes back to the 5th
    while the ledger knows 7 (a write-ahead log lost)."""
    services = build(folder, clock, opened)
    receive(services, 3)
    backup_now(services, clock)
    receive(services, 2)
    services.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    snapshot = folder.parent / "five.db"
    shutil.copy(folder / "counter.db", snapshot)
    receive(services, 2)
    services.close()
    remove_database(folder)
    shutil.copy(snapshot, folder / "counter.db")
    return services


def test_restore_refuses_a_backup_that_holds_fewer_than_the_database(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    lose_the_last_two(folder, clock, opened)
    with pytest.raises(DatabaseLost) as lost:
        app.build(folder, clock)
    assert lost.value.reason == "older" and lost.value.keeps_more
    assert f"keep it with 'counter-app db restore {folder / 'counter.db'}'" in str(lost.value)
    with pytest.raises(StorageError) as refused:
        recovery.restore(folder, clock)
    assert refused.value.code == "database_fuller"
    assert "would drop 2" in str(refused.value)
    assert len(backups.listing(folder)) == 1  # nothing moved


def test_a_damaged_database_that_counts_more_is_not_offered_to_be_kept(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    """A damaged table still counts its rows through an intact index. Restoring the
    backup was refused with the advice to keep the database, which was then refused as
    damaged: the officer went round in a circle. Only --force restores, and it says so."""
    services = build(folder, clock, opened)
    receive(services, 3)
    backup_now(services, clock)
    receive(services, 2)
    services.close()
    with closing(sqlite3.connect(folder / "counter.db")) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'dossiers'")
        page = root.fetchone()[0]
    flip_a_page(folder / "counter.db", page)
    with pytest.raises(StorageError) as refused:
        recovery.restore(folder, clock)
    assert refused.value.code == "database_fuller"
    assert "is damaged" in str(refused.value) and "keep the database" not in str(refused.value)
    assert "--force" in str(refused.value)
    with pytest.raises(StorageError) as kept:  # what the old advice led to
        recovery.restore(folder, clock, folder / "counter.db")
    assert kept.value.code == "backup_unusable"
    done = recovery.restore(folder, clock, force=True)
    assert done.backup.dossiers == 3
    assert receive(build(folder, clock, opened), 1) == [f"{DAY}1005"]  # never 1003 again


def test_the_database_itself_is_kept_with_its_numbers_raised(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    lose_the_last_two(folder, clock, opened)
    done = recovery.restore(folder, clock, folder / "counter.db")
    assert done.kept and done.backup.dossiers == 5
    kept = build(folder, clock, opened)
    assert kept.db.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 5
    assert receive(kept, 1) == [f"{DAY}1007"]  # 1005 and 1006 were given out


def test_a_lost_last_event_is_named_as_events_not_dossiers(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    receive(services, 2)
    services.close()
    conn = sqlite3.connect(folder / "counter.db")
    conn.executescript(
        "DROP TRIGGER events_append_only_delete;"
        " DELETE FROM events WHERE seq = (SELECT max(seq) FROM events);"
    )
    conn.close()
    with pytest.raises(DatabaseLost) as lost:
        app.build(folder, clock)
    assert lost.value.events_only
    assert "holds fewer events (" in str(lost.value)
    assert "fewer dossiers" not in str(lost.value)


def test_a_restore_source_that_cannot_be_reached_is_refused(
    folder: Path, clock: FakeClock, opened: list[Services]
) -> None:
    services = build(folder, clock, opened)
    receive(services, 1)
    services.close()
    remove_database(folder)
    with pytest.raises(StorageError) as refused:
        recovery.restore(folder, clock, folder / ("a" * 300))
    assert refused.value.code == "backup_unusable"
    assert "cannot be read" in str(refused.value)


@pytest.mark.parametrize(
    "sql", ["UPDATE dossier_sequences SET last_used = 1000", "DELETE FROM dossier_sequences"]
)
def test_a_lowered_or_lost_sequence_row_never_repeats_a_code(
    folder: Path, clock: FakeClock, opened: list[Services], sql: str
) -> None:
    """The ledger says too little as well (both edited): the stored codes still count."""
    services = build(folder, clock, opened)
    receive(services, 4)
    services.close()
    conn = sqlite3.connect(folder / "counter.db")
    conn.execute(sql)
    conn.commit()
    conn.close()
    data = json.loads(ledger_path(folder).read_text(encoding="utf-8"))
    data["issued"] = {}
    ledger_path(folder).write_text(json.dumps(data), encoding="utf-8")
    assert receive(build(folder, clock, opened), 1) == [f"{DAY}1004"]
