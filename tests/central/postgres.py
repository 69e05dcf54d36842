"""A throwaway PostgreSQL for the server tests: one cluster per session, a database per test.

``start()`` gives a ``Postgres`` that creates and drops databases and hands out their
SQLAlchemy URLs (``postgresql+psycopg://postgres@127.0.0.1:PORT/NAME``). It uses, in order:

- the server named by ``COUNTER_TEST_POSTGRES_URL`` (any database on it; the role needs
  CREATEDB), e.g. a developer's own PostgreSQL or a CI service;
- otherwise a cluster of its own: ``initdb`` in a fresh temporary directory and
  ``postgres`` on a free loopback port, with durability off (a test database is thrown
  away) and a small memory footprint. PostgreSQL refuses to run as root, so as root the
  cluster belongs to Debian's ``postgres`` user (or to ``counter-test-pg``, created when no
  such user exists). The server is a child of the test session: it is stopped and its
  directory removed at the end, and it dies with the session if that is killed; a
  directory left by a killed session is removed by the next one.

``scripts/system-packages.sh`` installs Debian's ``postgresql`` (``make test`` runs it).
``COUNTER_TEST_PG_BINDIR`` names the binaries' directory if they are somewhere unusual.
"""

from __future__ import annotations

import atexit
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

from tests.central.processes import die_with_parent, free_port, kill_group, stop, tail

URL_VARIABLE = "COUNTER_TEST_POSTGRES_URL"
BINDIR_VARIABLE = "COUNTER_TEST_PG_BINDIR"
REQUIRE_VARIABLES = ("COUNTER_REQUIRE_POSTGRES", "CI")
SUPERUSER = "postgres"  # the cluster's superuser role (trust authentication, loopback only)
SYSTEM_USER = "postgres"  # Debian's package creates it
FALLBACK_USER = "counter-test-pg"
PREFIX = "counter-pg-"
START_TIMEOUT = 60.0

# Speed over durability: nothing here must survive a crash of the machine.
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "32MB",
    "max_connections": "200",  # several server processes, each with its pool
    "log_min_messages": "warning",
    "log_min_error_statement": "panic",  # tests provoke errors on purpose
}
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class PostgresUnavailable(Exception):
    """No PostgreSQL could be found or started; the message says what was tried."""


def required() -> bool:
    """Whether a missing PostgreSQL is an error (CI, ``make test``) rather than a skip."""
    for name in REQUIRE_VARIABLES:
        value = os.environ.get(name, "").strip().lower()
        if value not in ("", "0", "false", "no", "off"):
            return True
    return False


def start() -> Postgres:
    """The server of ``COUNTER_TEST_POSTGRES_URL``, or a throwaway cluster started now."""
    given = os.environ.get(URL_VARIABLE, "").strip()
    if not given:
        cluster = Cluster.start()
        return Postgres(cluster.url, cluster)
    url = make_url(given).set(drivername="postgresql+psycopg")
    try:
        with _connect(url) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        raise PostgresUnavailable(f"{URL_VARIABLE} does not answer: {exc}") from exc
    return Postgres(url, None)


@dataclass
class Postgres:
    """A PostgreSQL server on which the tests create databases of their own."""

    url: URL  # the administrative database (SQLAlchemy form)
    cluster: Cluster | None = None
    _created: set[str] = field(default_factory=set)

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; its SQLAlchemy URL (``postgresql+psycopg://…``)."""
        name = name or f"counter_test_{secrets.token_hex(6)}"
        if not _NAME.match(name):
            raise ValueError(f"not a plain database name: {name!r}")
        with _connect(self.url) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self._created.add(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_database(self, url_or_name: str) -> None:
        """Drop a database, disconnecting whoever is still connected to it."""
        name = make_url(url_or_name).database if "://" in url_or_name else url_or_name
        if not name:
            raise ValueError(f"no database in {url_or_name!r}")
        with _connect(self.url) as conn:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            conn.execute(drop.format(sql.Identifier(name)))
        self._created.discard(name)

    def close(self) -> None:
        """Stop a cluster of our own; on a given server, drop what the tests left."""
        if self.cluster is not None:
            self.cluster.stop()
            return
        for name in sorted(self._created):
            self.drop_database(name)


def _connect(url: URL) -> psycopg.Connection[Any]:
    args: dict[str, Any] = url.translate_connect_args(username="user", database="dbname")
    args.update(url.query)
    return psycopg.connect(**args, autocommit=True, connect_timeout=10)


# --- a cluster of our own -----------------------------------------------------------------


@dataclass
class Cluster:
    """``initdb`` + ``postgres`` in a temporary directory, owned by an unprivileged user."""

    bindir: Path
    root: Path
    account: pwd.struct_passwd | None  # whom to run as; None: as ourselves (not root)
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @classmethod
    def start(cls) -> Cluster:
        bindir = find_bindir()
        account = _account()
        base = Path(tempfile.gettempdir())
        _remove_stale(base)
        root = Path(tempfile.mkdtemp(prefix=PREFIX, dir=base))
        (root / "session").write_text(str(os.getpid()))
        cluster = cls(bindir, root, account)
        atexit.register(cluster.stop)
        try:
            cluster._init()
            cluster._launch()
        except BaseException:
            cluster.stop()
            raise
        return cluster

    @property
    def url(self) -> URL:
        return URL.create(
            "postgresql+psycopg", SUPERUSER, host="127.0.0.1", port=self.port, database="postgres"
        )

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "postgres.log"

    def stop(self) -> None:
        """Stop the server (and its backends) and remove the directory; idempotent."""
        atexit.unregister(self.stop)
        if self.process is not None:
            stop(self.process, signal.SIGINT, timeout=15)  # fast shutdown
            self.process = None
        shutil.rmtree(self.root, ignore_errors=True)

    def _init(self) -> None:
        for path in (self.root, self.root / "socket"):
            path.mkdir(mode=0o700, exist_ok=True)
            if self.account is not None:
                os.chown(path, self.account.pw_uid, self.account.pw_gid)
        initdb = [str(self.bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER]
        initdb += ["--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]
        done = subprocess.run(initdb, capture_output=True, text=True, **self._as_owner())
        if done.returncode != 0:
            raise PostgresUnavailable(f"initdb failed ({done.returncode}):\n{done.stderr}")

    def _launch(self) -> None:
        for _ in range(5):
            self.port = free_port()
            self.process = self._spawn()
            if self._ready():
                return
            stop(self.process, signal.SIGKILL, timeout=0)
            self.process = None
            if "could not bind" not in tail(self.log):
                break  # not a port taken meanwhile: retrying would not help
        raise PostgresUnavailable(f"postgres did not start:\n{tail(self.log)}")

    def _spawn(self) -> subprocess.Popen[bytes]:
        command = [str(self.bindir / "postgres"), "-D", str(self.data), "-p", str(self.port)]
        command += ["-k", str(self.root / "socket")]
        for name, value in SETTINGS.items():
            command += ["-c", f"{name}={value}"]
        with self.log.open("ab") as log:
            return subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C in the terminal is for pytest, not for it
                preexec_fn=die_with_parent(signal.SIGQUIT),  # immediate shutdown
                **self._as_owner(),
            )

    def _ready(self) -> bool:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with _connect(self.url) as conn:
                    conn.execute("SELECT 1")
                return True
            except psycopg.OperationalError:
                time.sleep(0.05)
        kill_group(self.process)
        return False

    def _as_owner(self) -> dict[str, Any]:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "TZ": "UTC"}
        if self.account is None:
            return {"env": env, "cwd": self.root}
        env["HOME"] = str(self.root)
        env["USER"] = env["LOGNAME"] = self.account.pw_name
        owner = {"user": self.account.pw_uid, "group": self.account.pw_gid, "extra_groups": []}
        return {"env": env, "cwd": self.root, **owner}


def find_bindir() -> Path:
    """The directory of ``initdb`` and ``postgres``: the newest installed version."""
    candidates: list[Path] = []
    if given := os.environ.get(BINDIR_VARIABLE):
        candidates.append(Path(given))
    if pg_config := shutil.which("pg_config"):
        done = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if done.returncode == 0:
            candidates.append(Path(done.stdout.strip()))
    versions = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(versions, key=lambda p: _version(p.parent.name), reverse=True)
    if initdb := shutil.which("initdb"):
        candidates.append(Path(initdb).resolve().parent)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "postgres").is_file():
            return bindir
    tried = ", ".join(str(c) for c in candidates) or "pg_config, /usr/lib/postgresql/*/bin, PATH"
    raise PostgresUnavailable(
        f"no PostgreSQL server binaries (initdb, postgres) in {tried}; "
        "scripts/system-packages.sh installs Debian's postgresql, "
        f"or set {URL_VARIABLE} to a server of your own"
    )


def _version(name: str) -> float:
    try:
        return float(name)
    except ValueError:
        return 0.0


def _account() -> pwd.struct_passwd | None:
    """Whom the cluster runs as: ourselves, or an unprivileged user if we are root."""
    if os.geteuid() != 0:
        return None
    for name in (SYSTEM_USER, FALLBACK_USER):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            pass
    command = ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin"]
    done = subprocess.run([*command, FALLBACK_USER], capture_output=True, text=True)
    if done.returncode != 0:
        raise PostgresUnavailable(
            f"PostgreSQL refuses to run as root and there is no {SYSTEM_USER!r} user; "
            f"useradd {FALLBACK_USER} failed: {done.stderr.strip()}"
        )
    return pwd.getpwnam(FALLBACK_USER)


def _remove_stale(base: Path) -> None:
    """Remove the clusters of sessions that were killed (a server left is killed too)."""
    for root in base.glob(f"{PREFIX}*"):
        try:
            session = int((root / "session").read_text())
        except (OSError, ValueError):
            continue  # being created, or not ours
        if _alive(session):
            continue
        try:
            postmaster = int((root / "data" / "postmaster.pid").read_text().split()[0])
            cmdline = Path(f"/proc/{postmaster}/cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            pass
        else:
            if str(root).encode() in cmdline:
                os.kill(postmaster, signal.SIGKILL)
        shutil.rmtree(root, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
