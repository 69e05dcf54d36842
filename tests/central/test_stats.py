"""``counter-central stats`` on each backend, against a data set whose figures are known:
three counters of two wards push their dossiers and payments, one event is parked."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.central.bank_helpers import push
from tests.central.event_helpers import moved, payment, received, t, write
from tests.central.fixtures import ServerFactory
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, WARD_B, Counter, add_ward, issue_code

DAY = "2026-11-23"


@pytest.fixture
def central(server: ServerFactory) -> CentralServer:
    started = server()
    add_ward(started, WARD_A, "Phường Hàng Bạc")
    add_ward(started, WARD_B, "Phường Cửa Nam")
    counters = []
    for ward in (WARD_A, WARD_A, WARD_B):
        counter = Counter(started.url)
        assert counter.enrol(issue_code(started, ward)).status_code == 200
        counters.append(counter)
    first, second, other = counters
    a = [f"{WARD_A}-{d}-{n}" for d, n in (("261123", "1001"), ("261123", "1002"))]
    a3, a4, a5 = f"{WARD_A}-261122-1001", f"{WARD_A}-261123-1003", f"{WARD_A}-261123-2001"
    received(first, a[0], t(DAY, "08:00"), t(DAY, "17:00"))  # overdue at the day's end
    moved(first, a[0], "in_processing", t(DAY, "08:30"))
    payment(first, a[0], 50_000, t(DAY, "08:05"), ("paid", t(DAY, "08:10")))
    received(first, a[1], t(DAY, "09:00"), t("2026-11-27", "17:00"))
    moved(first, a[1], "result_ready", t(DAY, "09:30"))
    payment(first, a[1], 30_000, t(DAY, "09:05"), ("expired", t(DAY, "09:20")))
    received(first, a3, t("2026-11-22", "09:00"), t(DAY, "10:00"))
    write(
        first,
        "dossier.rescheduled",
        {"code": a3, "to": t("2026-11-26", "10:00")},
        t(DAY, "09:50"),
        a3,
    )
    payment(first, a3, 10_000, t("2026-11-22", "09:05"), ("paid", t("2026-11-22", "09:06")))
    received(first, a4, t(DAY, "10:00"), t(DAY, "16:00"))
    moved(first, a4, "refused", t(DAY, "10:05"))
    received(second, a5, t(DAY, "11:00"), t("2026-11-24", "11:00"))
    payment(second, a5, 20_000, t(DAY, "11:05"))
    b1 = f"{WARD_B}-261123-1001"
    received(other, b1, t(DAY, "08:00"), t(DAY, "12:00"))
    moved(other, b1, "supplement_requested", t(DAY, "08:20"))
    payment(other, b1, 15_000, t(DAY, "08:10"))
    received(other, f"{WARD_A}-261123-1009", t(DAY, "09:00"), t(DAY, "12:00"))  # parked
    moved(other, f"{WARD_A}-261123-1009", "stopped", t(DAY, "09:10"))
    for counter in counters:
        push(counter)
    return started


def stats(central: CentralServer, *args: str) -> dict[str, Any]:
    figures: dict[str, Any] = json.loads(central.run_cli("stats", *args).stdout)
    return figures


def test_the_figures_of_a_day(central: CentralServer) -> None:
    figures = stats(central, "--date", DAY)
    assert list(figures) == [WARD_A, WARD_B]
    a, b = figures[WARD_A], figures[WARD_B]
    assert (a["name"], a["date"], a["at"]) == ("Phường Hàng Bạc", DAY, "2026-11-24T00:00:00+07:00")
    assert [(d["counter"], d["role"]) for d in a["devices"]] == [(1, "counter"), (2, "counter")]
    assert all(d["last_seen"] for d in a["devices"])
    assert a["events"] == {"received_on_date": 0, "total": 16, "parked": 0}  # pushed today
    assert b["events"] == {"received_on_date": 0, "total": 5, "parked": 1}
    assert a["dossiers"] == {
        "received_on_date": 4,
        "received_on_date_by_status": status_counts(
            received=1, in_processing=1, result_ready=1, refused=1
        ),
        "by_status": status_counts(received=2, in_processing=1, result_ready=1, refused=1),
        "open": 3,
    }
    assert a["overdue"] == 1
    assert a["payments"] == {
        "by_state": money(paid=(2, 60_000), expired=(1, 30_000), pending=(1, 20_000)),
        "started_on_date": money(paid=(1, 50_000), expired=(1, 30_000), pending=(1, 20_000)),
        "paid_on_date": {"count": 1, "amount": 50_000},
        "unmatched_notifications": 0,
    }
    assert b["dossiers"]["by_status"] == status_counts(supplement_requested=1)
    assert b["overdue"] == 1
    assert b["payments"]["by_state"] == money(pending=(1, 15_000))


def test_today_and_one_ward(central: CentralServer) -> None:
    today = stats(central)
    assert today[WARD_A]["events"]["received_on_date"] == 16
    assert today[WARD_A]["dossiers"]["received_on_date"] == 0  # received on the 22nd and 23rd
    assert today[WARD_A]["overdue"] == 3  # all open ones are late by now (30 November)
    one = stats(central, "--ward", WARD_B, "--date", DAY)
    assert list(one) == [WARD_B] and one[WARD_B]["overdue"] == 1
    wrong = central.run_cli("stats", "--date", "23/11/2026", check=False)
    assert wrong.returncode == 2 and wrong.stderr.startswith("counter-central: error: --date")


def status_counts(**counts: int) -> dict[str, int]:
    statuses = (
        "received",
        "in_processing",
        "supplement_requested",
        "result_ready",
        "returned",
        "refused",
        "withdrawn",
        "stopped",
    )
    return {status: counts.get(status, 0) for status in statuses}


def money(**states: tuple[int, int]) -> dict[str, dict[str, int]]:
    names = ("pending", "paid", "expired", "cancelled", "refunded")
    return {
        name: dict(zip(("count", "amount"), states.get(name, (0, 0)), strict=True))
        for name in names
    }
