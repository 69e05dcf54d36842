"""The calendar through the reference service: entries, confirmed years, the flag on a
preview, and the same-day cutoff of each procedure, on a real SQLite file."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import VIETNAM
from counter_app.domain.errors import DomainError
from counter_app.domain.fees import FeeRequest
from counter_app.domain.reception import parse_reception
from counter_app.services import maintenance
from counter_app.storage import database, reference
from counter_app.storage.database import transaction
from tests.papers.conftest import pdf_text

COPIES = FeeRequest(pages=3, copies=2)


def calendar_events(services: Services) -> list[tuple[str, str, dict[str, Any]]]:
    rows = services.db.execute(
        "SELECT type, aggregate_id, payload FROM events WHERE type LIKE 'calendar.%' ORDER BY seq"
    )
    return [(row[0], row[1], json.loads(row[2])) for row in rows]


def add_procedure(services: Services, code: str, time_limit: dict[str, Any]) -> None:
    """A copy of 2.000815 with another time limit, written by another connection (as
    the catalogue sync will), so the service's cache sees it."""
    record = next(r for r in reference.procedure_records(services.db) if r["code"] == "2.000815")
    record = {**copy.deepcopy(record), "code": code, "time_limit": time_limit}
    other = database.connect(services.path)
    with transaction(other):
        reference.upsert_procedure(other, record)
    other.close()


def at(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=VIETNAM)


# --- entries and confirmations ------------------------------------------------------


def test_set_and_clear_are_events(services: Services) -> None:
    ref = services.reference
    ref.set_day(date(2027, 2, 13), True, " Làm bù  Tết ", "admin", "Thông báo 1/TB-BNV")
    entry = next(d for d in ref.special_days(2027) if d.day == date(2027, 2, 13))
    assert (entry.working, entry.name, entry.status) == (True, "Làm bù Tết", "administrator")
    assert entry.source == "Thông báo 1/TB-BNV; admin 2026-11-23"
    ref.clear_day(date(2027, 2, 13), "admin")
    assert date(2027, 2, 13) not in [d.day for d in ref.special_days(2027)]
    assert calendar_events(services) == [
        (
            "calendar.day_set",
            "2027-02-13",
            {
                "day": "2027-02-13",
                "working": True,
                "name": "Làm bù Tết",
                "source": "Thông báo 1/TB-BNV",
            },
        ),
        (
            "calendar.day_cleared",
            "2027-02-13",
            {"day": "2027-02-13", "working": True, "name": "Làm bù Tết"},
        ),
    ]
    assert maintenance.check_database(services.db).ok


def test_clearing_nothing_is_refused_and_logs_nothing(services: Services) -> None:
    with pytest.raises(DomainError) as caught:
        services.reference.clear_day(date(2027, 2, 13), "admin")
    assert caught.value.code == "calendar_entry_missing"
    assert calendar_events(services) == []


def test_a_confirmed_year_is_official_and_stays_so(tmp_path: Path, services: Services) -> None:
    confirmation = services.reference.confirm_year(2027, "admin")
    assert confirmation.source == "admin 2026-11-23"
    days = services.reference.special_days(2027)
    assert {d.status for d in days} == {"official"}
    tet = next(d for d in days if d.day == date(2027, 2, 6))
    assert (tet.name, tet.source) == ("Tết Nguyên Đán", "admin 2026-11-23")
    [(kind, aggregate, payload)] = calendar_events(services)
    assert (kind, aggregate, payload["year"], payload["source"]) == (
        "calendar.year_confirmed",
        "2027",
        2027,
        "",
    )
    tet_data = next(d for d in payload["days"] if d["day"] == "2027-02-06")
    assert tet_data == {
        "day": "2027-02-06",
        "working": False,
        "name": "Tết Nguyên Đán",
        "source": "holidays 0.109",
    }
    # Stored rows, as the city will send them: who, when, the days.
    [row] = reference.calendar_confirmations(services.db)
    assert (row.year, row.origin, row.officer, len(row.days)) == (
        2027,
        "administrator",
        "admin",
        15,
    )
    with pytest.raises(DomainError) as caught:
        services.reference.confirm_year(2027, "admin")
    assert caught.value.code == "calendar_year_confirmed"
    with pytest.raises(DomainError) as caught:
        services.reference.confirm_year(2026, "admin")
    assert caught.value.code == "calendar_year_announced"
    assert len(calendar_events(services)) == 1


# --- the flag on the preview --------------------------------------------------------


def test_a_preview_over_expected_days_says_so(services: Services) -> None:
    # 3 working days from Wed 3/2/2027 pass over the estimated Tết days.
    preview = services.reception.preview("1.004873", FeeRequest(), at(2027, 2, 3, 10))
    assert preview.due_at == at(2027, 2, 15, 10)
    assert preview.expected_days == tuple(date(2027, 2, day) for day in range(4, 11))
    assert preview.due_is_expected
    # Over announced 2026 days, or after the year is confirmed: not expected.
    plain = services.reception.preview("1.004873", FeeRequest(), at(2026, 2, 13, 10))
    assert plain.due_at == at(2026, 2, 25, 10)
    assert not plain.due_is_expected
    services.reference.confirm_year(2027, "admin")
    confirmed = services.reception.preview("1.004873", FeeRequest(), at(2027, 2, 3, 10))
    assert confirmed.due_at == preview.due_at
    assert confirmed.expected_days == ()


# --- the same-day cutoff is the procedure's ------------------------------------------


def test_a_same_day_procedure_without_cutoff_is_due_by_closing(services: Services) -> None:
    add_procedure(services, "9.000001", {"same_day": True})
    received = at(2026, 11, 23, 16)
    without = services.reception.preview("9.000001", COPIES, received)
    assert without.due_at == at(2026, 11, 23, 17)
    # After 15:00 with the cutoff, or at closing without: the next working day, which
    # is Wednesday (Tuesday 24/11 is Vietnam Culture Day).
    with_cutoff = services.reception.preview("2.000815", COPIES, received)
    assert with_cutoff.due_at == at(2026, 11, 25, 17)
    after_closing = services.reception.preview("9.000001", COPIES, at(2026, 11, 23, 17))
    assert after_closing.due_at == at(2026, 11, 25, 17)


def test_the_shipped_same_day_procedures_carry_their_cutoff(services: Services) -> None:
    catalogue = services.reference.catalogue()
    same_day = [p for p in catalogue.in_force(date(2026, 11, 23)) if p.time_limit.same_day]
    sources = {p.code: p.time_limit.cutoff_source for p in same_day}
    assert sources == {
        "1.001193": "Luật Hộ tịch 2014, khoản 3 Điều 5",
        "1.000894": "Luật Hộ tịch 2014, khoản 3 Điều 5",
        "1.000656": "Luật Hộ tịch 2014, khoản 3 Điều 5",
        "2.000635": "Luật Hộ tịch 2014, khoản 3 Điều 5",
        "2.000815": "Nghị định 23/2015/NĐ-CP, Điều 7",
        "2.000884": "Nghị định 23/2015/NĐ-CP, Điều 7",
    }
    assert {str(p.time_limit.cutoff) for p in same_day} == {"15:00:00"}


@pytest.mark.parametrize(
    ("time_limit", "wording", "absent"),
    [
        (None, "Trong ngày (nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo)", ""),
        ({"same_day": True}, "quy định: Trong ngày", "nhận sau"),
        (
            {"same_day": True, "cutoff": "14:30", "cutoff_source": "Quy định thử"},
            "Trong ngày (nhận sau 14 giờ 30 phút thì trả trong ngày làm việc tiếp theo)",
            "15 giờ",
        ),
    ],
)
def test_form_01_says_the_procedures_cutoff(
    services: Services,
    tmp_path: Path,
    time_limit: dict[str, Any] | None,
    wording: str,
    absent: str,
) -> None:
    code = "2.000815"
    if time_limit is not None:
        code = "9.000002"
        add_procedure(services, code, time_limit)
    document = {**copy.deepcopy(EXAMPLE_RECEPTION), "procedure": code}
    dossier = services.reception.receive(parse_reception(document), "admin")
    text = " ".join(pdf_text(services.forms.form("01", dossier.code), tmp_path).split())
    assert wording in text
    if absent:
        assert absent not in text
