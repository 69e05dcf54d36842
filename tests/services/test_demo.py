"""Demo data: realistic, valid, and with a past that obeys the status machine."""

from __future__ import annotations

from collections import Counter

from counter_app.app import Services
from counter_app.domain import citizens
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import Status
from counter_app.services import maintenance
from counter_app.services.demo import fill
from counter_app.services.demo_progress import DemoProgress


def test_demo_dossiers_have_a_consistent_past(services: Services, clock: FakeClock) -> None:
    now = clock.now()
    progress = DemoProgress(services.dossiers, clock, services.reference.calendar(), "admin", 7)
    assert fill(services.reception, services.reference, now, 300, 20, 7, progress) == 300
    assert clock.now() == now  # the demo gives the clock back where it found it

    report = maintenance.check_database(services.db)
    assert report.ok, report.problems
    dossiers = [services.dossiers.get(code) for code in codes(services)]
    statuses = Counter(d.status for d in dossiers)
    assert statuses[Status.RETURNED] > 150  # most old dossiers are done
    assert statuses[Status.RECEIVED] > 0  # this morning's are not touched yet
    for dossier in dossiers:
        times = [h.at for h in dossier.history]
        assert times == sorted(times) and times[-1] <= now, dossier.code
        assert dossier.received_at <= now
        assert services.reference.calendar().is_working_day(dossier.received_at.date())


def test_demo_people_pass_the_card_checks(services: Services, clock: FakeClock) -> None:
    fill(services.reception, services.reference, clock.now(), 50, 50, 3)
    for code in codes(services):
        person = services.dossiers.get(code).applicant
        number = citizens.parse_id_number(person.id_number or "")
        assert person.birth_date and person.gender
        citizens.check_id_matches(number, person.birth_date, citizens.Gender(person.gender))


def codes(services: Services) -> list[str]:
    return [row[0] for row in services.db.execute("SELECT code FROM dossiers ORDER BY seq")]
