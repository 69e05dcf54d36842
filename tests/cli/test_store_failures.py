"""A damaged, lost, read-only, full or locked store, met by the command line as a real process.

Each failure is one English line on stderr with the next step, exit 2, no traceback,
no citizen's data, and nothing already saved is lost. Some conditions need the
system: a read-only or full file system is a small tmpfs mounted for the test (root
only), a read-only file is written by an unprivileged user (root ignores modes);
those tests are skipped where that cannot be arranged.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from counter_app import app
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.reception import parse_reception
from tests.cli.conftest import PREFIX

REQUEST = parse_reception(EXAMPLE_RECEPTION)
PERSONAL = ["Nguyễn Văn An", "Nguy", "001090123456", "1990-01-01", "Hàng Bạc", "0912345678"]
NOBODY = 65534
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(
    folder: Path, *args: str, prefix: tuple[str, ...] = (), **options: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "counter_app", "--data-dir", str(folder), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=90,
        check=False,
        **options,
    )


def refusal(done: subprocess.CompletedProcess[str]) -> str:
    """The one English line of a refusal; fails on anything else."""
    assert done.returncode == 2, done
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert done.stderr.endswith("\n")
    assert lines[0].startswith(PREFIX), lines[0]
    for fragment in PERSONAL:
        assert fragment not in lines[0], fragment
    return lines[0].removeprefix(PREFIX)


def fill(folder: Path, count: int = 3) -> list[str]:
    """An installation with ``count`` dossiers received now, and a backup of it."""
    services = app.build(folder)
    try:
        codes = [services.reception.receive(REQUEST, "admin").code for _ in range(count)]
    finally:
        services.close()
    done = run(folder, "db", "backup")
    assert done.returncode == 0, done
    return codes


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dossier_count(folder: Path) -> int:
    with sqlite3.connect(folder / "counter.db") as conn:
        count = int(conn.execute("SELECT count(*) FROM dossiers").fetchone()[0])
    conn.close()
    return count


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A data folder another user can reach (tmp_path's parents are private to root)."""
    top = Path(tempfile.mkdtemp(prefix="counter-ro-"))
    top.chmod(0o755)
    yield top / "data"
    for path in [top, *top.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(top)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB file system of its own, or a skip."""
    mount_point = tmp_path / "mnt"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(
            "cannot mount a tmpfs here (needs root); the full disk is simulated in "
            "tests/storage/test_store_failures.py"
        )
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


# --- lost: the database is gone, and the ledger knows it numbered -------------------------------


def test_a_deleted_database_is_refused_then_restored_and_numbering_goes_on(folder: Path) -> None:
    """Receive 3, back up, receive 2, delete the database: refused; restored: the 6th."""
    first = fill(folder, 3)
    services = app.build(folder)
    later = [services.reception.receive(REQUEST, "admin").code for _ in range(2)]
    services.close()
    (folder / "counter.db").unlink()
    document = folder.parent / "in.json"
    document.write_text(run(folder, "dossier", "receive", "--example").stdout, encoding="utf-8")

    line = refusal(run(folder, "dossier", "receive", "--json", str(document)))
    assert line.startswith(f"{folder / 'counter.db'} is missing, but this installation has ")
    assert f"numbered dossiers up to {later[-1]}" in line
    assert "3 dossiers) with 'counter-app db restore --latest'" in line
    assert not (folder / "counter.db").exists()

    restored = run(folder, "db", "restore", "--latest")
    assert restored.returncode == 0, restored
    assert ", 3 dossiers)" in restored.stdout
    received = run(folder, "dossier", "receive", "--json", str(document))
    assert received.returncode == 0, received
    sequence = int(first[0][-4:])
    assert received.stdout.strip() == f"{first[0][:-4]}{sequence + 5}"  # the 6th number


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("zero-byte", "is empty, but this installation has numbered dossiers up to "),
        ("deleted", "is missing, but this installation has numbered dossiers up to "),
    ],
)
def test_a_lost_database_is_not_started_afresh(folder: Path, damage: str, expected: str) -> None:
    fill(folder)
    (folder / "counter.db").unlink()
    if damage == "zero-byte":
        (folder / "counter.db").write_bytes(b"")
    line = refusal(run(folder, "search", "an"))
    assert expected in line
    assert "'counter-app db restore --latest'" in line
    assert "'counter-app db start-over --confirm'" in line


def test_start_over_needs_confirm_and_keeps_the_numbering(folder: Path) -> None:
    codes = fill(folder)
    (folder / "counter.db").unlink()
    assert "--confirm" in refusal(run(folder, "db", "start-over"))
    done = run(folder, "db", "start-over", "--confirm")
    assert done.returncode == 0, done
    assert run(folder, "search", "an").stdout == ""  # empty, as asked
    services = app.build(folder)
    try:
        code = services.reception.receive(REQUEST, "admin").code
    finally:
        services.close()
    assert int(code[-4:]) == int(codes[-1][-4:]) + 1


# --- damaged: one line, the next step, the file left as it was --------------------------------


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def truncated(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2 + 100)


def flipped_page(path: Path) -> None:
    """The page holding the dossiers gets an impossible page type, as from a bad disk."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'dossiers'").fetchone()
    conn.close()
    with path.open("r+b") as file:
        file.seek(page_size * (root[0] - 1))
        file.write(b"\x42\x42\x42\x42\x42\x42\x42\x42")


@pytest.mark.parametrize(
    ("damage", "command", "expected"),
    [
        (random_bytes, ["search", "an"], "counter.db is not a database: restore the latest backup"),
        (truncated, ["search", "an"], "counter.db is damaged (the file is truncated): restore"),
        (flipped_page, ["search", "an"], "is damaged (a page cannot be read): restore the latest"),
        (flipped_page, ["dossier", "show", "X"], "is damaged (a page cannot be read): restore"),
    ],
)
def test_a_damaged_database_is_one_line_and_is_left_as_it_was(
    folder: Path, damage: Callable[[Path], None], command: list[str], expected: str
) -> None:
    codes = fill(folder)
    command = [codes[0] if part == "X" else part for part in command]
    path = folder / "counter.db"
    damage(path)
    before = digest(path)
    line = refusal(run(folder, *command))
    assert expected in line
    assert "'counter-app db restore --latest'" in line
    assert digest(path) == before  # nothing written over what may still be rescued


def test_a_damaged_database_comes_back_from_the_latest_backup(folder: Path) -> None:
    codes = fill(folder)
    random_bytes(folder / "counter.db")
    done = run(folder, "db", "restore", "--latest")
    assert done.returncode == 0, done
    assert "kept aside: " in done.stdout
    assert [line.split("\t")[0] for line in run(folder, "search", "an").stdout.splitlines()] == [
        *reversed(codes)
    ]


# The unit's settings edited by hand (or a row lost): a value its code cannot stand on.
SETTINGS_DAMAGE = [
    ("counter_number", "x"),
    ("counter_number", ""),
    ("counter_number", "0"),
    ("counter_number", "\u0661"),  # an Arabic-Indic one: int() would take it
    ("agency_id", "not an agency"),
    ("sequence_first", "5000"),  # a block with no end
    ("device_id", None),  # the row deleted: not a first run, the store holds events
]


def edit_setting(folder: Path, key: str, value: str | None) -> None:
    with sqlite3.connect(folder / "counter.db") as conn:
        if value is None:
            conn.execute("DELETE FROM settings WHERE key = ?", [key])
        else:
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])
    conn.close()


@pytest.mark.parametrize(("key", "value"), SETTINGS_DAMAGE)
def test_damaged_unit_settings_are_one_line_then_checked_then_restored(
    folder: Path, key: str, value: str | None
) -> None:
    codes = fill(folder)
    edit_setting(folder, key, value)
    named = "sequence_last" if key == "sequence_first" else key  # the block's end is missing
    damaged = folder / "counter.db"
    before = digest(damaged)
    for command in (["unit", "show"], ["search", "an"]):
        line = refusal(run(folder, *command))
        assert f"row {named} of settings" in line
        assert "'counter-app db check'" in line and "'counter-app db restore --latest'" in line
    assert digest(damaged) == before  # no first run, no migration over it
    check = run(folder, "db", "check")
    assert check.returncode == 1, check
    problems = json.loads(check.stdout)["problems"]
    settings = [p for p in problems if p.startswith("settings: ")]
    assert settings == [f"settings: {named} does not read"]
    done = run(folder, "db", "restore", "--latest")  # not "intact": no --force needed
    assert done.returncode == 0, done
    found = run(folder, "search", "an")
    assert found.returncode == 0, found
    assert [line.split("\t")[0] for line in found.stdout.splitlines()] == [*reversed(codes)]


def test_office_hours_that_do_not_read_are_not_guessed(folder: Path) -> None:
    """Promised times are counted in them: a command that needs them refuses in one line."""
    fill(folder)
    edit_setting(folder, "working_hours", "7h30 - 17h")
    due = ["due-date", "--procedure", "1.001193", "--received", "2026-12-01 09:00"]
    line = refusal(run(folder, *due))
    assert line.startswith("row working_hours of settings is damaged")
    assert run(folder, "search", "an").returncode == 0  # what does not need them goes on
    check = run(folder, "db", "check")
    assert check.returncode == 1
    assert "settings: working_hours does not read" in json.loads(check.stdout)["problems"]
    assert run(folder, "db", "restore", "--latest").returncode == 0  # not "intact"
    assert run(folder, *due).returncode == 0


# The catalogue and the calendar, checked when stored, changed since (by hand).
REFERENCE_DAMAGE = [
    (
        "UPDATE procedures SET data = '{broken' WHERE code = '1.001193'",
        "1.001193 version 1 of procedures",
    ),
    (
        "UPDATE procedures SET data = '[]' WHERE code = '1.001193'",
        "1.001193 version 1 of procedures",
    ),
    (
        'UPDATE procedures SET data = \'{"code": "1.001193", "version": 1}\''
        " WHERE code = '1.001193'",
        "1.001193 version 1 of procedures",
    ),
    (
        "INSERT INTO calendar_overrides (day, working, name, updated_at, officer)"
        " VALUES ('2026-13-45', 0, 'x', '2026-12-01', 'admin')",
        "2026-13-45 of calendar_overrides",
    ),
    (
        "INSERT INTO calendar_confirmations (year, days, source, origin, officer, confirmed_at)"
        " VALUES (2027, '{\"not\": \"a list\"}', '', 'administrator', 'admin', '2026-12-01')",
        "2027 of calendar_confirmations",
    ),
]


@pytest.mark.parametrize(("damage", "named"), REFERENCE_DAMAGE)
def test_a_catalogue_or_calendar_row_that_does_not_read_is_named_checked_and_restored(
    folder: Path, damage: str, named: str
) -> None:
    fill(folder)
    with sqlite3.connect(folder / "counter.db") as conn:
        conn.execute(damage)
    conn.close()
    fee = ["fee", "--procedure", "1.004837"]
    assert refusal(run(folder, *fee)).startswith(f"row {named} is damaged")
    check = run(folder, "db", "check")
    assert check.returncode == 1
    table, row = named.split(" of ")[1], named.split(" of ")[0]
    assert f"{table}: {row} does not read" in json.loads(check.stdout)["problems"]
    assert run(folder, "db", "restore", "--latest").returncode == 0  # not "intact"
    assert run(folder, *fee).returncode == 0


def test_a_backup_whose_unit_does_not_read_is_skipped(folder: Path) -> None:
    codes = fill(folder)
    edit_setting(folder, "counter_number", "x")
    newer = sorted((folder / "backups").glob("*.db"))[-1]
    damaged_copy = newer.with_name("manual-29991231-235959.db")  # the newest by its name
    shutil.copy(folder / "counter.db", damaged_copy)
    done = run(folder, "db", "restore", "--latest")
    assert done.returncode == 0, done
    assert f"skipped {damaged_copy.name}: it is damaged (settings: counter_number" in done.stdout
    assert f"restored {newer}" in done.stdout
    assert run(folder, "search", "an").stdout.count("\n") == len(codes)


def test_a_folder_in_the_place_of_the_database(folder: Path) -> None:
    fill(folder)
    (folder / "counter.db").unlink()
    (folder / "counter.db").mkdir()
    line = refusal(run(folder, "search", "an"))
    assert line.startswith(f"{folder / 'counter.db'} is a folder, not the database file: move")


@pytest.mark.parametrize("command", [["search", "an"], ["db", "check"], ["self-check"]])
def test_a_folder_beside_the_database_fails_every_command_not_only_a_save(
    folder: Path, command: list[str]
) -> None:
    """Reads went on with a folder as the shared-memory file, and ``db check`` and
    ``self-check`` said ok of an installation that could not save a reception."""
    fill(folder)
    side = folder / "counter.db-shm"
    side.unlink(missing_ok=True)
    side.mkdir()
    line = refusal(run(folder, *command))
    assert line.startswith(f"{side} is a folder, where SQLite keeps a file of its own")


def test_a_damaged_row_names_the_dossier_not_the_citizen(folder: Path) -> None:
    codes = fill(folder, 1)
    with sqlite3.connect(folder / "counter.db") as conn:
        conn.execute(
            "UPDATE dossiers SET applicant = CAST(? AS TEXT)",
            [b'{"full_name": "Nguy\xe1\xbb n V\xff An", "id_number": "001090123456"}'],
        )
    conn.close()
    for command in (["dossier", "show", codes[0]], ["search", "001090123456"]):
        line = refusal(run(folder, *command))
        assert f"dossier {codes[0]} (row 1) is damaged and cannot be read" in line
        assert "'counter-app db check'" in line


# --- the surroundings: read-only, full, locked -------------------------------------------------


def as_nobody() -> tuple[str, ...]:
    """Root writes through any file mode: run the command as an unprivileged user."""
    if not IS_ROOT:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file modes are not enforced")
    return (setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_database_is_refused_and_kept(shared_folder: Path, what: str) -> None:
    folder = shared_folder
    fill(folder)
    document = folder.parent / "in.json"
    document.write_text(run(folder, "dossier", "receive", "--example").stdout, encoding="utf-8")
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    (folder / "counter.db").chmod(0o444)
    if what == "folder":
        folder.chmod(0o555)
        (folder / "backups").chmod(0o555)
    else:
        folder.chmod(0o777)  # the file alone is read-only
        (folder / "backups").chmod(0o777)
    document.chmod(0o644)
    before = digest(folder / "counter.db")
    line = refusal(run(folder, "dossier", "receive", "--json", str(document), prefix=as_nobody()))
    assert "is read-only; give this user write access" in line
    assert digest(folder / "counter.db") == before
    assert dossier_count(folder) == 3


def test_a_read_only_file_system(tmpfs: Path) -> None:
    folder = tmpfs / "data"
    fill(folder)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    line = refusal(run(folder, "search", "an"))
    assert line.startswith(
        f"cannot write {folder / 'counter.db'}: the file, its folder or the disk"
    )
    subprocess.run(["mount", "-o", "remount,rw", str(tmpfs)], check=True)
    assert dossier_count(folder) == 3


def test_a_full_disk_saves_nothing_and_loses_nothing(tmpfs: Path) -> None:
    folder = tmpfs / "data"
    fill(folder)
    document = tmpfs.parent / "in.json"
    document.write_text(run(folder, "dossier", "receive", "--example").stdout, encoding="utf-8")
    filler = tmpfs / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        with pytest.raises(OSError, match="No space left"):
            while True:
                os.write(descriptor, b"\0" * 4096)
    finally:
        os.close(descriptor)
    for command in (["dossier", "receive", "--json", str(document)], ["search", "an"]):
        line = refusal(run(folder, *command))
        assert "is full: nothing was saved; free some space and try again" in line
    filler.unlink()
    assert dossier_count(folder) == 3
    done = run(folder, "dossier", "receive", "--json", str(document))
    assert done.returncode == 0, done
    assert dossier_count(folder) == 4


HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


@pytest.mark.slow
def test_a_lock_held_longer_than_the_wait(folder: Path) -> None:
    """A second program holds the write lock past the store's 10 s wait."""
    fill(folder)
    document = folder.parent / "in.json"
    document.write_text(run(folder, "dossier", "receive", "--example").stdout, encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder / "counter.db"), "40"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        line = refusal(run(folder, "dossier", "receive", "--json", str(document)))
        assert time.monotonic() - started >= 9.5
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout:
            holder.stdout.close()
    assert "is locked by another program for more than 10 s: close it" in line
    assert dossier_count(folder) == 3
    assert run(folder, "dossier", "receive", "--json", str(document)).returncode == 0


# --- the data folder -------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_data_dir_is_an_error_not_the_default_folder(tmp_path: Path, value: str) -> None:
    environment = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg")}
    environment.pop("COUNTER_APP_DATA", None)
    for args, env in (
        (["--data-dir", value, "search", "an"], environment),
        (["search", "an"], {**environment, "COUNTER_APP_DATA": value}),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "counter_app", *args],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )
        assert done.returncode == 2, done
        assert done.stderr.count("\n") == 1
        assert "is empty: give a folder, or leave" in done.stderr
        assert not (tmp_path / "xdg").exists()


def test_an_empty_data_dir_is_an_error_for_a_command_that_opens_nothing(tmp_path: Path) -> None:
    """The README says so of every command; ``screenshot`` (which makes its own
    installation) took it and went on."""
    done = subprocess.run(
        [sys.executable, "-m", "counter_app", "--data-dir", "", "screenshot", "--out", "x"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        "counter-app: error: --data-dir is empty: give a folder, or leave it out for the "
        "default folder\n"
    )
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("value", ["\u200b", "data\u200bdir", "data\x1b[2J"])
def test_a_data_dir_with_invisible_characters_is_refused(tmp_path: Path, value: str) -> None:
    """A pasted zero-width space would name a folder nobody can see or type."""
    done = subprocess.run(
        [sys.executable, "-m", "counter_app", "--data-dir", value, "search", "an"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    line = refusal(done)
    assert "--data-dir holds an invisible or control character (U+" in line
    assert list(tmp_path.iterdir()) == []


def test_a_huge_argument_is_not_echoed_whole(folder: Path) -> None:
    fill(folder, 1)
    line = refusal(run(folder, "fee", "--procedure", "9." + "9" * 100_000))
    assert len(line) < 2100
    assert line.endswith("more characters)")


def test_a_setting_that_is_not_utf8_is_checked_by_its_key(folder: Path) -> None:
    fill(folder, 1)
    with sqlite3.connect(folder / "counter.db") as conn:
        conn.execute(
            "UPDATE settings SET value = CAST(? AS TEXT) WHERE key = 'unit_name'",
            ["Nguy\xe1n".encode("latin-1")],
        )
    conn.close()
    assert "row unit_name of settings is damaged" in refusal(run(folder, "search", "an"))
    check = run(folder, "db", "check")
    assert check.returncode == 1, check
    assert (
        "settings: unit_name does not read (its text is not UTF-8)"
        in json.loads(check.stdout)["problems"]
    )


def test_a_damaged_numbering_row_is_one_line_and_checked(folder: Path) -> None:
    fill(folder, 2)
    with sqlite3.connect(folder / "counter.db") as conn:
        conn.execute("UPDATE dossier_sequences SET day = 'junk'")
    conn.close()
    document = folder.parent / "reception.json"
    document.write_text(json.dumps(EXAMPLE_RECEPTION), encoding="utf-8")
    line = refusal(run(folder, "dossier", "receive", "--json", str(document)))
    assert "row 1 of dossier_sequences is damaged" in line
    check = run(folder, "db", "check")
    assert check.returncode == 1, check
    assert "dossier_sequences: row 1 does not read" in json.loads(check.stdout)["problems"]


def test_db_check_looks_into_a_database_the_ledger_refuses(folder: Path) -> None:
    fill(folder, 2)
    with sqlite3.connect(folder / "counter.db") as conn:
        conn.executescript(
            "DROP TRIGGER events_append_only_delete;"
            " DELETE FROM events WHERE seq = (SELECT max(seq) FROM events);"
        )
    conn.close()
    assert "holds fewer events" in refusal(run(folder, "search", "an"))
    check = run(folder, "db", "check")
    assert check.returncode == 1, check
    problems = json.loads(check.stdout)["problems"]
    assert "holds fewer events" in problems[0]
    assert len(problems) > 1  # and what the comparison with the log finds


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE calendar_overrides SET name = CAST(x'4e676869ff' AS TEXT)",
        "UPDATE calendar_overrides SET name = ''",
        "UPDATE dossier_sequences SET day = CAST(x'ff' AS TEXT)",
    ],
)
def test_db_check_reports_a_damaged_row_that_keeps_the_store_from_opening(
    folder: Path, sql: str
) -> None:
    """Whatever row the start stumbles on, the check itself still runs and names it."""
    fill(folder, 1)
    with sqlite3.connect(folder / "counter.db") as conn:
        conn.execute(
            "INSERT INTO calendar_overrides VALUES ('2026-12-05', 0, 'Nghỉ bù',"
            " '2026-12-01T00:00:00+07:00', 'x', '', 'administrator')"
        )
        conn.execute(sql)
    conn.close()
    document = folder.parent / "reception.json"
    document.write_text(json.dumps(EXAMPLE_RECEPTION), encoding="utf-8")
    assert "is damaged" in refusal(run(folder, "dossier", "receive", "--json", str(document)))
    check = run(folder, "db", "check")
    assert check.returncode == 1, check
    problems = json.loads(check.stdout)["problems"]
    assert any(p.startswith(("calendar_overrides: ", "dossier_sequences: ")) for p in problems)
