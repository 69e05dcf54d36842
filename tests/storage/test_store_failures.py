"""Failures of the store are typed, name no citizen, and lose nothing already saved."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.reception import parse_reception
from counter_app.storage import database, dossiers, ledger
from counter_app.storage.errors import StorageError

REQUEST = parse_reception(EXAMPLE_RECEPTION)
APPLICANT = EXAMPLE_RECEPTION["applicant"]
PERSONAL = [
    APPLICANT["full_name"],
    APPLICANT["id_number"],
    APPLICANT["birth_date"],
    APPLICANT["address"],
    APPLICANT["phone"],
    "Nguy",  # what is left of the name around a broken byte
]


def assert_names_no_citizen(error: BaseException) -> None:
    text = f"{error} {error!r} {getattr(error, 'params', '')}"
    for fragment in PERSONAL:
        assert fragment not in text, fragment
    assert error.__cause__ is None and error.__suppress_context__


def damage(services: Services, column: str, value: bytes | str) -> None:
    with database.transaction(services.db):
        services.db.execute(f"UPDATE dossiers SET {column} = CAST(? AS TEXT)", [value])


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("applicant", b'{"full_name": "Nguy\xe1\xbb n V\xff An", "id_number": "001090123456"}'),
        ("applicant", '{"full_name": "Nguyễn Văn An", "id_number": "001090123456", '),
        ("applicant", '{"full_name": "Nguyễn Văn An", "birth_date": "1990-01-01x"}'),
        ("applicant", '{"full_name": "Nguyễn Văn An", "id_number": "001090123456", "x": 1}'),
        ("documents", "[1, 2]"),
        ("received_at", "Nguyễn Văn An 001090123456"),
    ],
)
def test_a_damaged_row_is_named_by_its_code_never_by_its_content(
    services: Services, column: str, value: bytes | str
) -> None:
    code = services.reception.receive(REQUEST, "admin").code
    damage(services, column, value)
    for read in (
        lambda: dossiers.by_code(services.db, code),
        lambda: dossiers.search(services.db, "001090123456"),
        lambda: dossiers.find(services.db, dossiers.DossierFilter()),
    ):
        with pytest.raises(StorageError) as refused:
            read()
        assert refused.value.code == "row_damaged"
        assert refused.value.params["dossier"] == code
        assert f"dossier {code} (row 1) is damaged" in str(refused.value)
        assert "db check" in str(refused.value)
        assert_names_no_citizen(refused.value)


def test_python_s_own_decode_error_would_have_shown_the_citizen(services: Services) -> None:
    """Why the above matters: sqlite3's message carries the row's text."""
    services.reception.receive(REQUEST, "admin")
    damage(services, "applicant", b'{"full_name": "Tr\xff", "id_number": "001090123456"}')
    with pytest.raises(sqlite3.OperationalError, match="001090123456"):
        services.db.execute("SELECT applicant FROM dossiers").fetchall()


# --- files that are not a database ---------------------------------------------------------


def built_database(tmp_path: Path) -> Path:
    services = app.build(tmp_path / "data", FakeClock(datetime(2026, 11, 23, 9, tzinfo=VIETNAM)))
    services.reception.receive_many([REQUEST] * 300, "admin")
    services.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    services.close()
    return services.path


def test_random_bytes_are_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "counter.db"
    path.write_bytes(os.urandom(8192))
    with pytest.raises(StorageError) as refused:
        database.check_file(path)
    assert refused.value.code == "database_not_database"
    assert "db restore --latest" in str(refused.value)


@pytest.mark.parametrize("keep", [50, 4096 * 3, 4096 * 3 + 100])
def test_a_truncated_file_is_found_before_a_page_is_missed(tmp_path: Path, keep: int) -> None:
    path = built_database(tmp_path)
    os.truncate(path, keep)
    with pytest.raises(StorageError) as refused:
        database.check_file(path)
    assert refused.value.code == "database_corrupt"
    assert "truncated" in str(refused.value)


def test_a_checkpoint_cut_short_is_not_called_truncated(tmp_path: Path) -> None:
    """Killed in a checkpoint: page 1 already says the file is longer, the later pages
    are still only in the write-ahead log, which SQLite replays on opening."""
    path = built_database(tmp_path)
    header = bytearray(path.read_bytes()[:100])
    pages = int.from_bytes(header[28:32], "big")
    with path.open("r+b") as file:
        file.seek(28)
        file.write((pages + 3).to_bytes(4, "big"))  # as if three pages were on their way
    log = path.with_name(path.name + "-wal")
    log.write_bytes(b"")
    with pytest.raises(StorageError):  # an empty log holds nothing: truncated it is
        database.check_file(path)
    log.write_bytes(b"\x37\x7f\x06\x82" + bytes(4092))
    database.check_file(path)


def test_an_intact_file_passes_the_cheap_check(tmp_path: Path) -> None:
    database.check_file(built_database(tmp_path))


def test_a_folder_in_the_place_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "counter.db").mkdir()
    with pytest.raises(StorageError) as refused:
        database.file_state(tmp_path / "counter.db")
    assert refused.value.code == "database_is_directory"
    with pytest.raises(StorageError) as refused:
        database.connect(tmp_path / "counter.db")
    assert refused.value.code == "database_is_directory"


@pytest.mark.parametrize("side", ["-shm", "-wal", "-journal"])
def test_a_folder_in_the_place_of_a_side_file_is_named(
    services: Services, clock: FakeClock, side: str
) -> None:
    """SQLite says "read-only" when it cannot make its write-ahead log or shared memory:
    the officer is told of the folder instead, and what was saved is all there. It is
    found on opening: before, reads (and ``db check``) went on, and the first save
    failed."""
    saved = services.reception.receive(REQUEST, "admin").code
    path = services.path
    services.close()
    for suffix in ("-shm", "-wal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    folder = path.with_name(path.name + side)
    folder.mkdir()
    with pytest.raises(StorageError) as refused:
        app.build(path.parent, clock)
    assert refused.value.code == "database_side_is_directory"
    assert refused.value.params == {"name": folder.name}
    assert str(folder) in str(refused.value) and "read-only" not in str(refused.value)
    folder.rmdir()
    again = app.build(path.parent, clock)
    try:
        assert again.dossiers.get(saved).code == saved
    finally:
        again.close()


def test_a_full_disk_saves_nothing_and_loses_nothing(services: Services) -> None:
    """SQLITE_FULL, as a database at its size limit gives it (a full disk does the same;
    tests/cli/test_store_failures.py fills a real small file system)."""
    saved = [services.reception.receive(REQUEST, "admin").code for _ in range(3)]
    pages = services.db.execute("PRAGMA page_count").fetchone()[0]
    services.db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StorageError) as refused:
        services.reception.receive_many([REQUEST] * 200, "admin")
    assert refused.value.code == "database_disk_full"
    assert "nothing was saved" in str(refused.value)
    services.db.execute("PRAGMA max_page_count = 1073741823")
    assert dossiers.count(services.db) == 3
    assert [services.dossiers.get(code).code for code in saved] == saved


# --- the ledger file ------------------------------------------------------------------------


def test_the_ledger_round_trips_and_is_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "backups" / ledger.LEDGER_NAME
    written = ledger.Ledger(database_id="db-1", device_id="dev", agency_id="000.00.00.Z99")
    written.issue("000.00.00.Z99", date(2026, 11, 23), 1004)
    assert not written.issue("000.00.00.Z99", date(2026, 11, 23), 1002)  # never down
    ledger.write(path, written)
    assert ledger.read(path) == written
    assert [p.name for p in path.parent.iterdir()] == [ledger.LEDGER_NAME]
    assert written.last_code() == ("000.00.00.Z99", date(2026, 11, 23), 1004)


def test_no_ledger_yet(tmp_path: Path) -> None:
    assert ledger.read(tmp_path / "backups" / ledger.LEDGER_NAME) is None


@pytest.mark.parametrize("content", [b"", b"[]", b'{"format": 2}', b"\xff\xfe", b'{"format": 1}'])
def test_a_damaged_ledger_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / ledger.LEDGER_NAME
    path.write_bytes(content)
    with pytest.raises(StorageError) as refused:
        ledger.read(path)
    assert refused.value.code == "ledger_damaged"


def test_the_keeper_never_drops_numbers_another_process_wrote(tmp_path: Path) -> None:
    path = tmp_path / ledger.LEDGER_NAME
    day, now = date(2026, 11, 23), datetime(2026, 11, 23, 9, tzinfo=VIETNAM)
    ledger.write(path, ledger.Ledger(database_id="db-1"))
    mine = ledger.LedgerKeeper(path, ledger.Ledger(database_id="db-1"))
    theirs = ledger.LedgerKeeper(path, ledger.Ledger(database_id="db-1"))
    theirs.note("000.00.00.Z99", day, 1007, 1999)
    theirs.save(5, 9, now)
    mine.note("000.00.00.H26", day, 2000, 2999)
    mine.save(3, 4, now)
    merged = ledger.read(path)
    assert merged is not None
    ahead = ledger.RESERVE_AHEAD - 1
    assert merged.issued == {
        "000.00.00.Z99": {"2026-11-23": 1007 + ahead},
        "000.00.00.H26": {"2026-11-23": 2000 + ahead},
    }
    assert (merged.dossiers, merged.events) == (5, 9)
    assert mine.fence("000.00.00.Z99", day) == 1007 + ahead  # theirs, read from the file


def test_the_keeper_gives_back_only_what_is_unused(tmp_path: Path) -> None:
    path = tmp_path / ledger.LEDGER_NAME
    day, now = date(2026, 11, 23), datetime(2026, 11, 23, 9, tzinfo=VIETNAM)
    keeper = ledger.LedgerKeeper(path, ledger.Ledger(database_id="db-1"))
    keeper.note("000.00.00.Z99", day, 1000, 1999)
    keeper.save(0, 0, now)
    assert keeper.fence("000.00.00.Z99", day) == 1000 + ledger.RESERVE_AHEAD - 1
    keeper.committed()
    assert keeper.fence("000.00.00.Z99", day) is None  # the database leads from now on
    keeper.release(lambda agency, on: 1003, (4, 8), now)
    released = ledger.read(path)
    assert released is not None
    assert released.issued == {"000.00.00.Z99": {"2026-11-23": 1003}}
    assert (released.dossiers, released.events) == (4, 8)


def test_the_keeper_refuses_a_ledger_of_another_database(tmp_path: Path) -> None:
    path = tmp_path / ledger.LEDGER_NAME
    ledger.write(path, ledger.Ledger(database_id="restored-meanwhile"))
    keeper = ledger.LedgerKeeper(path, ledger.Ledger(database_id="db-1"))
    keeper.note("000.00.00.Z99", date(2026, 11, 23), 1000, 1999)
    with pytest.raises(StorageError) as refused:
        keeper.save(0, 0, datetime(2026, 11, 23, 9, tzinfo=VIETNAM))
    assert refused.value.code == "database_replaced"
