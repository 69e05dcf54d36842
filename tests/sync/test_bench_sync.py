"""bench/sync.py runs end to end at a small scale against a real server (no timing here)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.central.server import CentralServer
from tests.sync.test_sync_with_server import WARD, enrolment_code
from tests.test_bench_smoke import load_bench

BENCH = Path(__file__).resolve().parents[2] / "bench" / "sync.py"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_drain_benchmark_reports_a_ratio(
    server: Callable[..., CentralServer], tmp_path: Path
) -> None:
    central = server()
    central.run_cli("ward", "add", "--code", WARD, "--name", "UBND Phường Thử Nghiệm")
    bench = load_bench(BENCH)
    result = bench.measure(central.url, enrolment_code(central), tmp_path / "counter", 1_500, 20)
    assert result["events"] == result["sent"] == 1_500
    assert result["batch"] == 1000 and result["one_per_request_sample"] == 20
    assert result["seconds"] > 0 and result["ratio"] > 0
