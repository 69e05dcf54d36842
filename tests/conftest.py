"""Shared fixtures: a fake clock and a real, migrated installation in tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from counter_app import app
from counter_app.domain.clock import VIETNAM, FakeClock


@pytest.fixture
def clock() -> FakeClock:
    # Monday 23 November 2026, 09:00 in Hà Nội: a plain working morning.
    return FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=VIETNAM))


@pytest.fixture
def services(tmp_path: Path, clock: FakeClock) -> Iterator[app.Services]:
    built = app.build(tmp_path / "data", clock)
    yield built
    built.close()
