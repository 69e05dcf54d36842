"""What the counter window asks of the services: previews, drafts, filtered lists."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.dossiers import Status
from counter_app.domain.errors import DomainError
from counter_app.domain.fees import FeeRequest
from counter_app.domain.reception import parse_reception
from counter_app.services.dossiers import DossierQuery
from counter_app.storage import drafts
from counter_app.storage.dossiers import DossierFilter


def receive(services: Services, name: str, procedure: str = "2.000815", officer: str = "admin"):
    doc = copy.deepcopy(EXAMPLE_RECEPTION)
    doc["procedure"] = procedure
    doc["applicant"] = {"full_name": name}
    if procedure != "2.000815":
        doc["fee"] = None
        doc["documents"] = None
    return services.reception.receive(parse_reception(doc), officer)


def test_preview_prices_and_promises_without_saving(services: Services) -> None:
    preview = services.reception.preview("2.000815", FeeRequest(pages=250, copies=3))
    assert preview.quote.total == 600_000
    assert preview.due_at == datetime(2026, 11, 23, 17, 0, tzinfo=VIETNAM)
    assert services.db.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 0
    with pytest.raises(DomainError) as error:
        services.reception.preview("2.000815", FeeRequest())
    assert error.value.code == "fee_pages_required"


def test_draft_survives_until_the_dossier_is_saved(services: Services) -> None:
    services.reception.save_draft("admin", {"applicant": {"full_name": "Lê Thị Hoa"}})
    assert services.reception.load_draft("admin") == {"applicant": {"full_name": "Lê Thị Hoa"}}
    assert services.reception.load_draft("someone") is None
    with pytest.raises(DomainError):  # a refused reception keeps the draft
        services.reception.receive(
            parse_reception({**EXAMPLE_RECEPTION, "procedure": "9.999999"}), "admin", True
        )
    assert services.reception.load_draft("admin") is not None
    services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin", clear_draft=True)
    assert services.reception.load_draft("admin") is None


@pytest.mark.parametrize(
    "stored", ["{not json 001190012345", '["001190012345"]', '"001190012345"', "001190012345"]
)
def test_a_draft_that_does_not_read_is_no_draft_but_still_found_by_its_number(
    services: Services, stored: str
) -> None:
    """The window opens on an empty form; a citizen's export still hands the text over."""
    services.db.execute(
        "INSERT INTO drafts (officer, kind, data, updated_at) VALUES ('admin', 'reception', ?,"
        " '2026-11-23T09:00:00+07:00')",
        [stored],
    )
    assert services.reception.load_draft("admin") is None
    [(officer, kind, data, _at)] = drafts.mentioning(services.db, "001190012345")
    assert (officer, kind) == ("admin", "reception")
    assert "001190012345" in data["unreadable"]
    services.reception.save_draft("admin", {"applicant": {"full_name": "Lê Thị Hoa"}})
    assert services.reception.load_draft("admin") == {"applicant": {"full_name": "Lê Thị Hoa"}}


def test_filters(services: Services, clock: FakeClock) -> None:
    first = receive(services, "Phạm Văn Một", "1.004873")  # 3 working days
    second = receive(services, "Phạm Thị Hai")  # same day, due 17:00
    services.dossiers.change_status(second.code, Status.RESULT_READY, "", "admin")
    third = receive(services, "Phạm Văn Ba", officer="system")

    def codes(wanted: DossierFilter) -> list[str]:
        return [d.code for d in services.dossiers.find(wanted)]

    assert codes(DossierFilter()) == [third.code, second.code, first.code]
    assert codes(DossierFilter(statuses=frozenset({Status.RESULT_READY}))) == [second.code]
    assert codes(DossierFilter(officer="system")) == [third.code]
    assert codes(DossierFilter(text="pham van")) == [third.code, first.code]
    assert codes(DossierFilter(text="pham van", officer="admin")) == [first.code]
    assert codes(DossierFilter(text="!!")) == []
    tomorrow = datetime(2026, 11, 24, 0, 0, tzinfo=VIETNAM)
    assert codes(DossierFilter(received_before=tomorrow - timedelta(hours=1))) != []
    assert codes(DossierFilter(received_from=tomorrow)) == []

    clock.advance(timedelta(hours=9))  # 18:00: the same-day promise has passed
    assert codes(services.dossiers.overdue_filter()) == [third.code]


def test_the_window_list_in_the_officers_terms(services: Services, clock: FakeClock) -> None:
    clock.set(datetime(2026, 11, 20, 9, 0, tzinfo=VIETNAM))  # the Friday before
    old = receive(services, "Phạm Văn Cũ", "1.004873")
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=VIETNAM))
    today = receive(services, "Phạm Văn Mới")
    ready = receive(services, "Trần Thị Xong")
    services.dossiers.change_status(ready.code, Status.RESULT_READY, "", "admin")

    def codes(**asked: object) -> list[str]:
        return [d.code for d in services.dossiers.listing(DossierQuery(**asked), "admin")]  # type: ignore[arg-type]

    assert codes(days=1) == [ready.code, today.code]
    assert codes(days=7) == [ready.code, today.code, old.code]
    assert codes(days=1, text="pham van") == [today.code, old.code]  # a search spans every day
    assert codes(open_only=True) == [today.code, old.code]
    assert codes(status=Status.RESULT_READY) == [ready.code]
    clock.set(datetime(2026, 11, 23, 18, 0, tzinfo=VIETNAM))  # the same-day promise passed
    assert codes(overdue=True) == [today.code]
    assert codes(overdue=True, status=Status.RESULT_READY) == []  # a result is not overdue


def _steps_to_list_today(services: Services) -> int:
    """SQLite's virtual-machine steps (in tens) that the list of today's dossiers takes."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0  # go on

    services.db.conn.set_progress_handler(count, 10)
    try:
        found = services.dossiers.listing(DossierQuery(days=1), "admin")
    finally:
        services.db.conn.set_progress_handler(None, 10)
    assert len(found) == 2
    return steps


def test_todays_list_does_not_read_the_older_dossiers(tmp_path: Path) -> None:
    """The list walks newest first and stops at its limit; with fewer of today's
    dossiers than that, it read every older dossier too (a ward keeps years of them)."""
    steps = []
    for older in (5, 150):
        clock = FakeClock(datetime(2026, 11, 2, 9, 0, tzinfo=VIETNAM))
        services = app.build(tmp_path / str(older), clock)
        try:
            for number in range(older):
                clock.advance(timedelta(hours=1))
                receive(services, f"Người Cũ {number}")
            clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=VIETNAM))
            receive(services, "Phạm Văn Mới")
            receive(services, "Trần Thị Mới")
            steps.append(_steps_to_list_today(services))
        finally:
            services.close()
    assert 0 < steps[1] <= steps[0] + 2, steps  # 145 more older dossiers, no more work


def test_todays_list_counts_a_dossier_by_its_time_of_receipt_not_its_place(
    services: Services, clock: FakeClock
) -> None:
    first = receive(services, "Phạm Văn Một")
    late = receive(services, "Phạm Văn Hai")
    services.db.execute(  # written after the first, received the day before (a repair)
        "UPDATE dossiers SET received_at = '2026-11-22T16:00:00+07:00' WHERE code = ?",
        [late.code],
    )
    last = receive(services, "Phạm Văn Ba")
    found = services.dossiers.listing(DossierQuery(days=1), "admin")
    assert [d.code for d in found] == [last.code, first.code]
    found = services.dossiers.listing(DossierQuery(days=2), "admin")
    assert [d.code for d in found] == [last.code, late.code, first.code]
