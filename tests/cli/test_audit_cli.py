"""``counter-app audit verify`` on a real store: an intact log passes; an edited, removed
or re-hashed event is named by its seq and id, first foremost; a dossier row edited in
the database is named by the tables' part; a missing or garbage database is one line."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import Dossier, Status
from counter_app.domain.event_chain import event_hash
from counter_app.domain.reception import parse_reception
from counter_app.services.installation import ledger_path
from counter_app.storage import ledger
from counter_app.storage.database import transaction
from tests.cli.conftest import Cli, Result

PERSONAL = ("Nguyễn Văn An", "001090123456", "0912345678", "Hàng Bạc")
LINK = "prev_hash is not the hash of event"
EDITED = "the row's content no longer matches its hash"


@pytest.fixture
def store(services: Services, clock: FakeClock) -> list[Dossier]:
    """Three dossiers received, moved on, one paid in cash: a log of a few dozen events."""
    received = []
    for _ in range(3):
        document = copy.deepcopy(EXAMPLE_RECEPTION)
        received.append(services.reception.receive(parse_reception(document), "admin"))
    services.dossiers.change_status(received[0].code, Status.IN_PROCESSING, "", "admin")
    services.payments.record_cash(received[1].code, "admin")
    services.dossiers.change_status(received[2].code, Status.IN_PROCESSING, "", "admin")
    return received


def events(services: Services) -> list[dict[str, Any]]:
    return services.db.execute_returning_dicts("SELECT * FROM events ORDER BY seq")


def tamper(services: Services, sql: str, *params: object) -> None:
    """What someone with the database file does: drop the append-only guard, write."""
    with transaction(services.db):
        services.db.execute("DROP TRIGGER IF EXISTS events_append_only_update")
        services.db.execute("DROP TRIGGER IF EXISTS events_append_only_delete")
        services.db.execute(sql, list(params))


def verify(cli: Cli) -> tuple[Result, dict[str, Any]]:
    """The JSON report and the human summary must agree on the exit status."""
    done = cli("audit", "verify", "--json")
    human = cli("audit", "verify")
    assert done.code == human.code and done.err == human.err == ""
    for text in (done.out, human.out):
        assert not any(value in text for value in PERSONAL), text
    return human, json.loads(done.out)


def middle(services: Services) -> dict[str, Any]:
    rows = events(services)
    return rows[len(rows) // 2]


def test_an_intact_log_passes_and_nothing_is_written(
    services: Services, store: list[Dossier], cli: Cli, data_dir: Path
) -> None:
    database = data_dir / "counter.db"
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    count = len(events(services))
    human, report = verify(cli)
    assert human.code == 0, human
    assert human.out.splitlines()[0] == f"event log: {count} events, the last at seq {count}"
    assert human.out.splitlines()[-1] == "result: intact"
    assert report["ok"] is True
    assert (report["events"], report["last_seq"], report["breaks"]) == (count, count, [])
    assert report["tables"] == [] and report["log_shortened"] == []
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
    assert len(events(services)) == count


def test_an_edited_payload_names_that_event(
    services: Services, store: list[Dossier], cli: Cli
) -> None:
    target = middle(services)
    edited = json.loads(target["payload"]) | {"note": "sửa tay"}
    tamper(
        services, "UPDATE events SET payload = ? WHERE seq = ?", json.dumps(edited), target["seq"]
    )
    human, report = verify(cli)
    assert human.code == 1
    assert report["breaks_total"] == 1  # the event after it still follows its stored hash
    assert report["first_break"] == {
        "seq": target["seq"],
        "event_id": target["id"],
        "kind": "content_changed",
        "detail": f"{EDITED} (the row was edited)",
    }
    assert f"FIRST BREAK at seq {target['seq']} (event {target['id']}): {EDITED}" in human.out
    assert human.out.splitlines()[-1] == "result: BROKEN"


def test_a_removed_event_names_the_next_one_as_a_broken_link(
    services: Services, store: list[Dossier], cli: Cli
) -> None:
    target = middle(services)
    after = next(row for row in events(services) if row["seq"] == target["seq"] + 1)
    tamper(services, "DELETE FROM events WHERE seq = ?", target["seq"])
    human, report = verify(cli)
    assert human.code == 1
    breaks = [(b["seq"], b["event_id"], b["kind"]) for b in report["breaks"]]
    assert breaks == [
        (after["seq"], after["id"], "seq_gap"),
        (after["seq"], after["id"], "link_broken"),
    ]
    assert f"event {target['seq']} is missing" in report["breaks"][0]["detail"]
    assert report["breaks"][1]["detail"].startswith(f"{LINK} {target['seq'] - 1} ")
    first_line = next(line for line in human.out.splitlines() if "FIRST BREAK" in line)
    assert first_line.startswith(f"FIRST BREAK at seq {after['seq']} (event {after['id']}):")
    assert f"{LINK} {target['seq'] - 1}" in first_line
    # The tables still hold what the removed event made: named too.
    assert report["tables_total"] > 0


def test_an_edited_event_given_a_new_hash_breaks_the_next_link(
    services: Services, store: list[Dossier], cli: Cli
) -> None:
    target = middle(services)
    following = next(row for row in events(services) if row["seq"] == target["seq"] + 1)
    forged = dict(target, officer="ke.gian")
    tamper(
        services,
        "UPDATE events SET officer = ?, hash = ? WHERE seq = ?",
        "ke.gian",
        event_hash(target["prev_hash"], forged),
        target["seq"],
    )
    human, report = verify(cli)
    assert human.code == 1
    assert report["breaks"] == [
        {
            "seq": following["seq"],
            "event_id": following["id"],
            "kind": "link_broken",
            "detail": f"{LINK} {target['seq']} (an event was removed, inserted or reordered, "
            "or an edited event was given a new hash)",
        }
    ]


def test_a_dossier_row_edited_in_the_database_is_named(
    services: Services, store: list[Dossier], cli: Cli
) -> None:
    dossier = store[0]
    with transaction(services.db):
        services.db.execute("UPDATE dossiers SET status = 'returned' WHERE id = ?", [dossier.id])
    human, report = verify(cli)
    assert human.code == 1
    assert report["breaks"] == [] and "hash chain: intact" in human.out
    assert report["tables"] == [
        f"dossier {dossier.code}: status is 'returned' in the table but 'in_processing'"
        " by its events"
    ]
    assert f"  dossier {dossier.code}: status is 'returned'" in human.out


def test_newest_events_removed_below_the_ledger_are_named(
    services: Services, store: list[Dossier], cli: Cli, data_dir: Path
) -> None:
    last = events(services)[-1]["seq"]
    known = ledger.read(ledger_path(data_dir))
    assert known is not None
    known.events = last  # what the counter writes at its clean close
    ledger.write(ledger_path(data_dir), known)
    assert verify(cli)[0].code == 0
    tamper(services, "DELETE FROM events WHERE seq > ?", last - 2)
    human, report = verify(cli)
    assert human.code == 1
    assert report["breaks"] == []  # a cut tail leaves the chain whole
    assert report["log_shortened"] == [
        f"the log ends at seq {last - 2} but the unit ledger recorded seq {last}: "
        "the newest events were removed"
    ]
    assert "LOG SHORTENED: the log ends at seq" in human.out


def test_an_event_the_server_stored_must_still_be_there(
    services: Services, store: list[Dossier], cli: Cli
) -> None:
    last = events(services)[-1]
    with transaction(services.db):
        services.db.execute(
            "INSERT INTO sync_parked (event_id, seq, reason, detail, parked_at)"
            " VALUES (?, ?, 'unreadable', '', '2026-11-23T09:00:00+07:00')",
            [last["id"], last["seq"]],
        )
    assert verify(cli)[0].code == 0
    tamper(services, "DELETE FROM events WHERE seq = ?", last["seq"])
    report = verify(cli)[1]
    assert report["log_shortened"] == [
        f"the sync server stored event {last['seq']} ({last['id']}) but the log has no "
        f"event {last['seq']}"
    ]


def test_a_missing_database_is_one_line(cli: Cli, data_dir: Path) -> None:
    message = cli("audit", "verify").error()
    assert message.startswith(f"{data_dir / 'counter.db'} does not exist")
    assert not (data_dir / "counter.db").exists()  # nothing was created


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not a database at all\n" * 20, "is not a database"),
        (b"", "is damaged (the file is empty)"),
    ],
)
def test_a_garbage_database_is_one_line(
    cli: Cli, data_dir: Path, content: bytes, expected: str
) -> None:
    data_dir.mkdir()
    (data_dir / "counter.db").write_bytes(content)
    assert expected in cli("audit", "verify", "--json").error()


def test_another_programs_database_is_one_line(cli: Cli, data_dir: Path) -> None:
    import sqlite3

    data_dir.mkdir()
    conn = sqlite3.connect(data_dir / "counter.db")
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    assert "is not a database of this program" in cli("audit", "verify").error()


def test_bad_usage_is_one_line(cli: Cli) -> None:
    assert "unrecognized arguments: --fast" in cli("audit", "verify", "--fast").error()
    assert "audit_command" in cli("audit").error() or "required" in cli("audit").error()
