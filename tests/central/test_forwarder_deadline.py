"""The ward server's forwarder holds each exchange with the city to its timeout as a
whole: a city (or a proxy before it) that sends its answer a byte now and then must not
keep the ward's events from going up for as long as it likes."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from central import database
from central.settings import Settings
from central.upstream import Forwarder
from counter_app.domain.clock import SystemClock
from tests.trickling import trickling_server


def test_a_city_that_trickles_its_answer_is_given_up_at_the_timeout(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite:///{tmp_path / 'ward.db'}"
    engine = database.open_engine(url)
    database.upgrade(engine)
    caplog.set_level(logging.WARNING, logger="central.upstream")
    with trickling_server(every=0.3) as city:  # 100 bytes: 30 s for the whole answer
        settings = Settings(db_url=url, upstream=city, upstream_token="t" * 43)
        forwarder = Forwarder(engine, settings, SystemClock(), poll_s=0.1, timeout_s=1.0)
        started = time.monotonic()
        forwarder.start()
        try:
            while not caplog.records and time.monotonic() - started < 20:
                time.sleep(0.05)
        finally:
            forwarder.stop()
        waited = time.monotonic() - started
    engine.dispose()
    assert caplog.records, "the forwarder never gave up on the city"
    assert waited < 6, f"gave up after {waited:.1f} s, not at its 1 s timeout"
    said = caplog.records[0].getMessage()
    assert city in said and "too long" in said
