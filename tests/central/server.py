"""A real ``counter-central serve`` process on a loopback port, for the tests.

The process is started as ``python -m central.cli serve --db URL --host 127.0.0.1 --port P``,
exactly as ward IT starts it, and is ready when ``GET /v1/health`` answers 200. Its
stdout and stderr go to a log file whose end is in every failure message. It leads its
own process group (so ``--workers N`` children are stopped with it) and dies with the
test session.
"""

from __future__ import annotations

import http.client
import os
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.central.processes import die_with_parent, free_port, kill_group, stop, tail

ROOT = Path(__file__).resolve().parents[2]
CLI = (sys.executable, "-m", "central.cli")
HEALTH = "/v1/health"
DB_ENV = "COUNTER_CENTRAL_DB"  # central.database.DB_ENV (not imported: no SQLAlchemy here)
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


class ServerDidNotStart(AssertionError):
    """The server exited or did not answer its health check in time."""


@dataclass
class CentralServer:
    """One server process; ``restart()`` brings it back on the same port and database."""

    db: str  # SQLAlchemy URL of its database
    log: Path
    extra: tuple[str, ...] = ()  # more ``serve`` arguments, e.g. ("--workers", "2")
    env: dict[str, str] = field(default_factory=dict)  # added to the environment
    command: tuple[str, ...] = CLI  # what ``counter-central`` is
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    ca: Path | None = None  # serving HTTPS (``--cert``) with a certificate this file trusts

    @property
    def url(self) -> str:
        return f"{'https' if self.ca else 'http'}://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = START_TIMEOUT) -> CentralServer:
        """Start on a free port (the same one again after the first start)."""
        if self.running:
            raise RuntimeError(f"the server at {self.url} is running already")
        fixed = self.port != 0
        for _ in range(1 if fixed else 5):
            self.port = self.port if fixed else free_port()
            self.process = self._spawn()
            trouble = self._wait_healthy(timeout)
            if trouble is None:
                return self
            if fixed or not self._port_was_taken():
                break
        raise ServerDidNotStart(
            f"counter-central serve on {self.url} ({self.db}) {trouble}.\n"
            f"Its output ({self.log}):\n{tail(self.log)}"
        )

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Graceful: SIGTERM, then SIGKILL to the group after ``timeout`` seconds."""
        if self.process is not None:
            stop(self.process, signal.SIGTERM, timeout)

    def kill(self) -> None:
        """A crash: SIGKILL to the server and every process it started, at once."""
        if self.process is not None:
            stop(self.process, signal.SIGKILL, timeout=0)

    def restart(self, timeout: float = START_TIMEOUT) -> CentralServer:
        """Stop (gracefully if it still runs) and start again on the same port and database."""
        self.stop()
        return self.start(timeout)

    def run_cli(
        self, *args: str, check: bool = True, input: str | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        """Run ``counter-central ARGS`` on this server's database (given as
        ``$COUNTER_CENTRAL_DB``, which every command reads when ``--db`` is not given).

        ``check``: a non-zero exit fails the test with the command's output.
        """
        done = subprocess.run(
            [*self.command, *args],
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
            env=self._environment(),
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"counter-central {' '.join(args)} exited {done.returncode}\n"
                f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
            )
        return done

    def output(self) -> str:
        """Everything the server has printed so far (all its starts)."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def _spawn(self) -> subprocess.Popen[bytes]:
        command = [*self.command, "serve", "--db", self.db]
        command += ["--host", "127.0.0.1", "--port", str(self.port)]
        with self.log.open("ab") as log:
            log.write(f"--- {' '.join(command[1:])} {' '.join(self.extra)}\n".encode())
            log.flush()
            return subprocess.Popen(
                [*command, *self.extra],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
                env=self._environment(),
                start_new_session=True,
                preexec_fn=die_with_parent(signal.SIGKILL),
            )

    def _environment(self) -> dict[str, str]:
        return {**os.environ, "PYTHONUNBUFFERED": "1", DB_ENV: self.db, **self.env}

    def _wait_healthy(self, timeout: float) -> str | None:
        """None once ``/v1/health`` answers 200, else what went wrong."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return f"exited with code {self.process.returncode}"
            if _healthy(self.url + HEALTH, self.ca):
                return None
            time.sleep(0.05)
        kill_group(self.process)
        self.process.wait()
        return f"did not answer {HEALTH} within {timeout:g} s (killed)"

    def _port_was_taken(self) -> bool:
        text = tail(self.log, 10).lower()
        return "address already in use" in text or "errno 98" in text


def _healthy(url: str, ca: Path | None = None) -> bool:
    context = ssl.create_default_context(cafile=ca) if ca else None
    try:
        with urllib.request.urlopen(url, timeout=2, context=context) as response:
            return bool(response.status == 200)
    except urllib.error.HTTPError as refused:  # e.g. 503 while its database is not ready
        refused.close()
        return False
    except (OSError, http.client.HTTPException):
        return False
