"""The hostile command lines of tests/hostile/cases.py, each a real ``counter-app`` process.

The default run takes a few cases of every class (``representative``); the whole table
(about 300 cases, about a minute on two cores) runs with

    COUNTER_HOSTILE_SWEEP=full pytest tests/hostile/test_cli_sweep.py

or, with a table of results, ``python -m tests.hostile.sweep``. The cases run two at a
time, each on its own copy of one prepared installation.
"""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.hostile.cases import CLASSES, OK, REFUSED, Case, all_cases, representative
from tests.hostile.runner import Result, judge, prepare, run_case

FULL = os.environ.get("COUNTER_HOSTILE_SWEEP") == "full"
ALL = all_cases()
CASES = ALL if FULL else representative(ALL)


@pytest.fixture(scope="module")
def results(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> dict[str, Result]:
    """The results of the cases this run selected, run two at a time."""
    wanted = {
        item.callspec.params["case"].name
        for item in request.session.items
        if hasattr(item, "callspec") and "case" in item.callspec.params
    }
    cases = [case for case in CASES if case.name in wanted]
    root = tmp_path_factory.mktemp("hostile")
    template = prepare(root)

    def one(index: int) -> Result:
        work = root / f"case-{index}"
        work.mkdir()
        return run_case(cases[index], template, work)

    with ThreadPoolExecutor(2) as pool:
        return {result.case.name: result for result in pool.map(one, range(len(cases)))}


@pytest.mark.timeout(900)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_command_line(case: Case, results: dict[str, Result]) -> None:
    result = results[case.name]
    assert result.ok, (
        f"{case.name}: {'; '.join(result.problems)}\n"
        f"stderr: {result.stderr.decode('utf-8', 'backslashreplace')[-2000:]}"
    )


def test_the_table_has_every_class_and_enough_cases() -> None:
    counts = Counter(case.klass for case in ALL)
    assert set(counts) == set(CLASSES)
    assert len(ALL) >= 150
    assert min(counts.values()) >= 10
    assert set(CLASSES) <= {case.klass for case in representative(ALL)}


# --- the judge itself: each rule can fail ------------------------------------------------

CASE = Case("judge", "escape", ("search", "x"), REFUSED)
GOOD = b"counter-app: error: '\\x1b[2J' is not a dossier code\n"


def verdict(code: int, out: bytes, err: bytes, wrote: bool = False, case: Case = CASE) -> str:
    return "; ".join(judge(Result(case, code, out, err, wrote)))


def test_the_judge_passes_a_clean_refusal() -> None:
    assert verdict(2, b"", GOOD) == ""


@pytest.mark.parametrize(
    ("code", "out", "err", "wrote", "problem"),
    [
        (1, b"", b"Traceback (most recent call last):\n  boom\n", False, "traceback"),
        (0, b"", b"", False, "exit 0"),
        (2, b"", GOOD + GOOD, False, "not one"),
        (2, b"", b"error\n", False, "does not start"),
        (2, b"partial\n", GOOD, False, "on stdout"),
        (2, b"", b"counter-app: error: \x1b[2J\n", False, "U+001B"),
        (2, b"", b"counter-app: error: a\xe2\x80\x8bb\n", False, "U+200B"),
        (2, b"", GOOD, True, "changed the installation"),
    ],
)
def test_the_judge_finds_each_broken_rule(
    code: int, out: bytes, err: bytes, wrote: bool, problem: str
) -> None:
    assert problem in verdict(code, out, err, wrote)


def test_an_accepted_case_may_not_write_unless_it_says_so() -> None:
    accepted = Case("judge", "escape", ("search", "x"), OK)
    assert "may not write" in verdict(0, b"found\n", b"", True, accepted)
    writer = Case("judge", "escape", ("search", "x"), OK, may_write=True)
    assert verdict(0, b"found\n", b"", True, writer) == ""
    assert "U+0007" in verdict(0, b"\x07\n", b"", False, accepted)


def test_the_fingerprint_sees_a_write(tmp_path: Path) -> None:
    from tests.hostile.runner import fingerprint

    template = prepare(tmp_path)
    before = fingerprint(template)
    import sqlite3

    with sqlite3.connect(template / "counter.db") as db:
        db.execute("UPDATE settings SET value = value || 'x' WHERE key = 'place'")
    db.close()
    assert fingerprint(template) != before
