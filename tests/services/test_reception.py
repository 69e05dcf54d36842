"""Receiving dossiers through the real service and a real SQLite file."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta

import pytest

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.dossiers import Status
from counter_app.domain.errors import DomainError
from counter_app.domain.reception import parse_reception
from counter_app.services import maintenance
from counter_app.storage import events


def document(**changes: object) -> dict[str, object]:
    doc = copy.deepcopy(EXAMPLE_RECEPTION)
    doc.update(changes)
    return doc


def counts(services: Services) -> tuple[int, int, int]:
    db = services.db
    return tuple(  # type: ignore[return-value]
        db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("dossiers", "events", "dossier_history")
    )


def test_receive_numbers_prices_and_promises(services: Services) -> None:
    dossier = services.reception.receive(parse_reception(document()), "admin")
    # Counter 1 owns block 1000–1999; received Monday 23/11/2026 09:00.
    assert dossier.code == "000.00.00.Z99-261123-1000"
    # Certified copies, 3 pages × 2 copies: (2×2,000 + 1,000) × 2.
    assert dossier.fee_total == 10_000
    # Same-day procedure received before 15:00: due 17:00 the same day.
    assert dossier.due_at == datetime(2026, 11, 23, 17, 0, tzinfo=VIETNAM)
    assert dossier.status is Status.RECEIVED
    assert dossier.national_status == 2
    assert len(dossier.lookup_secret) == 6
    second = services.reception.receive(parse_reception(document()), "admin")
    assert second.code == "000.00.00.Z99-261123-1001"


def test_reception_is_stored_with_its_event_and_history(services: Services) -> None:
    dossier = services.reception.receive(parse_reception(document()), "admin")
    stored = services.dossiers.get(dossier.code)
    assert stored.applicant.full_name == "Nguyễn Văn An"
    assert [h.to_status for h in stored.history] == [Status.RECEIVED]
    assert stored.history[0].officer == "admin"
    logged = events.for_aggregate(services.db, dossier.id)
    assert [e.type for e in logged] == ["dossier.received"]
    assert logged[0].payload["code"] == dossier.code
    assert logged[0].officer == "admin"
    assert logged[0].device_id == services.unit.device_id


def test_documents_default_to_the_procedures_list(services: Services) -> None:
    dossier = services.reception.receive(
        parse_reception(document(procedure="1.001193", documents=None, fee=None)), "admin"
    )
    names = [d.name for d in dossier.documents]
    assert names and all(name for name in names)
    assert dossier.fee_total == 0  # birth registration on time is free


def test_sequence_restarts_each_day(services: Services, clock: FakeClock) -> None:
    services.reception.receive(parse_reception(document()), "admin")
    clock.advance(timedelta(days=1))
    dossier = services.reception.receive(parse_reception(document()), "admin")
    assert dossier.code == "000.00.00.Z99-261124-1000"


def test_a_refused_reception_writes_nothing(services: Services) -> None:
    before = counts(services)
    with pytest.raises(DomainError) as error:
        services.reception.receive(parse_reception(document(procedure="9.999999")), "admin")
    assert error.value.code == "procedure_unknown"
    with pytest.raises(DomainError):
        services.reception.receive(parse_reception(document(fee={"copies": 1})), "admin")
    assert counts(services) == before


def test_future_receipt_time_is_refused(services: Services) -> None:
    with pytest.raises(DomainError) as error:
        services.reception.receive(
            parse_reception(document(received_at="2026-11-24 09:00")), "admin"
        )
    assert error.value.code == "received_in_future"


def test_backdated_receipt_uses_its_own_day_and_calendar(services: Services) -> None:
    dossier = services.reception.receive(
        parse_reception(document(procedure="1.004873", received_at="2026-11-20 15:30")), "admin"
    )
    assert dossier.code == "000.00.00.Z99-261120-1000"
    # 3 working days from Fri 15:30: Mon, Tue (24/11 is Vietnam Culture Day), Wed, Thu.
    assert dossier.due_at == datetime(2026, 11, 26, 15, 30, tzinfo=VIETNAM)


def test_block_exhaustion_is_a_clear_error(services: Services) -> None:
    services.db.execute(
        "INSERT INTO dossier_sequences VALUES ('000.00.00.Z99', '2026-11-23', 1999)"
    )
    services.db.conn.commit()
    with pytest.raises(DomainError) as error:
        services.reception.receive(parse_reception(document()), "admin")
    assert error.value.code == "sequence_exhausted"


def test_database_check_is_clean_after_receptions(services: Services) -> None:
    for _ in range(3):
        services.reception.receive(parse_reception(document()), "admin")
    report = maintenance.check_database(services.db)
    assert report.ok, report.problems
    assert report.facts["dossiers"] == 3


def test_office_hours_of_the_unit_drive_the_promise(services: Services) -> None:
    from counter_app.domain.calendar import WorkingHours

    services.reference.set_working_hours(WorkingHours.parse("07:00-11:00,13:30-17:30"), "admin")
    dossier = services.reception.receive(parse_reception(document()), "admin")
    assert dossier.due_at == datetime(2026, 11, 23, 17, 30, tzinfo=VIETNAM)
    logged = services.db.execute("SELECT count(*) FROM events WHERE type = 'calendar.hours_set'")
    assert logged.fetchone()[0] == 1
