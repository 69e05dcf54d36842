"""Start-up time, as ratios to bare baselines measured in the same run.

The command line is compared with a bare ``python -c pass``, the counter window with
a bare PySide6 window (a ``QApplication`` and an empty ``QMainWindow`` of the same
size). Each program runs in a fresh subprocess of this interpreter: one warm-up round,
then ``--runs`` rounds in which every program runs once, interleaved with its
baseline; the median counts.

A command is timed from the spawn to its exit. A window is timed from the spawn to
the moment it is *interactive*, the same moment for both windows: the main window has
had its first paint and the event loop has then run dry (a zero-timeout timer fired,
which Qt does once every queued event is processed). The child writes one line to
its stdout then; the parent's clock stops when it reads the line, so no clock is
compared across processes, and the child's shutdown is not counted.

The counter starts through its real entry point (``counter_app.cli.main``) on a data
folder with ``--dossiers`` demo dossiers received up to today, so the list of today's
dossiers has rows. The login dialog is the real one; its fields are filled and
submitted as it opens: the Argon2 check and the durable write of the login still
count, the typing does not. The login's own time is reported as well, with the ratio
the rest of the start makes: Argon2 is slow on purpose, and its cost depends on the
cores free. Reported without a target: the login dialog alone, and the wait after
Enter when the officer has typed for ``TYPING_MS`` (from the submit to the window).

Every program runs as ward IT installs it: from a wheel of the checkout (built with
``python -m build``, as ``pip install .`` builds it) installed in a virtual environment
of its own, through the ``counter-app`` script pip writes, with that environment's
``python -c pass`` as the baseline. Its dependencies come from this interpreter's
site-packages, by a path file: importing them costs the same from there. The checkout's
own environment is no baseline: its editable install imports pathlib, re and
importlib.util at every interpreter start (``__editable___*_finder``, 15–20 ms here),
which flatters a command's ratio. ``--checkout`` times the checkout that way all the same
(``python -m counter_app``), quicker to run while working on the start.

    .venv/bin/python bench/start.py [--runs 7] [--dossiers 2000] [--checkout]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from counter_app import app, cli
from counter_app.services.accounts import UnitSetup

REPO = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = REPO / ".bench-data"
PYTHON = "python -c pass"
BARE_WINDOW_NAME = "bare PySide6 window"
LOGIN_DIALOG_NAME = "counter login dialog"  # reported, no target
AFTER_TYPING_NAME = "window after Enter (typed)"  # reported, no target
TYPING_MS = 1500  # how long the officer types the name and password, from the dialog showing
TARGET_RATIO = 2.0
SEARCH_TEXT = "nguyen"
PASSWORD = "mat-khau-bench"
SETUP = UnitSetup(
    agency_id="000.00.01.Z99",  # made up under Z: no agency has it
    unit_name="UBND Phường Thử Nghiệm",
    place="Hà Nội",
    counter_number=1,
    admin_username="admin",
    admin_full_name="Lê Minh Quản",
    admin_password=PASSWORD,
)

# Prepended to both windows: a main window class whose first paint reports (with the
# time the login took, if any) once the event loop is idle, then quits. It watches
# the main window's own paint only: an application-wide event filter would slow the
# window with many widgets more than the bare one.
WATCH = """
import sys
import time

login_ms = 0.0
submitted_at = None  # when the password was submitted, in a start that types first

def interactive(window_class):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    def report(window):
        after = 0.0 if submitted_at is None else (time.perf_counter() - submitted_at) * 1000
        print(f"interactive {login_ms:.3f} {after:.3f}", flush=True)
        if isinstance(window, QDialog):
            window.reject()  # its own event loop: the start goes on, and quits below
        QApplication.instance().quit()

    class Watched(window_class):
        painted = False

        def paintEvent(self, event):
            super().paintEvent(event)
            if not Watched.painted:
                Watched.painted = True
                QTimer.singleShot(0, lambda: report(self))

    return Watched
"""

BARE_WINDOW = """
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = interactive(QMainWindow)()
window.resize(1366, 768)
window.show()
sys.exit(app.exec())
"""

# The real start (parser, services, translator, print worker, window), with Qt
# imported where the counter imports it. The login dialog is the real one, its fields
# filled and submitted as it opens (``typing_ms`` 0): only the typing is skipped. With
# ``typing_ms``, they are filled and submitted that long after the dialog opens, as an
# officer types them, and the time from the submit to the window counts. The password
# check runs on a thread; the window's modules load once the dialog shows, or at the
# submit if that comes first (``ui.main._load_window``); the window class is watched
# once that import has run, without importing it earlier.
COUNTER_WINDOW = """
from counter_app import app
from counter_app.cli import main

class AfterImport:
    \"\"\"A finder that patches a module once it has been imported, and only then.\"\"\"

    def __init__(self, name, patch):
        self.name, self.patch = name, patch

    def find_spec(self, name, path, target=None):
        if name != self.name:
            return None
        import importlib.util

        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load, patch = spec.loader.exec_module, self.patch

        def exec_module(module):
            load(module)
            patch(module)

        spec.loader.exec_module = exec_module
        return spec

def watched(module):
    module.MainWindow = interactive(module.MainWindow)

def run_gui(*args, original=app.run_gui):
    import counter_app.ui.main as gui

    class BenchLogin(gui.LoginDialog):
        def exec(self):
            if {typing_ms}:
                from PySide6.QtCore import QTimer

                QTimer.singleShot({typing_ms}, self.type_and_submit)
            else:
                self.type_and_submit()
            return super().exec()

        def type_and_submit(self):
            global submitted_at
            self.username.setText({user!r})
            self.password.setText({password!r})
            self.started = submitted_at = time.perf_counter()
            self.submit()

        def accept(self):
            global login_ms
            login_ms = (time.perf_counter() - self.started) * 1000
            super().accept()

    gui.LoginDialog = BenchLogin
    sys.meta_path.insert(0, AfterImport("counter_app.ui.main_window", watched))
    return original(*args)

app.run_gui = run_gui
sys.exit(main(["--data-dir", {folder!r}]))
"""


# The first thing the officer sees: the login dialog, timed the same way as a window
# (to its first paint and an idle event loop). Reported, with no target of its own.
LOGIN_DIALOG = """
from counter_app import app
from counter_app.cli import main

def run_gui(*args, original=app.run_gui):
    import counter_app.ui.main as gui

    gui.LoginDialog = interactive(gui.LoginDialog)
    return original(*args)

app.run_gui = run_gui
sys.exit(main(["--data-dir", {folder!r}]))
"""


# ---------------------------------------------------------------- the data folder


def build_folder(folder: Path, dossiers: int) -> float:
    """A set-up installation with ``dossiers`` demo dossiers up to now; seconds taken."""
    started = time.perf_counter()
    services = app.build(folder)
    try:
        services.accounts.complete_setup(SETUP, allow_fictional=True)
    finally:
        services.close()
    with contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["--data-dir", str(folder), "demo-data", "--dossiers", str(dossiers)])
    if code != 0:
        raise RuntimeError(f"demo-data failed with exit code {code}")
    return time.perf_counter() - started


# ---------------------------------------------------------------- measuring


def environment(pycache: Path) -> dict[str, str]:
    """The children's environment: offscreen unless a platform is set, and bytecode
    cached (in ``pycache``, written by the warm-up) as in an installed program, even
    where PYTHONDONTWRITEBYTECODE is set; otherwise every start would compile."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


class Program(NamedTuple):
    argv: list[str]
    window: bool = False  # timed to "interactive", not to the exit
    from_submit: bool = False  # timed from the login's submit, not from the spawn


class Timing(NamedTuple):
    ms: float
    login_ms: float = 0.0  # of which the login (the Argon2 check), for the counter window


def time_command(argv: Sequence[str], env: dict[str, str], cwd: Path) -> Timing:
    """Milliseconds from the spawn to the exit."""
    started = time.perf_counter()
    done = subprocess.run(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd, check=False
    )
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{argv} exited with {done.returncode}: {done.stderr.decode()}")
    return Timing(elapsed)


def time_window(
    argv: Sequence[str], env: dict[str, str], cwd: Path, from_submit: bool = False
) -> Timing:
    """Milliseconds from the spawn to the child's report that its window is interactive;
    ``from_submit``: from the login's submit, as the child measured it.

    The child's stderr is kept for a failure only: the offscreen platform warns that
    it "does not support propagateSizeHints()".
    """
    started = time.perf_counter()
    with subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd
    ) as child:
        assert child.stdout is not None
        line = child.stdout.readline()
        elapsed = (time.perf_counter() - started) * 1000
        _, errors = child.communicate()
    word, login, after = [*line.split(), "", "", ""][:3]
    if word != "interactive" or child.returncode != 0:
        raise RuntimeError(
            f"the window did not report interactive (exit {child.returncode}): {errors}"
        )
    if from_submit:
        return Timing(float(after), float(login))
    return Timing(elapsed, float(login))


def programs(folder: Path, python: Path, counter: list[str]) -> dict[str, Program]:
    """What is timed, by name; each baseline comes before what it is compared with.
    ``python``: the interpreter the programs run in; ``counter``: the counter's command."""
    data = ["--data-dir", str(folder)]
    dialog = LOGIN_DIALOG.format(folder=str(folder))
    login = {"user": SETUP.admin_username, "password": PASSWORD, "folder": str(folder)}
    window = COUNTER_WINDOW.format(typing_ms=0, **login)
    typed = COUNTER_WINDOW.format(typing_ms=TYPING_MS, **login)
    return {
        PYTHON: Program([str(python), "-c", "pass"]),
        "counter-app --version": Program([*counter, "--version"]),
        f"counter-app search {SEARCH_TEXT}": Program([*counter, *data, "search", SEARCH_TEXT]),
        BARE_WINDOW_NAME: Program([str(python), "-c", WATCH + BARE_WINDOW], window=True),
        "counter main window": Program([str(python), "-c", WATCH + window], window=True),
        LOGIN_DIALOG_NAME: Program([str(python), "-c", WATCH + dialog], window=True),
        AFTER_TYPING_NAME: Program([str(python), "-c", WATCH + typed], True, from_submit=True),
    }


def install_wheel(scratch: Path) -> tuple[Path, list[str]]:
    """The checkout built as a wheel and installed in a virtual environment of its own
    (its dependencies from this interpreter's site-packages); its python and the
    ``counter-app`` script pip wrote."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))  # the tests' way of building it (tests/wheel.py)
    from tests.wheel import build_wheel

    wheel = build_wheel(scratch, "--wheel")
    venv = scratch / "venv"
    _checked([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    found = _checked([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    (Path(found.strip()) / "bench-dependencies.pth").write_text(sysconfig.get_path("purelib"))
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    _checked([*pip, "--no-deps", str(wheel)])
    where = _checked([str(python), "-c", "import counter_app; print(counter_app.__file__)"])
    if not Path(where.strip()).resolve().is_relative_to(venv.resolve()):
        raise RuntimeError(f"the environment imports the counter from {where.strip()}")
    return python, [str(bin_dir / "counter-app")]


def _checked(argv: list[str]) -> str:
    """Run a step of the installation in a folder outside the checkout; its stdout."""
    done = subprocess.run(argv, capture_output=True, text=True, cwd=tempfile.gettempdir())
    if done.returncode != 0:
        raise RuntimeError(f"{argv[:4]} failed: {done.stderr[-2000:]}")
    return done.stdout


def time_program(program: Program, env: dict[str, str], cwd: Path) -> Timing:
    """``cwd``: a folder with no package in it, for ``python -c`` puts the current
    folder first on the path: from the checkout, the windows would import its sources
    instead of the installed wheel."""
    if program.window:
        return time_window(program.argv, env, cwd, program.from_submit)
    return time_command(program.argv, env, cwd)


def measure(
    chosen: dict[str, Program], runs: int, env: dict[str, str], cwd: Path
) -> dict[str, list[Timing]]:
    """One warm-up round, then ``runs`` interleaved rounds."""
    for program in chosen.values():
        time_program(program, env, cwd)
    times: dict[str, list[Timing]] = {name: [] for name in chosen}
    for _ in range(runs):
        for name, program in chosen.items():
            times[name].append(time_program(program, env, cwd))
    return times


# ---------------------------------------------------------------- report


def results(chosen: dict[str, Program], times: dict[str, list[Timing]]) -> dict[str, Any]:
    """Medians and ratios to the baseline of the same kind; for a program with a login,
    also the median login and the ratio without it (what the rest of the start costs).
    A program timed from the submit has no ratio: no baseline starts from a submit."""
    medians = {name: statistics.median(t.ms for t in timings) for name, timings in times.items()}
    rows: dict[str, dict[str, float]] = {}
    for name, median in medians.items():
        baseline = medians[BARE_WINDOW_NAME if chosen[name].window else PYTHON]
        timings = times[name]
        rows[name] = {
            "median_ms": median,
            "min_ms": min(t.ms for t in timings),
            "max_ms": max(t.ms for t in timings),
        }
        if any(t.login_ms for t in timings):
            rows[name]["login_median_ms"] = statistics.median(t.login_ms for t in timings)
        if chosen[name].from_submit:
            continue
        rows[name]["ratio"] = median / baseline
        if "login_median_ms" in rows[name]:
            rest = statistics.median(t.ms - t.login_ms for t in timings)
            rows[name]["ratio_without_login"] = rest / baseline
    targets = {
        name: rows[name]["ratio"] <= TARGET_RATIO
        for name in rows
        if name not in (PYTHON, BARE_WINDOW_NAME, LOGIN_DIALOG_NAME, AFTER_TYPING_NAME)
    }
    return {"programs": rows, "targets": targets}


def print_results(result: dict[str, Any]) -> None:
    print(f"\nStart, ms{'':27}median       min       max     ratio  target {TARGET_RATIO:g}×")
    for name, row in result["programs"].items():
        target = result["targets"].get(name)
        mark = "" if target is None else ("met" if target else "MISSED")
        ratio = f"{row['ratio']:7.2f}×" if "ratio" in row else f"{'':8}"
        print(
            f"  {name:32} {row['median_ms']:8.0f}  {row['min_ms']:8.0f}  {row['max_ms']:8.0f}"
            f"  {ratio}  {mark}"
        )
        if "ratio_without_login" in row:
            print(
                f"    of which the login (Argon2) {row['login_median_ms']:6.0f} ms;"
                f" without it {row['ratio_without_login']:.2f}×"
            )
        elif "login_median_ms" in row:
            print(f"    of which the login (Argon2) {row['login_median_ms']:6.0f} ms")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dossiers", type=int, default=2000)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_ROOT)
    parser.add_argument(
        "--checkout",
        action="store_true",
        help="time the checkout in this environment (python -m counter_app), not a wheel",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="start-", dir=args.data_dir) as scratch:
        folder = Path(scratch) / "counter"
        print(f"Building {args.dossiers:,} demo dossiers in {folder}")
        build_seconds = build_folder(folder, args.dossiers)
        print(f"Build time: {build_seconds:.1f} s")
        if args.checkout:
            installed, python = "checkout", Path(sys.executable)
            counter = [sys.executable, "-m", "counter_app"]
        else:
            print("Building the wheel and installing it in an environment of its own")
            installed = "wheel"
            python, counter = install_wheel(Path(scratch) / "install")
        env = environment(Path(scratch) / "pycache")
        print(
            f"{args.runs} runs after a warm-up, from the {installed},"
            f" QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}"
        )
        chosen = programs(folder, python, counter)
        times = measure(chosen, args.runs, env, Path(scratch))
    result = {
        "dossiers": args.dossiers,
        "runs": args.runs,
        "installed": installed,
        **results(chosen, times),
    }
    print_results(result)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
