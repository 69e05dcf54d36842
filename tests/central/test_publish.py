"""Publishing down the tree against a real server: each kind reaches the ward (or the one
device) it is for and no other, is checked before anything is written, and is not sent
again when nothing changed; a real counter applies every kind without holding one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import Status
from counter_app.domain.reception import parse_reception
from tests.central.bank_helpers import pulled, push
from tests.central.fixtures import ServerFactory
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, WARD_B, Counter, add_ward, issue_code

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = str(ROOT / "resources" / "catalogue" / "procedures.json")
CALENDAR = str(ROOT / "resources" / "calendar" / "vietnam.json")


@pytest.fixture
def central(server: ServerFactory) -> CentralServer:
    started = server()
    add_ward(started, WARD_A, "Phường Hàng Bạc")
    add_ward(started, WARD_B, "Phường Cửa Nam")
    return started


@pytest.fixture
def devices(central: CentralServer) -> tuple[Counter, Counter, Counter]:
    """Two counters of ward A, one of ward B."""
    found = []
    for ward in (WARD_A, WARD_A, WARD_B):
        counter = Counter(central.url)
        assert counter.enrol(issue_code(central, ward)).status_code == 200
        found.append(counter)
    return found[0], found[1], found[2]


def kinds(counter: Counter) -> list[str]:
    return [change["kind"] for change in pulled(counter)]


def refused(central: CentralServer, *args: str) -> str:
    done = central.run_cli(*args, check=False)
    assert done.returncode == 2, done
    assert done.stdout == "" and done.stderr.count("\n") == 1, done.stderr
    return done.stderr


def test_the_catalogue_goes_to_the_ward_asked_once(
    central: CentralServer, devices: tuple[Counter, Counter, Counter]
) -> None:
    a1, a2, b1 = devices
    said = central.run_cli("publish", "catalogue", "--file", CATALOGUE, "--ward", WARD_A).stdout
    assert said == f"ward {WARD_A}: 14 published, 0 unchanged\n"
    assert kinds(a1) == kinds(a2) == ["catalogue.procedure"] * 14
    assert kinds(b1) == []
    records = json.loads(Path(CATALOGUE).read_text(encoding="utf-8"))["procedures"]
    assert [c["payload"] for c in pulled(a1)] == records  # each record as written
    said = central.run_cli("publish", "catalogue", "--file", CATALOGUE, "--all").stdout
    assert said.splitlines() == [
        f"ward {WARD_A}: 0 published, 14 unchanged",
        f"ward {WARD_B}: 14 published, 0 unchanged",
    ]
    assert len(kinds(a1)) == 14 and len(kinds(b1)) == 14


def test_a_catalogue_that_does_not_read_is_refused_whole(
    central: CentralServer, devices: tuple[Counter, Counter, Counter], tmp_path: Path
) -> None:
    data = json.loads(Path(CATALOGUE).read_text(encoding="utf-8"))
    data["procedures"][3]["time_limit"] = {"working_days": -2}
    broken = tmp_path / "procedures.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    said = refused(central, "publish", "catalogue", "--file", str(broken), "--all")
    assert data["procedures"][3]["code"] in said
    refused(central, "publish", "catalogue", "--file", str(tmp_path / "none.json"), "--all")
    refused(central, "publish", "catalogue", "--file", CATALOGUE, "--ward", "001.02.03.H99")
    assert kinds(devices[0]) == []


def test_the_calendar_and_hours(
    central: CentralServer, devices: tuple[Counter, Counter, Counter]
) -> None:
    a1, _a2, b1 = devices
    said = central.run_cli("publish", "holidays", "--file", CALENDAR, "--all").stdout
    assert said.splitlines()[0].startswith("left out: 2027")
    assert kinds(a1) == kinds(b1) == ["calendar.day"] * 17
    day = ["publish", "day", "--date", "2026-12-31", "--off", "--name", "Nghỉ cuối năm"]
    central.run_cli(*day, "--ward", WARD_A)
    central.run_cli("publish", "day", "--date", "2026-12-31", "--clear", "--ward", WARD_A)
    confirm = ["publish", "year-confirmed", "--year", "2026", "--file", CALENDAR]
    central.run_cli(*confirm, "--ward", WARD_A)
    central.run_cli("publish", "hours", "--periods", " 7:30-11:30, 13:00-17:00", "--ward", WARD_A)
    changes = pulled(a1)[17:]
    assert [c["kind"] for c in changes] == [
        "calendar.day",
        "calendar.day_cleared",
        "calendar.year_confirmed",
        "calendar.hours",
    ]
    assert changes[0]["payload"] == {
        "day": "2026-12-31",
        "working": False,
        "name": "Nghỉ cuối năm",
        "source": "",
    }
    assert changes[1]["payload"] == {"day": "2026-12-31"}
    year = changes[2]["payload"]
    assert year["year"] == 2026 and len(year["days"]) == 17 and "9441/TB-BNV" in year["source"]
    assert changes[3]["payload"] == {"periods": "07:30-11:30,13:00-17:00"}
    assert len(kinds(b1)) == 17
    refused(central, "publish", "hours", "--periods", "morning", "--all")
    refused(central, "publish", "day", "--date", "2026-02-30", "--off", "--name", "x", "--all")
    # Days a counter's administrator cannot set either (1900-2100): they were published.
    for far in ("9999-12-31", "0001-01-01"):
        said = refused(central, "publish", "day", "--date", far, "--off", "--name", "x", "--all")
        assert f"{far} is not a day from 1900 to 2100" in said
    refused(central, "publish", "day", "--date", "2026-12-30", "--off", "--all")  # no name
    refused(central, "publish", "year-confirmed", "--year", "2027", "--file", CALENDAR, "--all")


def test_a_day_out_of_the_counters_range_is_not_published(
    central: CentralServer, devices: tuple[Counter, Counter, Counter], tmp_path: Path
) -> None:
    """The counter takes days of 1900-2100 only (``limits.check_day``): a 9999-12-31
    published to it was stored, and then its administrator could neither list the
    year nor clear the day ("not a day from 1900 to 2100")."""
    a1, _a2, _b1 = devices
    for day in ("9999-12-31", "0001-01-01", "1899-12-31"):
        line = refused(central, "publish", "day", "--date", day, "--off", "--name", "x", "--all")
        assert day in line and "1900 to 2100" in line
        refused(central, "publish", "day", "--date", day, "--clear", "--all")
    listed = tmp_path / "days.json"
    days = [{"day": "2026-12-31", "working": False, "name": "Nghỉ"}]
    days.append({"day": "9999-12-31", "working": True, "name": "Làm bù"})
    listed.write_text(json.dumps({"days": days}), encoding="utf-8")
    refused(central, "publish", "holidays", "--file", str(listed), "--all")
    refused(central, "publish", "year-confirmed", "--year", "9999", "--file", str(listed), "--all")
    assert kinds(a1) == []  # nothing of it, not even the good day of the file


def test_a_day_given_twice_in_one_publish_is_refused_by_name(
    central: CentralServer, devices: tuple[Counter, Counter, Counter], tmp_path: Path
) -> None:
    """A day list of the same day 300,000 times was published (the last one counting,
    after a long wait); the same day twice, off and working, left the ward to whichever
    came last. Refused whole, naming the day."""
    a1, _a2, _b1 = devices
    listed = tmp_path / "days.json"
    off = {"day": "2026-12-31", "working": False, "name": "Nghỉ"}
    for days in (
        [off, {"day": "2027-01-02", "working": True, "name": "Làm bù"}, {**off, "working": True}],
        [off] * 100_000,  # 6 MB: a larger file is refused before it is read
    ):
        listed.write_text(json.dumps({"days": days}), encoding="utf-8")
        said = refused(central, "publish", "holidays", "--file", str(listed), "--all")
        assert "2026-12-31 is given twice" in said
    table = json.loads(Path(CALENDAR).read_text(encoding="utf-8"))  # the shipped format
    table["years"][0]["days"].append(table["years"][0]["days"][0])
    listed.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    said = refused(central, "publish", "holidays", "--file", str(listed), "--all")
    assert "2026-01-01 is given twice in 2026" in said
    assert kinds(a1) == []


def test_the_bank_account_and_officers_of_a_ward(
    central: CentralServer, devices: tuple[Counter, Counter, Counter]
) -> None:
    a1, a2, b1 = devices
    account = ["publish", "bank-account", "--bin", "970436", "--account", "1017 5956 00"]
    central.run_cli(*account, "--name", "Ubnd phuong Hang Bac", "--ward", WARD_A)
    officer = ["publish", "officer", "--username", "lan.nt", "--full-name", "Nguyễn Thị Lan"]
    central.run_cli(*officer, "--role", "officer", "--ward", WARD_B, "--inactive")
    (account_change,) = pulled(a2)
    assert account_change["kind"] == "unit.bank_account"
    assert account_change["payload"] == {
        "bin": "970436",
        "account": "1017595600",
        "name": "UBND PHUONG HANG BAC",
    }
    (officer_change,) = pulled(b1)
    assert officer_change["payload"] == {
        "username": "lan.nt",
        "full_name": "Nguyễn Thị Lan",
        "role": "officer",
        "active": False,
    }
    assert kinds(a1) == ["unit.bank_account"]
    said = refused(central, *account[:3], "123456", *account[4:], "--name", "X", "--ward", WARD_A)
    assert "123456" in said
    refused(central, *account[:5], "12AB", "--name", "X", "--ward", WARD_A)
    refused(central, *account, "--name", "Ủy ban", "--ward", WARD_A)
    refused(central, *officer[:3], "Lan", *officer[4:], "--role", "officer", "--ward", WARD_B)
    assert len(kinds(a1)) == 1 and len(kinds(b1)) == 1


def test_a_back_office_status_goes_to_the_counter_holding_the_dossier(
    central: CentralServer, devices: tuple[Counter, Counter, Counter]
) -> None:
    a1, a2, _b1 = devices
    code = f"{WARD_A}-261130-1001"
    payload = {
        "code": code,
        "status": "received",
        "received_at": "2026-11-30T09:00+07:00",
        "due_at": "2026-12-03T09:00+07:00",
    }
    a1.write("dossier.received", payload)
    push(a1)
    status = ["dossier", "status", "--ward", WARD_A, "--code", code, "--officer", "Tư pháp"]
    said = central.run_cli(*status, "--status", "in_processing").stdout
    assert said.startswith("change ") and f"for device {a1.device_id}" in said
    (change,) = pulled(a1)
    assert change["device_id"] == a1.device_id and change["kind"] == "dossier.status"
    assert {k: change["payload"][k] for k in ("code", "status", "reason", "officer")} == {
        "code": code,
        "status": "in_processing",
        "reason": "",
        "officer": "Tư pháp",
    }
    assert change["payload"]["at"].endswith("+07:00")
    assert kinds(a2) == []
    assert "supplement" in refused(central, *status, "--status", "supplement_requested")
    assert "cannot move" in refused(central, *status, "--status", "returned")
    refused(central, *status, "--status", "finished")
    other = ["--ward", WARD_A, "--code", f"{WARD_A}-261130-1002", "--officer", "x"]
    assert "pushed" in refused(central, "dossier", "status", *other, "--status", "in_processing")
    wrong = ["--ward", WARD_B, "--code", code, "--officer", "x", "--status", "in_processing"]
    refused(central, "dossier", "status", *wrong)


def test_a_counter_gets_another_number(
    central: CentralServer, devices: tuple[Counter, Counter, Counter]
) -> None:
    a1, a2, b1 = devices
    said = central.run_cli("device", "set-counter", a2.device_id, "--counter", "5").stdout
    assert "counter 5, dossier numbers 5000–5999" in said
    (change,) = pulled(a2)
    assert change["device_id"] == a2.device_id
    assert change["payload"] == {
        "counter_number": 5,
        "sequence_block": {"first": 5000, "last": 5999},
    }
    assert kinds(a1) == [] and kinds(b1) == []
    with a2.client() as client:
        me = client.get("/v1/me").json()
    assert me["counter_number"] == 5 and me["sequence_block"] == {"first": 5000, "last": 5999}
    assert "device" in refused(central, "device", "set-counter", a1.device_id, "--counter", "5")
    block = ["--block", "5500-5600"]
    assert "overlaps" in refused(
        central, "device", "set-counter", a1.device_id, "--counter", "12", *block
    )
    assert "--block" in refused(central, "device", "set-counter", a1.device_id, "--counter", "12")
    central.run_cli(
        "device", "set-counter", a1.device_id, "--counter", "12", "--block", "7000-7499"
    )
    assert pulled(a1)[0]["payload"]["counter_number"] == 12
    refused(central, "device", "set-counter", "nobody", "--counter", "3")


# --- a real counter applies every kind ------------------------------------------------------


@pytest.fixture
def counter(services: Services, central: CentralServer, clock: FakeClock) -> Iterator[Services]:
    services.sync.enrol(central.url, issue_code(central, WARD_A), "quay-1")
    started = app.build(services.path.parent, clock)
    yield started
    started.sync.close()
    started.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_counter_applies_every_kind(counter: Services, central: CentralServer) -> None:
    dossier = counter.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    counter.sync.sync_once()
    ward = ["--ward", WARD_A]
    for args in (
        ["publish", "catalogue", "--file", CATALOGUE],
        ["publish", "holidays", "--file", CALENDAR],
        ["publish", "day", "--date", "2026-12-31", "--off", "--name", "Nghỉ cuối năm"],
        ["publish", "year-confirmed", "--year", "2026", "--file", CALENDAR],
        ["publish", "hours", "--periods", "07:00-11:30,13:30-17:00"],
        ["publish", "bank-account", "--bin", "970436", "--account", "1017595600", "--name", "X"],
        ["publish", "officer", "--username", "lan.nt", "--full-name", "Nguyễn Thị Lan"],
        ["dossier", "status", "--code", dossier.code, "--status", "result_ready"],
    ):
        extra = {"officer": ["--role", "head"], "status": ["--officer", "Tư pháp"]}
        more = extra.get(args[1], [])
        central.run_cli(*args, *ward, *more)
    central.run_cli("device", "set-counter", counter.unit.device_id, "--counter", "3")
    report = counter.sync.sync_once()
    assert report.changes.held == 0, counter.sync.status()["held_changes"]
    assert report.changes.applied >= 8  # the catalogue is the counter's seed: unchanged
    assert counter.dossiers.get(dossier.code).status is Status.RESULT_READY
    assert counter.reference.working_hours().to_text() == "07:00-11:30,13:30-17:00"
    assert counter.payments.bank_account() is not None
    status = counter.sync.status()
    assert (status["counter_number"], status["sequence_block"]) == (3, [3000, 3999])
    # The counter's calendar is cached since the reception: read it afresh.
    counter.reference.invalidate()
    special = {day.day.isoformat(): day for day in counter.reference.special_days(2026)}
    assert special["2026-12-31"].working is False
    assert counter.sync.sync_once().changes.held == 0


def test_the_endpoints_need_no_new_token(central: CentralServer) -> None:
    """Publishing is the operator's: nothing new listens for it over HTTP."""
    document: dict[str, Any] = httpx.get(central.url + "/openapi.json", timeout=10).json()
    assert "/v1/bank/notifications" in document["paths"]
    assert not any("publish" in path for path in document["paths"])
