"""A real ``counter-central serve`` on each backend: it starts, answers, crashes, comes back."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.central.fixtures import ProxyFactory, ServerFactory
from tests.central.proxy import Fault
from tests.central.server import CentralServer, ServerDidNotStart


def test_a_server_answers_its_health_check(server: ServerFactory) -> None:
    central = server()
    assert httpx.get(central.url + "/v1/health", timeout=10).status_code == 200


def test_a_server_comes_back_on_the_same_port_and_database(server: ServerFactory) -> None:
    central = server()
    port = central.port
    central.kill()
    with pytest.raises(httpx.ConnectError):
        httpx.get(central.url + "/v1/health", timeout=5)
    central.restart()
    assert central.port == port
    assert httpx.get(central.url + "/v1/health", timeout=10).status_code == 200
    central.restart()  # a graceful stop this time
    assert httpx.get(central.url + "/v1/health", timeout=10).status_code == 200


@pytest.mark.slow
def test_a_server_with_workers_is_killed_whole(server: ServerFactory) -> None:
    central = server("--workers", "2")
    assert httpx.get(central.url + "/v1/health", timeout=10).status_code == 200
    assert central.process is not None
    group = _group(central.process.pid)
    assert len(group) >= 3, group  # the supervisor and two workers
    central.kill()
    deadline = time.monotonic() + 10  # SIGKILL is sent at once; dying takes a moment
    while _group(central.process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group(central.process.pid) == []


def _group(pgid: int) -> list[str]:
    """The live processes of a process group (zombies waiting to be reaped excluded)."""
    listing = subprocess.run(
        ["ps", "-o", "pid=,stat=", "-g", str(pgid)], capture_output=True, text=True
    ).stdout
    return [line for line in listing.splitlines() if line.split()[1][0] != "Z"]


def test_the_fault_proxy_stands_in_front_of_a_real_server(
    server: ServerFactory, fault_proxy: ProxyFactory
) -> None:
    proxy = fault_proxy(server().url)
    health = proxy.url + "/v1/health"
    with httpx.Client(timeout=10) as client:
        assert client.get(health).status_code == 200
        proxy.fail()
        assert client.get(health).status_code == 500
        proxy.duplicate()
        assert client.get(health).status_code == 200
        proxy.lose_response()
        with pytest.raises(httpx.RemoteProtocolError):
            client.get(health)
    assert [e.fault for e in proxy.exchanges] == [
        None,
        Fault.ERROR,
        Fault.DUPLICATE,
        Fault.LOSE_RESPONSE,
    ]
    assert proxy.forwarded() == 4


def test_a_server_that_cannot_start_says_why(tmp_path: Path) -> None:
    standin = (sys.executable, "-c", "import sys; sys.exit('cannot open the database')")
    central = CentralServer("sqlite:///nowhere", tmp_path / "server.log", command=standin)
    with pytest.raises(
        ServerDidNotStart, match=r"(?s)exited with code 1.*cannot open the database"
    ):
        central.start()


def test_a_failing_admin_command_shows_its_output(tmp_path: Path) -> None:
    standin = (sys.executable, "-c", "import os, sys; sys.exit(os.environ['COUNTER_CENTRAL_DB'])")
    central = CentralServer("sqlite:///somewhere.db", tmp_path / "server.log", command=standin)
    with pytest.raises(AssertionError, match=r"(?s)exited 1.*sqlite:///somewhere.db"):
        central.run_cli("enrol", "--ward", "000.00.00.Z99")
    assert central.run_cli("anything", check=False).returncode == 1


def test_a_server_process_collects_cycles_seldom(tmp_path: Path) -> None:
    """The application sets the cycle collector's thresholds of the process it runs in
    (central.app.GC_THRESHOLDS): with Python's defaults a sustained ingest spent 15 % of
    its time collecting."""
    script = (
        "import gc, sys; from central.app import create_app; from central.settings import "
        "Settings; create_app(Settings(db_url=sys.argv[1])); print(gc.get_threshold())"
    )
    url = f"sqlite:///{tmp_path / 'central.db'}"
    shown = subprocess.run(
        [sys.executable, "-c", script, url], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert shown == "(10000, 50, 100)\n"
