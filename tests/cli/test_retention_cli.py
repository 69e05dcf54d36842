"""``db retention``, ``db purge`` and ``backup now|list|restore`` on the command line.

The in-process CLI runs on the system clock: what must be past its period is made on a
fake clock 400 days back (beyond every bound), what must stay is made now.
"""

from __future__ import annotations

import copy
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from counter_app import app
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock, SystemClock
from counter_app.domain.reception import parse_reception
from counter_app.services import recovery
from counter_app.storage import outbox
from tests.cli.conftest import Cli

DEFAULTS = {"drafts": 7, "print_bytes": 30, "walkin_tickets": 30, "daily_backups": 7}
DRAFT = {"applicant": {"full_name": "Nguyễn Văn An"}}
LONG_AGO = timedelta(days=400)


def long_ago() -> FakeClock:
    return FakeClock(SystemClock().now() - LONG_AGO)


def tables(data_dir: Path) -> dict[str, list[Any]]:
    conn = sqlite3.connect(data_dir / "counter.db")
    try:
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
            for t in ("drafts", "walkin_tickets", "events", "dossiers", "settings")
        }
    finally:
        conn.close()


def old_and_new(data_dir: Path) -> None:
    """A draft and a synced walk-in ticket from long ago; a draft and a dossier of now."""
    services = app.build(data_dir, long_ago())
    try:
        services.reception.save_draft("admin", DRAFT)
        services.walk_in.take("admin")
        last = services.db.execute("SELECT max(seq) FROM events").fetchone()[0]
        outbox.mark_sent(services.db, last, services.clock.now().isoformat())
    finally:
        services.close()
    services = app.build(data_dir)
    try:
        services.accounts.add_officer("cb.lan", "Cán Bộ Lan", "officer", "mat-khau-dai", "admin")
        services.reception.save_draft("cb.lan", DRAFT)
        request = parse_reception(copy.deepcopy(EXAMPLE_RECEPTION))
        services.reception.receive(request, "admin")
    finally:
        services.close()


# --- db retention ------------------------------------------------------------------------


def test_retention_is_shown_and_set(cli: Cli, data_dir: Path) -> None:
    assert cli("db", "retention").json() == DEFAULTS
    changed = cli("db", "retention", "--set", "drafts=14", "--set", " print_bytes = 60 ").json()
    assert changed == {**DEFAULTS, "drafts": 14, "print_bytes": 60}
    assert cli("db", "retention").json() == changed
    events = [row[2] for row in tables(data_dir)["events"]]
    assert events.count("unit.retention_set") == 1


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "foo=3",
            "'foo' is no retention setting: one of drafts, print_bytes, walkin_tickets, "
            "daily_backups.",
        ),
        (
            "events=3",
            "'events' is no retention setting: one of drafts, print_bytes, "
            "walkin_tickets, daily_backups.",
        ),
        ("drafts=abc", "drafts: 'abc' is not a whole number of days."),
        ("drafts=1.5", "drafts: '1.5' is not a whole number of days."),
        ("drafts=-1", "drafts: '-1' is not a whole number of days."),
        ("drafts=", "drafts: '' is not a whole number of days."),
        ("drafts=١٤", "drafts: '١٤' is not a whole number of days."),
        ("drafts=" + "9" * 5000, "drafts: '" + "9" * 40 + "' is not a whole number of days."),
        ("drafts=0", "drafts must be from 1 to 90 days, not 0."),
        ("drafts=91", "drafts must be from 1 to 90 days, not 91."),
        ("daily_backups=1", "daily_backups must be from 2 to 365 days, not 1."),
        ("walkin_tickets=999999", "walkin_tickets must be from 1 to 365 days, not 999999."),
        ("drafts", "'drafts' is not KEY=DAYS, like drafts=14."),
        ("", "'' is not KEY=DAYS, like drafts=14."),
    ],
)
def test_a_bad_setting_is_one_line_before_the_database_is_opened(
    cli: Cli, data_dir: Path, given: str, message: str
) -> None:
    assert cli("db", "retention", "--set", "drafts=10", "--set", given).error() == message
    assert not (data_dir / "counter.db").exists()


def test_a_setting_given_twice_is_refused(cli: Cli) -> None:
    line = cli("db", "retention", "--set", "drafts=3", "--set", "drafts=4").error()
    assert line == "drafts is set twice"


def test_an_officer_may_not_set_the_periods_nor_purge(cli: Cli, data_dir: Path) -> None:
    old_and_new(data_dir)
    before = tables(data_dir)
    refusal = "'cb.lan' (Officer) may not do this: unit settings."
    assert cli("db", "retention", "--set", "drafts=3", "--officer", "cb.lan").error() == refusal
    assert cli("db", "purge", "--officer", "cb.lan").error() == refusal
    assert cli("db", "purge", "--dry-run", "--officer", "cb.lan").error() == refusal
    assert cli("db", "purge", "--officer", "ghost").error() == (
        "there is no active officer 'ghost'"
        ": give the user name of one with --officer (the officers: counter-app account list)"
    )
    after = tables(data_dir)
    assert {t: after[t] for t in after if t != "events"} == {
        t: before[t] for t in before if t != "events"
    }
    assert [row[2] for row in after["events"][len(before["events"]) :]] == ["access.refused"] * 3
    assert cli("db", "retention").json() == DEFAULTS


# --- db purge ----------------------------------------------------------------------------


def test_purge_dry_run_then_purge_then_a_clean_check(cli: Cli, data_dir: Path) -> None:
    old_and_new(data_dir)
    before = tables(data_dir)
    expected = {"drafts": 1, "print_bytes": 0, "walkin_tickets": 1}
    days = {k: DEFAULTS[k] for k in expected}

    assert cli("db", "purge", "--dry-run").json() == {
        "dry_run": True,
        "counts": expected,
        "days": days,
    }
    assert tables(data_dir) == before

    assert cli("db", "purge").json() == {"dry_run": False, "counts": expected, "days": days}
    after = tables(data_dir)
    assert [row[0] for row in after["drafts"]] == ["cb.lan"]
    assert after["walkin_tickets"] == []
    assert after["dossiers"] == before["dossiers"]
    assert after["events"][:-1] == before["events"]
    assert after["events"][-1][2] == "data.purged"
    report = cli("db", "check").json()
    assert (report["ok"], report["problems"]) == (True, [])
    again = cli("db", "purge").json()
    assert again["counts"] == {"drafts": 0, "print_bytes": 0, "walkin_tickets": 0}


# --- backup now | list | restore -----------------------------------------------------------


def test_backup_now_list_and_restore(cli: Cli, data_dir: Path) -> None:
    old_and_new(data_dir)
    made = Path(cli("backup", "now").out.strip())
    assert made.parent == data_dir / "backups" and made.name.startswith("manual-")
    broken = data_dir / "backups" / "manual-20200101-000000.db"
    broken.write_bytes(b"not a database at all")

    listed = cli("backup", "list").json()

    assert [(e["file"], e["kind"], e["dossiers"]) for e in listed] == [
        (made.name, "manual", 1),
        (broken.name, "manual", None),
    ]
    assert listed[0]["path"] == str(made)
    assert listed[0]["taken_at"].startswith(made.name[7:11] + "-")
    assert listed[0]["taken_at"].endswith("+07:00") and listed[0]["bytes"] > 0
    assert listed[1]["problem"] == "database_not_database"

    (data_dir / "counter.db").unlink()
    assert cli("backup", "list").json() == listed  # answers when the database is lost
    restored = cli("backup", "restore", "--latest")
    assert restored.code == 0, restored
    assert f"restored {made} (" in restored.out and ", 1 dossier)" in restored.out
    assert len(tables(data_dir)["dossiers"]) == 1


def test_backup_restore_refusals(cli: Cli, data_dir: Path) -> None:
    app.build(data_dir).close()
    assert cli("backup", "restore").error() == "backup restore needs --latest or a backup FILE"
    assert (
        cli("backup", "restore", "--latest", "x.db").error()
        == "backup restore takes --latest or a FILE, not both"
    )
    assert cli("db", "restore").error() == "db restore needs --latest or a backup FILE"
    assert cli("backup", "list").json() == []
    assert cli("backup").error() == "the following arguments are required: backup_command"


def test_backup_now_removes_daily_backups_past_their_period(cli: Cli, data_dir: Path) -> None:
    app.build(data_dir).close()
    clock = long_ago()
    names = []
    for days_ago in (10, 9):
        clock.set(SystemClock().now() - timedelta(days=days_ago))
        taken = recovery.daily_backup(data_dir, clock.now())
        assert taken is not None
        names.append(taken.name)

    made = Path(cli("backup", "now").out.strip())

    kinds = [(e["file"], e["kind"]) for e in cli("backup", "list").json()]
    # The 10-day-old one is past the week; the 9-day-old one is the newest daily: kept.
    assert kinds == [(made.name, "manual"), (names[1], "daily")]
