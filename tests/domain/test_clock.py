"""Việt Nam's time is a fixed UTC+07:00, exact for every moment the program records."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from counter_app.domain.clock import VIETNAM, SystemClock


def test_vietnam_is_utc_plus_seven_with_no_summer_time() -> None:
    for month in range(1, 13):
        moment = datetime(2026, month, 15, 12, tzinfo=VIETNAM)
        assert moment.utcoffset() == timedelta(hours=7)
        assert moment.dst() is None
    new_year = datetime(2026, 12, 31, 17, tzinfo=UTC).astimezone(VIETNAM)
    assert (new_year.year, new_year.month, new_year.day, new_year.hour) == (2027, 1, 1, 0)


def test_the_fixed_offset_agrees_with_the_time_zone_database() -> None:
    """Where the system has tzdata, Asia/Ho_Chi_Minh gives the same offset and name at
    every hour of a span around today; the fixed zone is used so that a machine without
    tzdata (Windows) still runs."""
    try:
        zone = ZoneInfo("Asia/Ho_Chi_Minh")
    except ZoneInfoNotFoundError:
        pytest.skip("this system has no time zone database to compare with")
    start = datetime(1976, 1, 1, tzinfo=UTC)
    for step in range(0, 80 * 365 * 24, 97):  # 1976 to 2055, every 97 hours
        moment = start + timedelta(hours=step)
        assert moment.astimezone(zone).utcoffset() == moment.astimezone(VIETNAM).utcoffset()
        assert moment.astimezone(zone).tzname() == moment.astimezone(VIETNAM).tzname()


def test_the_system_clock_is_aware_and_in_vietnam() -> None:
    now = SystemClock().now()
    assert now.tzinfo is VIETNAM
    assert abs(now - datetime.now(UTC)) < timedelta(minutes=1)


def test_the_clock_loads_no_time_zone_database() -> None:
    """Nothing the command line needs imports zoneinfo (on Windows it would find no
    database without the tzdata package)."""
    probe = (
        "import sys, counter_app.app, counter_app.services.dossiers, counter_app.cli;"
        "print('zoneinfo' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
