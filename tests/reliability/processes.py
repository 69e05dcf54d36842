"""Starting, waiting for and killing the harness's workers (children that die with it)."""

from __future__ import annotations

import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.central.processes import die_with_parent, kill_group

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 60.0


class WorkerFailed(AssertionError):
    """A worker exited (or did not get ready) on its own: a bug, not a kill."""


def spawn(module: str, *args: str, log: Path) -> subprocess.Popen[str]:
    """``python -m module args`` in its own process group; stderr appended to ``log``."""
    with log.open("a") as errors:
        return subprocess.Popen(
            [sys.executable, "-m", module, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            cwd=ROOT,
            start_new_session=True,
            preexec_fn=die_with_parent(signal.SIGKILL),
        )


def wait_ready(process: subprocess.Popen[str], log: Path) -> None:
    """Until the worker prints ``ready``; a worker that exits first has failed."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], READY_TIMEOUT_S)
    line = process.stdout.readline().strip() if ready else ""
    if line != "ready":
        kill(process)
        raise WorkerFailed(f"worker said {line!r}, exit {process.returncode}: {tail(log)}")


def kill(process: subprocess.Popen[str]) -> None:
    """SIGKILL to the worker and anything it started; reaped."""
    kill_group(process)  # type: ignore[arg-type]
    process.wait()
    if process.stdout is not None:
        process.stdout.close()


def kill_after(
    process: subprocess.Popen[str], rng: random.Random, span: tuple[float, float]
) -> float:
    """Let it work a random while (seeded), then SIGKILL it; the delay chosen.

    A worker that died by itself meanwhile is a failure."""
    delay = rng.uniform(*span)
    time.sleep(delay)
    if process.poll() is not None:
        raise WorkerFailed(f"worker exited {process.returncode} before its kill")
    kill(process)
    return delay


def finish(process: subprocess.Popen[str], log: Path, timeout: float = 120.0) -> None:
    """Wait for a worker told to stop; it must exit 0."""
    try:
        code = process.wait(timeout)
    except subprocess.TimeoutExpired:
        kill(process)
        raise WorkerFailed(f"worker did not stop within {timeout:g} s: {tail(log)}") from None
    if process.stdout is not None:
        process.stdout.close()
    if code != 0:
        raise WorkerFailed(f"worker exited {code}: {tail(log)}")


def tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
