"""Shared fixtures: a fake clock and a real, migrated installation in tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import settings

from counter_app import app
from counter_app.domain.clock import VIETNAM, FakeClock

# The server's fixtures for any test: PostgreSQL, database_url, server, fault_proxy.
pytest_plugins = ["tests.central.fixtures"]

# No per-example deadline: Hypothesis's 200 ms measures the machine, and on a busy one
# fails a correct example ("Unreliable test timings") that passes when run again.
# A hang is still caught by the per-test timeout (pytest-timeout, pyproject.toml).
settings.register_profile("counter", deadline=None)
settings.load_profile("counter")


@pytest.fixture
def clock() -> FakeClock:
    # Monday 23 November 2026, 09:00 in Hà Nội: a plain working morning.
    return FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=VIETNAM))


@pytest.fixture
def services(tmp_path: Path, clock: FakeClock) -> Iterator[app.Services]:
    built = app.build(tmp_path / "data", clock)
    yield built
    built.close()
