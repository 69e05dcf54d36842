"""No secret in a server's output: a city and a ward server at ``--log-level debug`` (the
access log on) go through enrolment, sync, relaying, bank notifications and the
dashboard, and no line they print holds a token, a code or a secret."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.central.bank_helpers import notification, notify, set_secret
from tests.central.fixtures import ServerFactory
from tests.central.sync_helpers import WARD_A, Counter, add_ward, enrolment_code, eventually, sql

DEBUG = ("--log-level", "debug")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_no_secret_reaches_the_logs(server: ServerFactory, tmp_path: Path) -> None:
    city = server(*DEBUG)
    add_ward(city, WARD_A, "Phường Hàng Bạc")
    relay_token = city.run_cli("relay-token", "--ward", WARD_A).stdout.splitlines()[-1]
    ward_db = f"sqlite:///{tmp_path / 'ward.db'}"
    add_ward(ward_db, WARD_A, "Phường Hàng Bạc")
    # The token through the environment, as docs/tls.md says: not on the command line.
    hidden = {"COUNTER_CENTRAL_UPSTREAM_TOKEN": relay_token}
    ward = server("--upstream", city.url, *DEBUG, db=ward_db, env=hidden)

    code = enrolment_code(ward, WARD_A)
    counter = Counter(ward.url)
    assert counter.enrol(code).status_code == 200
    assert counter.enrol(code).status_code == 401  # the same code again: refused, in the log
    counter.receive_next()
    assert counter.push(counter.log).status_code == 200
    with counter.client() as client:
        assert client.get("/v1/changes", params={"since": 0}).status_code == 200
        assert client.get("/v1/me").status_code == 200
        assert client.get("/v1/queue/status").status_code == 200
        assert client.post("/v1/events", content=b"{").status_code == 422
    query = "SELECT count(*) FROM events WHERE device_id = :d"
    eventually(lambda: sql(city, query, d=counter.device_id) == [(1,)], "relayed to the city")

    secret = set_secret(city)
    assert notify(city, notification("LE PHI", 20_000, "FT-LOG-1"), secret).status_code == 200
    assert notify(city, notification("LE PHI", 20_000, "FT-LOG-2"), secret[:-1]).status_code == 401

    said = city.run_cli("dashboard", "token", "--name", "Phòng họp").stdout
    dashboard_token = said.splitlines()[-1]
    page = city.url + "/dashboard"
    with httpx.Client(timeout=30) as browser:
        assert browser.post(page + "/login", data={"key": dashboard_token}).status_code == 303
        assert browser.get(page).status_code == 200
    with httpx.Client(timeout=30) as screen:  # a wall screen's bookmark
        assert screen.get(page, params={"key": dashboard_token}).status_code == 303
        assert screen.get(page, params={"key": dashboard_token[::-1]}).status_code == 401

    ward.stop()
    city.stop()
    secrets = {
        "device token": counter.token,
        "enrolment code": code,
        "enrolment code as sent": re.sub(r"[- ]", "", code),
        "relay token": relay_token,
        "bank secret": secret,
        "dashboard token": dashboard_token,
        "a wrong dashboard token": dashboard_token[::-1],
    }
    assert '"POST /v1/enrol HTTP/1.1" 200' in ward.output()  # the access log was on
    assert '"GET /v1/changes?since=0 HTTP/1.1" 200' in ward.output()
    assert '"POST /v1/bank/notifications HTTP/1.1" 401' in city.output()
    assert '"GET /dashboard?key=… HTTP/1.1" 303' in city.output()  # the link, without its key
    for one in (city, ward):
        for line in one.output().splitlines():
            for what, value in secrets.items():
                assert value not in line, f"the {what} is in {one.log.name}: {line}"
