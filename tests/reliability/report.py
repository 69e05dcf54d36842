"""The reliability report: run every crash scenario, attack and check the repository
has, and write docs/reliability.md from what they did (never by hand, so it cannot drift).

``scripts/reliability.py`` (``make reliability``) runs the FULL mode; the tests run the
TINY mode into a temporary file. Each section is a row source: the crash harness
(``crash_harness``, ``sync_harness``), the server attacks (``attacks``), the audit edits
(``audit_edits``), the out-of-role actions (``roles``) and the hostile command-line sweep
(``tests/hostile``).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.reliability.attacks import run_attacks
from tests.reliability.audit_edits import run_edits
from tests.reliability.crash_harness import Outcome, run_counter
from tests.reliability.sync_harness import run_sync


@dataclass(frozen=True)
class Mode:
    name: str
    counter_kills: int
    sync_kills: int
    server_kills: int
    postgres_kills: int  # 0: no PostgreSQL scenario
    attack_rounds: int
    hostile_per_class: int | None  # None: every case
    users_per_right: int | None = None  # out-of-role users tried per right; None: all


MODES = {
    "tiny": Mode("tiny", 2, 0, 0, 0, 1, 1, 1),  # the report's own test: each section runs
    "short": Mode("short", 12, 6, 4, 0, 1, 3),
    "full": Mode("full", 300, 120, 90, 40, 3, None),  # about 15 minutes on 2 busy cores
}


@dataclass
class Row:
    """One line of the table: a fault or attack, how often, and what came of it."""

    section: str
    what: str
    tried: int
    passed: int
    failed: int
    notes: str
    seconds: float
    problems: list[str] = field(default_factory=list)


@dataclass
class Report:
    mode: Mode
    seed: int
    rows: list[Row] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(row.failed for row in self.rows)


def crash_rows(work: Path, mode: Mode, seed: int) -> list[Row]:
    """The counter, its sync and the server (SQLite) killed; a scenario of 0 kills is skipped."""
    outcomes = [run_counter(work / "counter", seed, mode.counter_kills)]
    if mode.sync_kills:
        url = _sqlite(work, "sync")
        outcomes.append(run_sync(work / "sync", seed + 1, mode.sync_kills, "sync", url))
    if mode.server_kills:
        url, name = _sqlite(work, "server"), "server process (SQLite)"
        outcomes.append(run_sync(work / "server", seed + 2, mode.server_kills, "server", url, name))
    return [row for outcome in outcomes for row in _crash_rows(outcome)]


def postgres_rows(work: Path, mode: Mode, seed: int) -> list[Row]:
    """The server killed on PostgreSQL (a throwaway cluster, tests/central/postgres.py)."""
    if not mode.postgres_kills:
        return []
    return _crash_rows(_postgres(work, seed + 3, mode.postgres_kills))


def _sqlite(work: Path, name: str) -> str:
    (work / name).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{work / name / 'central.db'}"


def _postgres(work: Path, seed: int, kills: int) -> Outcome:
    from tests.central import postgres as pg

    cluster = pg.start()
    try:
        url = cluster.create_database()
        name = "server process (PostgreSQL)"
        return run_sync(work / "server-pg", seed, kills, "server", url, name=name)
    finally:
        cluster.close()


def _crash_rows(outcome: Outcome) -> list[Row]:
    """Two rows: the store right after each kill, and the final proof after them all."""
    seconds = outcome.seconds / 2
    killed = Row(
        "Crash (SIGKILL)",
        f"{outcome.name}: store checks clean right after each kill",
        outcome.kills,
        outcome.kills - outcome.dirty_kills,
        outcome.dirty_kills,
        f"seed {outcome.seed}; restarted after each kill",
        seconds,
        [p for p in outcome.problems if p.startswith("after kill")],
    )
    final = [p for p in outcome.problems if not p.startswith("after kill")]
    proof = Row(
        "Crash (SIGKILL)",
        f"{outcome.name}: final proof after {outcome.kills} kills",
        1,
        int(not final),
        int(bool(final)),
        _notes(outcome.figures),
        seconds,
        final,
    )
    return [killed, proof]


def _notes(figures: dict[str, Any]) -> str:
    ops = figures.get("operations", {})
    notes = [f"{sum(ops.values())} acknowledged operations ({_counts(ops)}), each found once"]
    if "print_jobs" in figures:
        notes.append(
            f"{figures['print_jobs']} print jobs all printed; {figures['reprinted']} reprinted"
            f" whole after a kill, {figures['partial_papers']} cut-off papers,"
            f" {figures['tickets_without_paper']} walk-in tickets stored without their paper"
        )
    if "bank_notifications" in figures:
        notes.append(
            f"{figures['bank_notifications']} bank notifications acknowledged by the server"
            f" ({figures['bank_attempts']} attempts), each paid once on both sides"
        )
    if "events" in figures:
        notes.append(f"{figures['events']} events identical on counter and server")
    notes.append("audits exit 0")
    return "; ".join(notes)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value}" for key, value in sorted(counts.items()))


def attack_rows(work: Path, mode: Mode) -> list[Row]:
    started = time.monotonic()
    results = run_attacks(work / "attacks", mode.attack_rounds)
    seconds = (time.monotonic() - started) / max(1, len(results))
    rows: dict[str, Row] = {}
    for result in results:
        row = rows.setdefault(
            result.attack.name,
            Row("Server attack", result.attack.name, 0, 0, 0, result.attack.kind, 0.0),
        )
        row.tried += 1
        row.seconds += seconds
        if result.refused:
            row.passed += 1
        else:
            row.failed += 1
            row.problems.append(result.detail)
    for row in rows.values():
        row.notes = f"{row.notes}: refused {row.passed}/{row.tried}"
    return list(rows.values())


def edit_rows(work: Path) -> list[Row]:
    started = time.monotonic()
    results = run_edits(work / "edits")
    seconds = (time.monotonic() - started) / max(1, len(results))
    return [
        Row(
            "Audit edit",
            f"{r.where}: {r.kind}",
            1,
            int(r.detected),
            int(not r.detected),
            f"audit verify {'named it' if r.detected else 'MISSED it'} ({r.detail})",
            seconds,
            [] if r.detected else [r.detail],
        )
        for r in results
    ]


def role_rows(work: Path, mode: Mode) -> list[Row]:
    """Each guarded action tried by every user whose role lacks its right."""
    from counter_app.services.permissions import COVERS
    from tests.reliability.roles import out_of_role, try_out_of_role

    rows: dict[str, Row] = {}
    for index, (permission, username) in enumerate(_tries(out_of_role(), mode)):
        started = time.monotonic()
        result = try_out_of_role(work / "roles" / f"try-{index}", permission, username)
        what = COVERS[permission][0]
        row = rows.setdefault(what, Row("Out-of-role action", what, 0, 0, 0, "", 0.0))
        row.tried += 1
        row.seconds += time.monotonic() - started
        if result.refused and result.unchanged:
            row.passed += 1
        else:
            row.failed += 1
            row.problems.append(f"{username}: {result.detail}")
        who = f"{username} ({result.role or 'no account'})"
        row.notes += ("; " if row.notes else "by ") + who
    for row in rows.values():
        done = f"refused {row.passed}/{row.tried} with not_permitted and one event"
        row.notes = f"{done}, {row.notes}"
    return list(rows.values())


def _tries(tries: list[Any], mode: Mode) -> list[Any]:
    """The first ``mode.users_per_right`` users of each right (all of them: None)."""
    if mode.users_per_right is None:
        return tries
    seen: Counter[Any] = Counter()
    kept = []
    for permission, username in tries:
        seen[permission] += 1
        if seen[permission] <= mode.users_per_right:
            kept.append((permission, username))
    return kept


def hostile_rows(work: Path, mode: Mode) -> list[Row]:
    from tests.hostile.cases import CLASSES, all_cases, representative
    from tests.hostile.runner import prepare, run_case

    cases = all_cases()
    if mode.hostile_per_class is not None:
        cases = representative(cases, mode.hostile_per_class)
    started = time.monotonic()
    root = work / "hostile"
    root.mkdir(parents=True, exist_ok=True)
    template = prepare(root)

    def one(index: int) -> Any:
        folder = root / f"case-{index}"
        folder.mkdir()
        return run_case(cases[index], template, folder)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(one, range(len(cases))))
    seconds = (time.monotonic() - started) / max(1, len(results))
    tried = Counter(r.case.klass for r in results)
    bad = Counter(r.case.klass for r in results if not r.ok)
    return [
        Row(
            "Hostile command line",
            f"{klass}: {CLASSES[klass]}",
            tried[klass],
            tried[klass] - bad[klass],
            bad[klass],
            "exit 2 with one clean line, nothing written",
            seconds * tried[klass],
            [
                f"{r.case.name}: {'; '.join(r.problems)}"
                for r in results
                if not r.ok and r.case.klass == klass
            ],
        )
        for klass in CLASSES
        if tried[klass]
    ]


Section = Callable[[], list[Row]]


def run(work: Path, mode: Mode, seed: int, log: Callable[[str], None] = print) -> Report:
    """Every section in turn; a section that cannot run at all is one failed row."""
    report = Report(mode, seed)
    sections: list[tuple[str, Section]] = [
        ("crash harness", lambda: crash_rows(work / "crash", mode, seed)),
        ("crash harness on PostgreSQL", lambda: postgres_rows(work / "crash", mode, seed)),
        ("server attacks", lambda: attack_rows(work, mode)),
        ("audit edits", lambda: edit_rows(work)),
        ("out-of-role actions", lambda: role_rows(work, mode)),
        ("hostile command line", lambda: hostile_rows(work, mode)),
    ]
    for name, section in sections:
        started = time.monotonic()
        log(f"reliability: {name} (seed {seed}, {mode.name})...")
        try:
            rows = section()
        except Exception as error:  # the report says it, and `make reliability` fails
            rows = [
                Row(
                    name,
                    f"{name} could not run",
                    1,
                    0,
                    1,
                    repr(error)[:300],
                    time.monotonic() - started,
                    [repr(error)],
                )
            ]
        for row in rows:
            log(f"  {row.what}: {row.passed}/{row.tried} passed")
        report.rows += rows
    return report
