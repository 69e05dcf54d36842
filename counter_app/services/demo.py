"""Realistic fake dossiers for demos, screenshots and benchmarks (no real people).

Names are drawn from common Vietnamese family, middle and given names; ID
numbers are made to pass the CCCD checks (province, century/gender digit,
birth year) but the six random digits are random.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.citizens import PROVINCE_CODES, Gender
from counter_app.domain.clock import VIETNAM
from counter_app.domain.dossiers import CollectAt, Person, SequenceBlock
from counter_app.domain.errors import DomainError
from counter_app.domain.fees import Channel, FeeRequest
from counter_app.domain.procedures import Procedure
from counter_app.domain.reception import ReceptionRequest
from counter_app.services.demo_progress import DemoProgress
from counter_app.services.reception import ReceptionService
from counter_app.services.reference import ReferenceService
from counter_app.services.unit import SYSTEM_OFFICER, set_counter
from counter_app.storage import events, settings
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trịnh",
]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Gia", "Công", "Thanh", "Ngọc"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hoài", "Bích", "Phương", "Kim", "Diệu"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Minh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Trung",
    "Tuấn",
    "Việt",
]
GIVEN_FEMALE = [
    "Anh",
    "Chi",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Ngọc",
    "Phương",
    "Tâm",
    "Thảo",
    "Trang",
    "Vân",
    "Yến",
]
STREETS = [
    "Hàng Bạc",
    "Hàng Đào",
    "Lò Đúc",
    "Kim Mã",
    "Đội Cấn",
    "Láng Hạ",
    "Trường Chinh",
    "Giải Phóng",
    "Cầu Giấy",
]
PLACES = [
    "Hoàn Kiếm",
    "Ba Đình",
    "Đống Đa",
    "Hai Bà Trưng",
    "Cầu Giấy",
    "Tây Hồ",
    "Thanh Xuân",
    "Long Biên",
]
PHONE_PREFIXES = ["090", "091", "093", "094", "096", "097", "098", "086", "088", "032", "035"]


class DemoGenerator:
    def __init__(self, catalogue: list[Procedure], calendar: WorkingCalendar, seed: int) -> None:
        self._procedures = catalogue
        self._calendar = calendar
        self._rng = random.Random(seed)

    def person(self, today: date) -> Person:
        rng = self._rng
        gender = rng.choice([Gender.MALE, Gender.FEMALE])
        male = gender is Gender.MALE
        name = " ".join(
            [
                rng.choice(FAMILY),
                rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE),
                rng.choice(GIVEN_MALE if male else GIVEN_FEMALE),
            ]
        )
        birth = today - timedelta(days=rng.randint(16 * 365, 85 * 365))
        return Person(
            full_name=name,
            id_number=self.id_number(birth, gender),
            birth_date=birth,
            gender=gender.value,
            address=f"Số {rng.randint(1, 200)} phố {rng.choice(STREETS)}, "
            f"Phường {rng.choice(PLACES)}, Hà Nội",
            phone=rng.choice(PHONE_PREFIXES) + f"{rng.randint(0, 9_999_999):07d}",
        )

    def id_number(self, birth: date, gender: Gender) -> str:
        century = (birth.year // 100 - 19) * 2 + (gender is Gender.FEMALE)
        province = self._rng.choice(sorted(PROVINCE_CODES))
        return f"{province}{century}{birth.year % 100:02d}{self._rng.randint(0, 999_999):06d}"

    def request(self, received: datetime) -> ReceptionRequest:
        rng = self._rng
        procedure = rng.choice(self._procedures)
        fees = procedure.fees
        channel = Channel.ONLINE if rng.random() < 0.15 else Channel.DIRECT
        fee = FeeRequest(
            pages=rng.randint(1, 12) if fees.needs_pages() else None,
            copies=rng.randint(1, 3) if fees.depends_on_copies() else 1,
            channel=channel,
            age=rng.randint(1, 70) if fees.depends_on_age() else None,
        )
        return ReceptionRequest(
            procedure_code=procedure.code,
            applicant=self.person(received.date()),
            delegate=None,
            documents=None,
            sets=1,
            channel=channel,
            collect_at=CollectAt.POST if rng.random() < 0.1 else CollectAt.COUNTER,
            fee=fee,
            received_at=received,
            note="",
        )

    def receipt_times(self, count: int, per_day: int, now: datetime) -> Iterator[datetime]:
        """``count`` times inside working hours, ``per_day`` a working day, oldest
        first, none after ``now``."""
        now = now.astimezone(VIETNAM)
        produced = 0
        for day in self._working_days_back(now, -(-count // per_day)):
            limit = _worked_minutes(now) if day == now.date() else MINUTES_PER_DAY
            batch = min(per_day, count - produced)
            for minute in sorted(self._rng.randrange(limit) for _ in range(batch)):
                produced += 1
                yield _at_working_minute(day, minute)

    def _working_days_back(self, now: datetime, wanted: int) -> list[date]:
        days: list[date] = []
        day = now.date()
        if _worked_minutes(now) == 0:
            day -= timedelta(days=1)
        while len(days) < wanted:
            if self._calendar.is_working_day(day):
                days.append(day)
            day -= timedelta(days=1)
        return days[::-1]


MINUTES_PER_DAY = 480
MORNING, AFTERNOON = time(7, 30), time(13, 0)


def _worked_minutes(now: datetime) -> int:
    """Working minutes of the default hours already past at ``now`` (0–480)."""
    minutes = now.hour * 60 + now.minute
    morning = min(max(minutes - (7 * 60 + 30), 0), 240)
    afternoon = min(max(minutes - 13 * 60, 0), 240)
    return morning + afternoon


def _at_working_minute(day: date, minute: int) -> datetime:
    start = MORNING if minute < 240 else AFTERNOON
    return datetime.combine(day, start, VIETNAM) + timedelta(minutes=minute % 240)


BATCH = 2000
DAYS_BACK = 250
DEMO_OFFICER = "admin"


def fill(
    reception: ReceptionService,
    reference: ReferenceService,
    now: datetime,
    count: int,
    per_day: int = 40,
    seed: int = 2026,
    progress: DemoProgress | None = None,
) -> int:
    """Receive ``count`` fake dossiers through the real reception path, in batches,
    and, given a ``progress``, move them on as the days since would have."""
    if not 1 <= count <= 10_000_000 or not 1 <= per_day <= 9999:
        raise DomainError("demo_size_invalid", "Ask for 1–10,000,000 dossiers, 1–9,999 a day.")
    # Keep within the last year: the seed catalogue is in force from 2025-07-01.
    per_day = max(per_day, -(-count // DAYS_BACK))
    catalogue = reference.catalogue()
    generator = DemoGenerator(catalogue.in_force(now.date()), reference.calendar(), seed)
    times = generator.receipt_times(count, per_day, now)
    added = 0
    while batch := [generator.request(t) for t in itertools.islice(times, BATCH)]:
        received = reception.receive_many(batch, DEMO_OFFICER)
        if progress is not None:
            progress.advance(received, now)
        added += len(received)
    return added


def whole_sequence_space(db: Database, device_id: str, now: datetime) -> None:
    """Let an installation number 0001–9999 a day, for benchmarks and crash tests that
    receive thousands of dossiers a day (a counter's own block is a thousand). The
    counter change is recorded as the server's would be, so ``db check`` agrees."""
    with transaction(db):
        counter = int(settings.get(db, "counter_number") or 1)
        context = events.EventContext(device_id, SYSTEM_OFFICER)
        set_counter(db, context, counter, SequenceBlock(1, 9999), now)
