"""The crash harness in its SHORT mode (``make test``): a couple of dozen SIGKILLs of the
counter, its sync and the server; the FULL mode is ``make reliability``.

The seed is random each run and printed in every failure; ``COUNTER_CRASH_SEED=N``
replays one. The oracles themselves are checked on states known to be wrong.
"""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest

from counter_app import app
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.dossier_status import Status
from counter_app.domain.reception import parse_reception
from tests.reliability import oracles
from tests.reliability.crash_harness import OFFICER, Outcome, prepare_counter, run_counter
from tests.reliability.report import MODES
from tests.reliability.sync_harness import run_sync

SHORT = MODES["short"]


def seed() -> int:
    given = os.environ.get("COUNTER_CRASH_SEED")
    return int(given) if given else random.randrange(1, 1_000_000)


def passed(outcome: Outcome) -> None:
    print(outcome.summary())
    replay = f"replay with COUNTER_CRASH_SEED={outcome.seed}"
    assert outcome.passed, f"{replay}: {outcome.problems[:10]}"
    operations = sum(outcome.figures["operations"].values())
    assert operations > outcome.kills, f"{replay}: the kills hit no work ({operations} operations)"


@pytest.mark.slow
def test_a_counter_killed_at_random_keeps_every_acknowledged_operation_once(
    tmp_path: Path,
) -> None:
    outcome = run_counter(tmp_path, seed(), SHORT.counter_kills)
    passed(outcome)
    assert outcome.figures["print_jobs"] > 0, outcome.summary()


@pytest.mark.slow
@pytest.mark.parametrize("victim", ["sync", "server"])
def test_a_sync_or_server_killed_at_random_leaves_both_sides_equal(
    tmp_path: Path, victim: str
) -> None:
    kills = SHORT.sync_kills if victim == "sync" else SHORT.server_kills
    outcome = run_sync(tmp_path, seed(), kills, victim, f"sqlite:///{tmp_path / 'central.db'}")
    passed(outcome)


# --- the oracles find what they are for -------------------------------------------------


@pytest.fixture
def counter(tmp_path: Path) -> Path:
    """An installation with one dossier received and moved on, through the services."""
    data = tmp_path / "counter"
    prepare_counter(data, None)
    services = app.build(data)
    try:
        dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), OFFICER)
        services.dossiers.change_status(dossier.code, Status.IN_PROCESSING, "", OFFICER)
    finally:
        services.close()
    return data


def _dossier(data: Path) -> tuple[str, str]:
    with oracles.read_only(data / "counter.db") as db:
        code, dossier_id = db.execute("SELECT code, id FROM dossiers").fetchone()
    db.close()
    return code, dossier_id


def test_an_acknowledged_operation_missing_or_doubled_is_found(counter: Path) -> None:
    code, dossier_id = _dossier(counter)
    there = [
        {"op": "receive", "code": code, "id": dossier_id},
        {"op": "status", "code": code, "id": dossier_id, "to": "in_processing"},
    ]
    assert oracles.acknowledged_once(counter / "counter.db", there).problems == []
    lost = {"op": "status", "code": code, "id": dossier_id, "to": "result_ready"}
    problems = oracles.acknowledged_once(counter / "counter.db", [lost]).problems
    assert problems and "0 'dossier.status_changed' events" in problems[0]


def test_a_half_written_store_fails_the_shipped_audits(counter: Path) -> None:
    assert oracles.shipped_audits(counter).problems == []
    code, _ = _dossier(counter)
    db = sqlite3.connect(counter / "counter.db")
    with db:
        db.execute("UPDATE dossiers SET status = 'returned' WHERE code = ?", [code])
    db.close()
    problems = oracles.shipped_audits(counter).problems
    assert [p.split(" exited")[0] for p in problems] == [
        "counter-app db check",
        "counter-app audit verify",
    ]


def test_a_print_job_not_printed_or_not_done_is_found(counter: Path) -> None:
    ack = {"op": "print", "job": "no-such-job", "token": "X"}
    problems = oracles.prints(counter / "counter.db", [ack], []).problems
    assert len(problems) == 2  # not marked done, and no paper came out
