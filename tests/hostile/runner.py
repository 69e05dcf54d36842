"""Running one hostile command line as a real ``counter-app`` process, and judging it.

Each case runs in a copy of one prepared installation (``counter-app demo-data``), so a
case that wrongly writes cannot spoil the next one. The judge asks what any command
line must do, whatever it was given:

- exit 2 for bad input (0 or 1 where the case says the input is acceptable);
- a refusal is exactly one line on stderr, ``counter-app: error: ...``, without a
  traceback or a raw control character, and nothing on stdout;
- an accepted case prints no raw control or escape character either;
- a refusal changed nothing: the database's fingerprint (every row of every table)
  and the data folder's files are the same before and after.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tests.hostile.cases import Case

PREFIX = b"counter-app: error: "
TIMEOUT_S = 60
# The store's tables of its own that the demo and every start rewrite anyway: none. Any
# difference in any table (FTS shadow tables included) counts as a write.
VOLATILE_TABLES: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Result:
    """What one case did, and every way it broke the rules (empty: it passed)."""

    case: Case
    code: int
    stdout: bytes
    stderr: bytes
    wrote: bool
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def prepare(folder: Path) -> Path:
    """The installation every case starts from: demo dossiers, a few of each state."""
    data = folder / "template"
    _counter_app(["--data-dir", str(data), "demo-data", "--dossiers", "30", "--per-day", "10"])
    return data


def dossier_code(data: Path) -> str:
    """A dossier of the prepared installation that can still change status."""
    with sqlite3.connect(f"file:{data / 'counter.db'}?mode=ro", uri=True) as db:
        row = db.execute(
            "SELECT code FROM dossiers WHERE status = 'in_processing' ORDER BY code LIMIT 1"
        ).fetchone()
    db.close()
    assert row is not None, "the demo data has no dossier in processing"
    return str(row[0])


def run_case(case: Case, template: Path, work: Path) -> Result:
    """Run ``case`` on a fresh copy of ``template`` under ``work`` and judge it."""
    data = work / "data"
    shutil.copytree(template, data)
    scratch = work / "files"
    scratch.mkdir()
    for name, content in case.files.items():
        (scratch / name).write_bytes(content)
    before = fingerprint(data)
    argv = [case.expand(arg, scratch, dossier_code(data)) for arg in case.argv]
    done = _counter_app(["--data-dir", str(data), *argv], case.stdin, check=False)
    after = fingerprint(data)
    result = Result(case, done.returncode, done.stdout, done.stderr, before != after)
    result.problems.extend(judge(result))
    if result.wrote:
        hidden = hidden_in_store(data)
        if hidden:
            result.problems.append(f"stored text holds hidden characters: {hidden}")
    return result


def judge(result: Result) -> list[str]:
    case, problems = result.case, []
    if result.code not in case.exits:
        problems.append(f"exit {result.code}, expected {sorted(case.exits)}")
    if b"Traceback" in result.stderr:
        problems.append("a traceback on stderr")
    for name, stream in (("stdout", result.stdout), ("stderr", result.stderr)):
        shown = raw_controls(stream)
        if shown:
            problems.append(f"raw control characters on {name}: {shown}")
    if result.code == 2:
        problems.extend(_refusal_problems(result))
    elif result.wrote and not case.may_write:
        problems.append("the installation changed although the case may not write")
    return problems


def _refusal_problems(result: Result) -> list[str]:
    problems = []
    lines = result.stderr.splitlines()
    if len(lines) != 1 or not result.stderr.endswith(b"\n"):
        problems.append(f"stderr is {len(lines)} lines, not one")
    if not result.stderr.startswith(PREFIX):
        problems.append("stderr does not start with 'counter-app: error: '")
    if result.stdout:
        problems.append("a refusal printed on stdout")
    if result.wrote:
        problems.append("a refusal changed the installation")
    return problems


def raw_controls(stream: bytes) -> str:
    """The control, format and unassigned characters of an output, named; "" for none.
    Line breaks and tabs are the output's own layout and are allowed."""
    text = stream.decode("utf-8", errors="replace")
    bad = {
        ch
        for ch in text
        if ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn")
    }
    return " ".join(sorted(f"U+{ord(ch):04X}" for ch in bad))


def hidden_in_store(data: Path) -> str:
    """The hidden characters (control, invisible, surrogates) any stored text holds."""
    found: set[str] = set()
    with sqlite3.connect(f"file:{data / 'counter.db'}?mode=ro", uri=True) as db:
        db.text_factory = lambda raw: raw.decode("utf-8", "surrogateescape")
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for row in db.execute(f'SELECT * FROM "{table}"'):
                texts = (value for value in row if isinstance(value, str))
                found.update(raw_controls("".join(texts).encode("utf-8", "surrogatepass")).split())
    db.close()
    return " ".join(sorted(found))


def fingerprint(data: Path) -> dict[str, str]:
    """Every table's rows and every file of the data folder but the database, hashed."""
    prints: dict[str, str] = {}
    database = data / "counter.db"
    if database.exists():
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            tables = [
                name
                for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if name not in VOLATILE_TABLES
            ]
            for table in tables:
                rows = sorted(repr(row) for row in db.execute(f'SELECT * FROM "{table}"'))
                prints[f"table {table}"] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        db.close()
    for path in sorted(data.rglob("*")):
        if path.is_file() and not path.name.startswith("counter.db"):
            prints[f"file {path.relative_to(data)}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return prints


def _counter_app(
    argv: list[str | bytes], stdin: bytes = b"", check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("COUNTER_APP_DATA", "PYTHONIOENCODING")
    }
    env.update(QT_QPA_PLATFORM="offscreen", LC_ALL="C.UTF-8", PYTHONUTF8="1")
    done = subprocess.run(
        [sys.executable, "-m", "counter_app", *argv],
        input=stdin,
        capture_output=True,
        timeout=TIMEOUT_S,
        env=env,
        check=False,
    )
    if check and done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", errors="replace"))
    return done
