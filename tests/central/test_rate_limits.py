"""Rate limits against real server processes: guessed enrolment codes, bad bank
signatures, wrong dashboard tokens and device tokens are refused 429 past their limit,
across processes sharing one database; a counter's own sync traffic never is."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from central.rate_limits import DEFAULT_LIMITS, Limit, limits_text, parse_limits
from counter_app.sync.wire import ErrorBody, ErrorCode
from tests.central.bank_helpers import notification, notify, set_secret
from tests.central.fixtures import ServerFactory
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, Counter, add_ward, issue_code

WRONG_CODE = "AAAA-BBBB-CCCC"


def limited(response: httpx.Response) -> int:
    """The Retry-After of a 429 with the server's usual error body."""
    assert response.status_code == 429, response.text
    assert ErrorBody.model_validate_json(response.content).error is ErrorCode.RATE_LIMITED
    wait = int(response.headers["retry-after"])
    assert wait >= 1
    return wait


def enrol(url: str, code: str, headers: dict[str, str] | None = None) -> httpx.Response:
    body = {"code": code, "device_id": "rate-limit-test-pc", "device_name": "PC"}
    return httpx.post(f"{url}/v1/enrol", json=body, headers=headers, timeout=30)


def test_guessed_codes_lock_enrolment_until_the_window_passes(server: ServerFactory) -> None:
    central = server("--rate-limit", "enrol=3/4")
    add_ward(central, WARD_A)
    right = issue_code(central, WARD_A)
    for _ in range(3):
        assert enrol(central.url, WRONG_CODE).status_code == 401
    wait = limited(enrol(central.url, WRONG_CODE))
    assert wait <= 4
    assert limited(enrol(central.url, right)) <= 4  # even the right code, for now
    display = {"code": right, "device_id": "rate-limit-screen", "device_name": "Kiosk"}
    limited(httpx.post(f"{central.url}/v1/displays/enrol", json=display, timeout=30))
    time.sleep(wait + 0.2)
    assert enrol(central.url, right).status_code == 200, "after the window, as usual"


def test_failures_count_together_in_every_process_of_the_database(
    server: ServerFactory,
) -> None:
    first = server("--rate-limit", "enrol=4/600")
    second = server("--rate-limit", "enrol=4/600")
    assert first.db == second.db and first.port != second.port
    add_ward(first, WARD_A)
    for url in (first.url, second.url, first.url, second.url):
        assert enrol(url, WRONG_CODE).status_code == 401
    limited(enrol(first.url, WRONG_CODE))
    limited(enrol(second.url, issue_code(first, WARD_A)))


def test_bad_bank_signatures_are_refused_429(server: ServerFactory) -> None:
    central = server("--rate-limit", "bank=3/600")
    secret = set_secret(central)
    body = notification("CHUYEN TIEN LE PHI", 20_000, "FT-RATE-1")
    for wrong in ("0" * 64, secret[::-1], "not hex"):
        assert notify(central, body, wrong).status_code == 401
    limited(notify(central, body, "f" * 64))
    limited(notify(central, body, secret))  # until the window passes
    headers = {"X-QMC-Timestamp": "1", "X-QMC-Signature": "x"}
    limited(notify(central, body, secret, headers=headers))


def test_a_busy_counter_is_never_limited(server: ServerFactory) -> None:
    """Its pushes and pulls go on while bad tokens from the same address are refused."""
    central = server("--rate-limit", "token=2/600", "--rate-limit", "enrol=2/600")
    add_ward(central, WARD_A)
    counter = Counter(central.url)
    assert counter.enrol(issue_code(central, WARD_A)).status_code == 200
    stranger = Counter(central.url, token="0" * 64)
    with stranger.client() as client:
        assert [client.get("/v1/me").status_code for _ in range(2)] == [401, 401]
        limited(client.get("/v1/changes"))
        limited(client.get("/v1/queue/status"))
    with counter.client() as client:
        for round_ in range(60):
            counter.receive_next()
            body = {"device_id": counter.device_id, "events": counter.log[-1:]}
            pushed = client.post("/v1/events", json=body)
            assert pushed.status_code == 200, (round_, pushed.text)
            assert pushed.json()["acked_through"] == round_ + 1
            assert client.get("/v1/changes", params={"since": 0}).status_code == 200
        assert client.get("/v1/me").status_code == 200
    with stranger.client() as client:
        limited(client.get("/v1/me"))  # still refused, the counter's traffic aside


def test_wrong_dashboard_tokens_lock_the_login(server: ServerFactory) -> None:
    central = server("--rate-limit", "dashboard=2/600")
    token = central.run_cli("dashboard", "token", "--name", "Phòng họp").stdout.split()[-1]
    page = central.url + "/dashboard"
    with httpx.Client(timeout=30) as screen:  # logged in before the attack
        assert screen.post(page + "/login", data={"key": token}).status_code == 303
        with httpx.Client(timeout=30) as browser:
            assert browser.post(page + "/login", data={"key": "guess-1"}).status_code == 401
            browser.cookies.set("qmc_dashboard", "guess-2", path="/dashboard")
            assert browser.get(page).status_code == 401  # a forged cookie is a guess too
            limited(browser.get(page))
            browser.cookies.clear()
            limited(browser.post(page + "/login", data={"key": token}))
            limited(browser.get(page, params={"key": token}))
        assert screen.get(page).status_code == 200  # its session goes on


def test_forwarded_addresses_are_believed_only_from_a_trusted_proxy(
    server: ServerFactory,
) -> None:
    direct = server("--rate-limit", "enrol=2/600")
    add_ward(direct, WARD_A)
    for client in ("203.0.113.1", "203.0.113.2"):
        assert enrol(direct.url, WRONG_CODE, {"X-Forwarded-For": client}).status_code == 401
    limited(enrol(direct.url, WRONG_CODE, {"X-Forwarded-For": "203.0.113.3"}))

    behind = server("--rate-limit", "enrol=2/600", "--trust-proxy", "127.0.0.1", db=direct.db)
    limited(enrol(behind.url, WRONG_CODE))  # the proxy's own address: as counted above
    for _ in range(2):
        assert enrol(behind.url, WRONG_CODE, {"X-Forwarded-For": "203.0.113.7"}).status_code == 401
    limited(enrol(behind.url, WRONG_CODE, {"X-Forwarded-For": "203.0.113.7"}))
    assert enrol(behind.url, WRONG_CODE, {"X-Forwarded-For": "203.0.113.8"}).status_code == 401
    # A client's own X-Forwarded-For is before the proxy's entry: the proxy's counts.
    spoofed = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}
    limited(enrol(behind.url, WRONG_CODE, spoofed))


def test_limits_are_read_from_the_option() -> None:
    limits = parse_limits("enrol=5/60, bank=1/1")
    assert limits["enrol"] == Limit(5, 60) and limits["bank"] == Limit(1, 1)
    assert limits["token"] == DEFAULT_LIMITS["token"]
    assert parse_limits(limits_text(limits)) == limits
    assert parse_limits("") == DEFAULT_LIMITS
    for wrong in ("login=1/1", "enrol=10", "enrol=0/60", "enrol=5/-1", "enrol=ten/60"):
        with pytest.raises(ValueError):
            parse_limits(wrong)


def test_a_wrong_limit_is_one_line(tmp_path: Path) -> None:
    central = CentralServer(f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "server.log")
    done = central.run_cli("serve", "--rate-limit", "enrol=ten/60", check=False)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--rate-limit" in done.stderr, done.stderr
