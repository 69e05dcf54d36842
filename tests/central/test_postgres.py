"""The test databases: a throwaway PostgreSQL that answers, isolates and leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.central import postgres as pg
from tests.central.processes import free_port
from tests.central.server import ROOT


def test_the_cluster_answers_select_1_through_sqlalchemy(postgres: pg.Postgres) -> None:
    engine = sa.create_engine(postgres.create_database())
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT 1")).scalar_one() == 1
            assert engine.dialect.driver == "psycopg"
            version = engine.dialect.server_version_info
            assert version is not None
            assert version >= (13,)  # DROP DATABASE … WITH (FORCE)
    finally:
        engine.dispose()


def test_each_test_gets_a_fresh_empty_database(database_url: str) -> None:
    engine = sa.create_engine(database_url)
    try:
        assert sa.inspect(engine).get_table_names() == []
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE t (v TEXT)"))
            conn.execute(sa.text("INSERT INTO t VALUES ('đã nhận')"))
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT v FROM t")).scalar_one() == "đã nhận"
    finally:
        engine.dispose()
    expected = "postgresql+psycopg://" if "postgres" in database_url else "sqlite:///"
    assert database_url.startswith(expected)


def test_databases_are_separate_and_dropped(postgres: pg.Postgres) -> None:
    first, second = postgres.create_database(), postgres.create_database()
    engine = sa.create_engine(first)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE only_here (v INT)"))
    held = engine.connect()  # dropping disconnects whoever is still there
    other = sa.create_engine(second)
    try:
        assert sa.inspect(other).get_table_names() == []
        postgres.drop_database(first)
        assert _databases(postgres) >= {sa.make_url(second).database}
        assert sa.make_url(first).database not in _databases(postgres)
    finally:
        held.invalidate()
        held.close()
        engine.dispose()
        other.dispose()
        postgres.drop_database(second)


def _databases(postgres: pg.Postgres) -> set[str]:
    engine = sa.create_engine(postgres.url)
    try:
        with engine.connect() as conn:
            return set(conn.execute(sa.text("SELECT datname FROM pg_database")).scalars())
    finally:
        engine.dispose()


def test_a_missing_postgres_is_required_in_ci_and_by_make_test(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in pg.REQUIRE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert not pg.required()
    for value, expected in [("true", True), ("1", True), ("false", False), ("", False)]:
        monkeypatch.setenv("CI", value)
        assert pg.required() is expected
    monkeypatch.delenv("CI")
    monkeypatch.setenv("COUNTER_REQUIRE_POSTGRES", "1")
    assert pg.required()


def test_without_postgres_its_tests_fail_where_required_and_skip_elsewhere(
    tmp_path: Path,
) -> None:
    """The promise of make test and CI: a PostgreSQL test never silently skips there."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["tests.central.fixtures"]\n')
    (tmp_path / "test_needs_postgres.py").write_text(
        textwrap.dedent("""
        def test_it(postgres):
            pass
        """)
    )
    base = {k: v for k, v in os.environ.items() if k not in pg.REQUIRE_VARIABLES}
    base |= {"PYTHONPATH": str(ROOT), pg.URL_VARIABLE: f"postgresql://x@127.0.0.1:{free_port()}/x"}
    command = [sys.executable, "-m", "pytest", "-q", "-rs", str(tmp_path)]
    command += ["-p", "no:cacheprovider", "-p", "no:schemathesis", "-p", "no:hypothesispytest"]
    runs = {
        name: subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, text=True)
        for name, env in [("required", base | {"CI": "true"}), ("optional", base)]
    }
    outputs = {name: run.communicate(timeout=60)[0] for name, run in runs.items()}
    assert runs["required"].returncode == 1, outputs["required"]
    assert "PostgreSQL is required" in outputs["required"]
    assert "1 error" in outputs["required"]
    assert runs["optional"].returncode == 0, outputs["optional"]
    assert "1 skipped" in outputs["optional"]
    assert "does not answer" in outputs["optional"]


SESSION_EXIT_S = 60
# Ctrl-C as a terminal delivers it: a session started in the background of a shell
# without job control (nohup ... &) inherits SIGINT ignored, and Python keeps it so.
CHILD = """
import signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)
from tests.central import postgres
cluster = postgres.start().cluster
print(cluster.process.pid, cluster.root, flush=True)
time.sleep(60)
"""


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "killed"])
def test_a_session_that_ends_badly_leaves_no_postgres_behind(how: signal.Signals) -> None:
    """Ctrl-C stops the cluster at once; a killed session's server dies with it, and the
    next session removes its directory."""
    session = subprocess.Popen(
        [sys.executable, "-c", CHILD], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert session.stdout is not None
    pid, root = session.stdout.readline().split()
    session.stdout.close()
    session.send_signal(how)
    try:
        session.wait(SESSION_EXIT_S)  # a fast shutdown waits up to 15 s for the server
    finally:
        if session.poll() is None:  # a failure here must not leave it to later tests
            session.kill()
            session.wait()
    assert _gone(int(pid)), f"postgres {pid} outlived its session"
    if how == signal.SIGKILL:
        assert Path(root).exists()
        pg._remove_stale(Path(root).parent)
    assert not Path(root).exists()


def _gone(pid: int, timeout: float = 15.0) -> bool:
    """Exited (a zombie not yet reaped by whoever adopted it counts as gone)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False
