"""``counter-central``'s operator commands, as ward IT runs them."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql as psql
from sqlalchemy.engine import make_url

from tests.central.fixtures import ServerFactory
from tests.central.processes import free_port
from tests.central.server import ROOT
from tests.central.sync_helpers import WARD_A, WARD_B, Counter, enrolment_code


def cli(*args: str | bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command: list[str | bytes] = [sys.executable, "-m", "central.cli", *args]
    return subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=False
    )


def refused(done: subprocess.CompletedProcess[str], *words: str) -> str:
    assert done.returncode == 2, done
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("counter-central: error: "), done.stderr
    assert all(word in lines[0] for word in words), lines[0]
    return lines[0]


def test_wards_codes_and_devices_from_the_command_line(server: ServerFactory) -> None:
    central = server()
    added = central.run_cli(
        "ward", "add", "--code", " 001.02.03.h26 ", "--name", "Phường  Hàng Bạc"
    )
    assert added.stdout.strip() == f"ward {WARD_A} added: Phường Hàng Bạc"
    central.run_cli("ward", "add", "--code", WARD_B, "--name", "Phường Khác")
    listed = json.loads(central.run_cli("ward", "list", "--json").stdout)
    assert listed == [
        {"code": WARD_A, "name": "Phường Hàng Bạc"},
        {"code": WARD_B, "name": "Phường Khác"},
    ]
    printed = central.run_cli("enrol", "--ward", WARD_A, "--valid-hours", "2").stdout
    code = printed.splitlines()[-1]
    assert len(code) == 14 and WARD_A in printed
    counter = Counter(central.url)
    assert counter.enrol(code, name="Quầy tiếp nhận 1").status_code == 200
    table = central.run_cli("device", "list").stdout.splitlines()
    assert table[0].split() == [
        "id",
        "ward",
        "counter",
        "name",
        "enrolled",
        "last",
        "seen",
        "revoked",
    ]
    assert counter.device_id in table[1] and "Quầy tiếp nhận 1" in table[1]
    devices = json.loads(central.run_cli("device", "list", "--ward", WARD_A, "--json").stdout)
    assert [(d["id"], d["counter"], d["revoked"]) for d in devices] == [
        (counter.device_id, 1, None)
    ]
    assert json.loads(central.run_cli("device", "list", "--ward", WARD_B, "--json").stdout) == []
    central.run_cli("device", "revoke", counter.device_id)
    devices = json.loads(central.run_cli("device", "list", "--json").stdout)
    assert devices[0]["revoked"] is not None
    refused(central.run_cli("device", "revoke", counter.device_id, check=False), "already")
    relay = central.run_cli("relay-token", "--ward", WARD_A).stdout.splitlines()[-1]
    # Hex: a token that began with "-" would be taken for an option (--upstream-token -X…).
    assert len(relay) == 64 and set(relay) <= set("0123456789abcdef")
    assert json.loads(central.run_cli("events", "parked").stdout) == []


def test_bad_input_is_one_line_and_exit_2(server: ServerFactory, tmp_path: Path) -> None:
    central = server()
    central.run_cli("ward", "add", "--code", WARD_A, "--name", "A")
    run = central.run_cli
    refused(run("ward", "add", "--code", WARD_A, "--name", "B", check=False), "exists")
    refused(run("ward", "add", "--code", "H26", "--name", "B", check=False), "agency id")
    # What the counter's setup refuses as its unit's code: counters would number under it.
    refused(run("ward", "add", "--code", "000.00.00.Z99", "--name", "B", check=False), "sample")
    refused(run("ward", "add", "--code", "000.00.00.H26", "--name", "B", check=False), "itself")
    refused(run("ward", "add", "--code", "001.02.03.G26", "--name", "B", check=False), "People")
    refused(run("ward", "add", "--code", WARD_B, "--name", "  ", check=False), "name")
    refused(run("enrol", "--ward", WARD_B, check=False), "no ward", WARD_B)
    refused(run("enrol", "--ward", WARD_A, "--valid-hours", "0", check=False), "--valid-hours")
    refused(run("device", "revoke", "nobody", check=False), "no device")
    refused(run("device", "list", "--ward", WARD_B, check=False), "no ward")
    refused(run("events", "parked", "--ward", WARD_B, check=False), "no ward")


def test_bad_options_are_one_line_and_exit_2(tmp_path: Path) -> None:
    """Refused before any database is opened: once, not on each backend."""
    refused(cli("ward", "list", "--db", "mysql://x@y/z"), "unsupported database")
    refused(cli("ward", "list", "--db", "not a url"), "not a database URL")
    refused(cli("stats", "--db", ""), "--db is empty")  # never the default by accident
    # Ignored by the driver with a warning over two lines, and written to all the same.
    read_only = f"sqlite:///{tmp_path}/x.db?mode=ro"
    refused(cli("ward", "add", "--code", WARD_A, "--name", "A", "--db", read_only), "no options")
    refused(cli("serve", "--db", read_only), "a SQLite URL takes no options (?mode)")
    assert not (tmp_path / "x.db").exists()
    refused(cli("serve", "--db", "  "), "--db is empty")
    refused(cli("ward", "list", "--db", "postgresql://nobody@127.0.0.1:1/none"), "cannot open")
    refused(
        cli("serve", "--db", f"sqlite:///{tmp_path}/x.db", "--upstream", "http://x"), "go together"
    )
    refused(cli("serve", "--db", f"sqlite:///{tmp_path}/x.db", "--port", "0"), "--port")
    refused(
        cli(
            "serve", "--db", f"sqlite:///{tmp_path}/x.db", "--upstream", "ftp://x",
            "--upstream-token", "t",
        ),
        "--upstream",
    )  # fmt: skip
    for upstream in ("http://[::1", "http://city:99999", "http://city:abc", "http://city:0"):
        serve = ["serve", "--db", f"sqlite:///{tmp_path}/x.db", "--port", str(free_port())]
        refused(cli(*serve, "--upstream", upstream, "--upstream-token", "t"), "--upstream")
    refused(cli("ward"), "required")
    refused(cli("nonsense"), "invalid choice")


def test_a_mistyped_database_is_refused_not_created(tmp_path: Path) -> None:
    """An accountant's typo must not read as "no unmatched payments" from a new file."""
    typo = tmp_path / "missing" / "centrall.db"
    for command in (
        ["payments", "unmatched"],
        ["stats"],
        ["ward", "list"],
        ["device", "list"],
        ["events", "parked"],
        ["enrol", "--ward", WARD_A],
        ["device", "revoke", "nobody"],
    ):
        refused(cli(*command, "--db", f"sqlite:///{typo}"), "does not exist", str(typo))
    assert not typo.parent.exists()
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (x)")
    conn.close()
    (tmp_path / "empty.db").write_bytes(b"")
    before = {path: path.read_bytes() for path in (other, tmp_path / "empty.db")}
    for path in before:
        refused(cli("stats", "--db", f"sqlite:///{path}"), "not a counter-central database")
        assert path.read_bytes() == before[path]  # not even its journal mode was set
    typo.parent.mkdir()  # in a folder that exists, the first command on a new server makes it
    assert (
        cli("ward", "add", "--code", WARD_A, "--name", "A", "--db", f"sqlite:///{typo}").returncode
        == 0
    )
    assert typo.is_file()


def test_sqlite_options_in_any_spelling_are_refused_not_made_a_file_name(tmp_path: Path) -> None:
    """``?mode=ro&uri=true`` was refused, but percent-encoded (``%3F``, as a URL
    encoder writes it) it became part of the name: a new database
    ``x.db?mode=ro&uri=true`` was made next to the one meant to be only read. A
    ``file:`` URI (SQLite's own way to give options) was a file named ``file:x.db``."""
    db = f"sqlite:///{tmp_path}/x.db"
    for url, words in (
        (f"{db}?mode=ro&uri=true", ["no options", "?mode&uri"]),
        (f"{db}%3Fmode=ro%26uri=true", ["no options", "?mode=ro&uri=true"]),
        (f"{db}%3fmode=ro", ["no options", "?mode=ro"]),
        (f"sqlite:///file:{tmp_path}/x.db", ["file: URI", "sqlite:///PATH"]),
        (f"sqlite+pysqlite:///FILE:{tmp_path}/x.db", ["file: URI"]),
    ):
        for command in (["ward", "add", "--code", WARD_A, "--name", "A"], ["db", "upgrade"]):
            refused(cli(*command, "--db", url), *words)
    assert list(tmp_path.iterdir()) == []
    assert not (ROOT / "file:").exists()


def test_version_and_the_default_database(tmp_path: Path) -> None:
    version = cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("counter-central ")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "d")}
    done = cli("db", "upgrade", env=env)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "d" / "QuayMotCuaCentral" / "central.db").is_file()
    env["COUNTER_CENTRAL_DB"] = f"sqlite:///{tmp_path}/chosen.db"
    assert cli("ward", "add", "--code", WARD_A, "--name", "A", env=env).returncode == 0
    assert (tmp_path / "chosen.db").is_file()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_enrol_prints_the_code_alone_on_its_last_line(server: ServerFactory) -> None:
    central = server()
    central.run_cli("ward", "add", "--code", WARD_A, "--name", "A")
    first, second = enrolment_code(central, WARD_A), enrolment_code(central, WARD_A)
    assert first != second
    assert all(ch in "23456789ABCDEFGHJKMNPQRSTUVWXYZ-" for ch in first + second)


def test_the_command_line_starts_light() -> None:
    """The parser loads no server, database or HTTP module (each command loads its own)."""
    probe = (
        "import sys\n"
        "from central.cli import build_parser\n"
        "build_parser()\n"
        "heavy = ('sqlalchemy', 'fastapi', 'uvicorn', 'httpx', 'alembic', 'pydantic')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_serve_refuses_a_port_in_use_and_a_missing_folder_in_one_line(
    server: ServerFactory, tmp_path: Path
) -> None:
    """A second server on the port of a running one, or a --db in a folder that does not
    exist (a mistyped path must not become a new, empty server): one line, exit 2, and
    nothing made."""
    central = server()
    port = str(urlsplit(central.url).port)
    busy = central.run_cli("serve", "--host", "127.0.0.1", "--port", port, check=False)
    refused(busy, f"port {port}", "in use", "--port")
    missing = tmp_path / "no-such-folder" / "central.db"
    free = ("serve", "--host", "127.0.0.1", "--port", str(free_port()))
    for command in (free, ("ward", "add", "--code", WARD_B, "--name", "B")):
        done = central.run_cli(*command, "--db", f"sqlite:///{missing}", check=False)
        refused(done, "does not exist", str(missing.parent))
    assert not missing.parent.exists()
    strange = central.run_cli("serve", "--host", "no-such-host.invalid", check=False)
    refused(strange, "--host", "not an address")


def test_an_argument_that_is_not_utf8_is_refused_in_one_line(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 (a mis-set terminal, a Windows-1258 script) reach
    sys.argv as lone surrogates: refused before anything is opened or stored, and not
    echoed (the database's driver and stdout cannot encode them; it may be a password)."""
    db = f"sqlite:///{tmp_path}/central.db"
    assert cli("ward", "add", "--code", WARD_A, "--name", "A", "--db", db).returncode == 0
    not_utf8 = b"Ph\xff\xfe\xed\xa0\x80"
    for command in (
        [b"ward", b"add", b"--code", WARD_B.encode(), b"--name", not_utf8],
        [b"device", b"revoke", not_utf8],
        [b"device", b"set-counter", not_utf8, b"--counter", b"2"],
        [b"dashboard", b"token", b"--name", not_utf8],
    ):
        line = refused(cli(*command, b"--db", db.encode()), "is not valid UTF-8")
        assert "Ph" not in line
    listed = json.loads(cli("ward", "list", "--json", "--db", db).stdout)
    assert [ward["code"] for ward in listed] == [WARD_A]


def test_a_refusal_prints_no_control_character_and_stays_readable(tmp_path: Path) -> None:
    """An argument echoed in the error line (hours, a file name, a date) is shown with
    its escape sequences and invisible characters written out, never obeyed by the
    terminal (ESC[2J clears the screen, U+202E turns the line around), and a 100 KB
    argument is cut, not printed whole."""
    db = f"sqlite:///{tmp_path}/central.db"
    assert cli("ward", "add", "--code", WARD_A, "--name", "A", "--db", db).returncode == 0
    escape, huge = "\x1b[2J\x1b[31mX\x07\u202e\u200b", "A" * 100_000
    lines = [
        refused(cli("publish", "hours", "--periods", escape, "--all", "--db", db), "hours"),
        refused(cli("publish", "catalogue", "--file", escape, "--all", "--db", db), "read"),
        refused(cli("stats", "--date", escape, "--db", db), "--date"),
        refused(cli("enrol", "--ward", WARD_A, "--valid-hours", escape), "--valid-hours"),
    ]
    for line in lines:
        assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in line), line
        assert "\\x1b[2J" in line and "\\u202e" in line
    for command in (
        ["publish", "catalogue", "--file", huge, "--all", "--db", db],
        ["stats", "--date", huge, "--db", db],
        ["enrol", "--ward", WARD_A, "--valid-hours", huge, "--db", db],
    ):
        line = refused(cli(*command))
        assert len(line) < 2_200 and line.endswith("more characters)"), len(line)


def test_a_db_url_the_system_cannot_use_is_one_line_without_its_password(tmp_path: Path) -> None:
    """A port that is not a number, a path too long for the file system, the home folder
    of no user: one line each, exit 2 (they were tracebacks), and a password in the
    URL is never echoed."""
    long_name = f"sqlite:///{tmp_path}/{'a' * 300}/central.db"
    cases = [
        ("postgresql://ward:s3cret-pw@db.example:54x2/central", "not a database URL"),
        ("postgresql://ward:s3cret-pw@[::1/central", "not a database URL"),
        (long_name, "cannot use"),
        ("sqlite:///~no-such-user-here/central.db", "no user's home folder"),
    ]
    for url, words in cases:
        for command in (["ward", "list"], ["ward", "add", "--code", WARD_A, "--name", "A"]):
            line = refused(cli(*command, "--db", url), words)
            assert "s3cret" not in line
        line = refused(cli("serve", "--port", str(free_port()), "--db", url), words)
        assert "s3cret" not in line


def test_stats_of_a_day_out_of_range_is_refused(tmp_path: Path) -> None:
    """9999-12-31 and 0001-01-01 are dates Python reads, but the day's bounds in
    Vietnam's time overflow on them (they were tracebacks): refused like the counter's
    own dates, outside 1900–2100."""
    db = f"sqlite:///{tmp_path}/central.db"
    assert cli("ward", "add", "--code", WARD_A, "--name", "A", "--db", db).returncode == 0
    for day in ("9999-12-31", "0001-01-01", "2101-01-01"):
        refused(cli("stats", "--date", day, "--db", db), "--date", day, "1900 to 2100")
    assert WARD_A in json.loads(cli("stats", "--date", "2100-12-31", "--db", db).stdout)


def test_names_typed_with_escapes_or_invisible_characters_are_kept_clean(tmp_path: Path) -> None:
    """A ward's name goes to every counter, the dashboard and the operator's terminal
    (ward list): an ESC[2J or U+202E pasted into --name was stored and printed raw, and
    a name of zero-width spaces only made a ward whose name nobody could see."""
    db = f"sqlite:///{tmp_path}/central.db"
    added = cli(
        "ward",
        "add",
        "--code",
        WARD_A,
        "--name",
        "\x1b[2JPhường\u200b Hàng\x07 Bạc\u202e",
        "--db",
        db,
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout == f"ward {WARD_A} added: Phường Hàng Bạc\n"
    assert (
        json.loads(cli("ward", "list", "--json", "--db", db).stdout)[0]["name"] == "Phường Hàng Bạc"
    )
    refused(
        cli("ward", "add", "--code", WARD_B, "--name", "\u200b\u200c\ufeff\x1b[0m", "--db", db),
        "name",
    )
    token = cli("dashboard", "token", "--name", "\x1b]0;x\x07Màn hình\x1b[31m sảnh", "--db", db)
    assert token.returncode == 0, token.stderr
    assert token.stdout.startswith("Dashboard token of Màn hình sảnh; ")


def test_a_blank_ward_date_or_file_is_refused_not_taken_for_the_default(tmp_path: Path) -> None:
    """``--ward "$WARD"`` with the variable unset meant every ward, ``--date ""`` today,
    and ``queue setup --file ""`` printed the set-up and exited 0 as if it had replaced
    it: refused, as an empty --db is, and nothing is changed."""
    db = f"sqlite:///{tmp_path}/central.db"
    assert cli("ward", "add", "--code", WARD_A, "--name", "A", "--db", db).returncode == 0
    before = cli("queue", "setup", "--ward", WARD_A, "--db", db).stdout
    for command, blank in (
        (["queue", "setup", "--ward", WARD_A, "--file"], ""),
        (["stats", "--ward"], ""),
        (["stats", "--date"], " "),
        (["payments", "unmatched", "--ward"], ""),
        (["device", "list", "--ward"], "\t"),
        (["events", "parked", "--ward"], ""),
        (["audit", "verify", "--ward"], ""),
    ):
        option = command[-1]
        refused(cli(*command, blank, "--db", db), f"{option} is empty")
    assert cli("queue", "setup", "--ward", WARD_A, "--db", db).stdout == before


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_serve_refuses_a_database_it_cannot_write(database_url: str) -> None:
    """A database it may only read (here PostgreSQL's default_transaction_read_only; a
    read-only SQLite file alike): serve started on it and answered every enrolment and
    push 503 for ever. Refused at the start in one line; reading commands still work."""
    assert cli("ward", "add", "--code", WARD_A, "--name", "A", "--db", database_url).returncode == 0
    url = make_url(database_url)
    with psycopg.connect(
        host=url.host, port=url.port, user=url.username, dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(
            psql.SQL("ALTER DATABASE {} SET default_transaction_read_only = on").format(
                psql.Identifier(str(url.database))
            )
        )
    done = cli("serve", "--port", str(free_port()), "--db", database_url)
    refused(done, "cannot write", "read-only")
    assert WARD_A in cli("ward", "list", "--db", database_url).stdout


NOTEPAD_BOM = b"\xef\xbb\xbf"  # what Windows Notepad writes before a file saved as UTF-8


def test_a_file_saved_by_notepad_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """counter-app read such a file and counter-central refused it ("is not JSON:
    Unexpected UTF-8 BOM"): every --file of counter-central reads it now."""
    db = f"sqlite:///{tmp_path}/central.db"
    assert cli("ward", "add", "--code", WARD_A, "--name", "A", "--db", db).returncode == 0
    setup = json.loads(cli("queue", "setup", "--ward", WARD_A, "--db", db).stdout)
    setup["areas"] = setup["areas"][:1]
    setup["counters"] = [{"number": 1, "name": "Quầy 1", "areas": [setup["areas"][0]["prefix"]]}]
    files = {
        "setup.json": json.dumps(setup, ensure_ascii=False).encode("utf-8"),
        "procedures.json": (ROOT / "resources" / "catalogue" / "procedures.json").read_bytes(),
        "vietnam.json": (ROOT / "resources" / "calendar" / "vietnam.json").read_bytes(),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(NOTEPAD_BOM + content)
    for command in (
        ["queue", "setup", "--ward", WARD_A, "--file", f"{tmp_path}/setup.json"],
        ["publish", "catalogue", "--all", "--file", f"{tmp_path}/procedures.json"],
        ["publish", "holidays", "--all", "--file", f"{tmp_path}/vietnam.json"],
        ["publish", "year-confirmed", "--year", "2026", "--all", "--file",
         f"{tmp_path}/vietnam.json"],
    ):  # fmt: skip
        done = cli(*command, "--db", db)
        assert done.returncode == 0, done.stderr
    shown = json.loads(cli("queue", "setup", "--ward", WARD_A, "--db", db).stdout)
    assert [counter["name"] for counter in shown["counters"]] == ["Quầy 1"]


def test_a_key_given_twice_in_a_file_is_refused_by_name(tmp_path: Path) -> None:
    """The last of two "working" of a day counted, silently: the day was published as a
    working day. Refused in one line naming the key, as counter-app refuses it."""
    db = f"sqlite:///{tmp_path}/central.db"
    assert cli("ward", "add", "--code", WARD_A, "--name", "A", "--db", db).returncode == 0
    days = tmp_path / "days.json"
    days.write_text(
        '{"days": [{"day": "2026-12-31", "working": false, "name": "Nghỉ", "working": true}]}',
        encoding="utf-8",
    )
    for command in (["publish", "holidays", "--all"], ["queue", "setup", "--ward", WARD_A]):
        line = refused(cli(*command, "--file", str(days), "--db", db))
        assert line.endswith(f"{days} gives the key 'working' twice in one object")
    published = sqlite3.connect(tmp_path / "central.db")
    assert published.execute("SELECT count(*) FROM changes").fetchone() == (0,)
    published.close()


def test_a_file_larger_than_any_catalogue_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """A 15 MB holidays file was read whole before anything looked at it (counter-app
    stops at 1 MB). Refused in one line; the limit leaves a full catalogue room."""
    db = f"sqlite:///{tmp_path}/central.db"
    assert cli("ward", "add", "--code", WARD_A, "--name", "A", "--db", db).returncode == 0
    days = tmp_path / "days.json"
    days.write_bytes(b'{"days": []}' + b" " * 15_000_000)  # valid JSON, only too long
    line = refused(cli("publish", "holidays", "--all", "--file", str(days), "--db", db))
    from central import publish

    assert line.endswith(f"{days} is larger than {publish.MAX_FILE_BYTES:,} bytes")
    shipped = (ROOT / "resources" / "catalogue" / "procedures.json").stat().st_size
    assert 200 * shipped <= publish.MAX_FILE_BYTES  # ~2,800 procedures as written there
