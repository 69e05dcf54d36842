"""The reliability report's generator in its TINY mode, written to a temporary file
(docs/reliability.md is written by ``make reliability`` only)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tests.reliability import markdown, report
from tests.reliability.report import Mode, Report, Row


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_report_runs_every_section_and_writes_its_table(tmp_path: Path) -> None:
    done = report.run(tmp_path / "work", report.MODES["tiny"], seed=11, log=lambda _: None)
    out = tmp_path / "reliability.md"
    markdown.write(done, out)
    text = out.read_text(encoding="utf-8")
    sections = {row.section for row in done.rows}
    assert sections == {
        "Crash (SIGKILL)",
        "Server attack",
        "Audit edit",
        "Out-of-role action",
        "Hostile command line",
    }
    assert done.failed == 0, [(row.what, row.problems) for row in done.rows if row.failed]
    assert "Seed **11**" in text and "seed 11; restarted after each kill" in text
    assert text.count("\n| ") == len(done.rows) + 1  # the header and one line a row


def test_a_failed_row_is_counted_and_its_problems_listed() -> None:
    rows = [
        Row("Crash (SIGKILL)", "server", 3, 3, 0, "fine | really", 1.0),
        Row("Audit edit", "counter: event deleted", 1, 0, 1, "MISSED", 0.5, ["exit 0"]),
    ]
    done = Report(Mode("test", 0, 0, 0, 0, 0, 0), 5, rows)
    text = markdown.render(done, datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC))
    assert "**4 tried, 1 FAILED**" in text
    assert "fine \\| really" in text  # a cell's bar does not break the table
    assert "## Failures" in text and "- `exit 0`" in text
    assert "2026-11-30 00:00 UTC" in text
