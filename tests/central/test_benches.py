"""bench/ingest.py, bench/event_ids.py and bench/relay.py run end to end at a small
scale against real servers and databases (no timing thresholds here: the figures must
only be there and make sense)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def load(name: str) -> ModuleType:
    """bench/NAME.py as a module (registered first: its dataclasses look it up)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_ingest_benchmark_prints_rates_a_ratio_and_the_targets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert load("ingest").main(["--devices", "2", "--events", "1500", "--workers", "2"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert list(result) == ["sqlite"]  # PostgreSQL only when asked
    sqlite = result["sqlite"]
    assert sqlite["events"] == 2 * 500  # the first batch of each device warms up
    assert sqlite["devices"] == 2 and sqlite["batch"] == 1000 and sqlite["workers"] == 2
    assert sqlite["seconds"] > 0 and sqlite["events_per_second"] > 0
    assert sqlite["bare_insert_events_per_second"] > 0 and sqlite["ratio"] > 0
    assert sqlite["one_per_request_events_per_second"] > 0
    assert sqlite["batched_over_one_per_request"] > 1  # batches beat single events
    assert sqlite["target_events_per_second"] == 20_000
    assert isinstance(sqlite["target_met"], bool)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_ingest_benchmark_runs_on_postgresql(database_url: str, tmp_path: Path) -> None:
    """What ``--db URL`` measures (``--postgres`` starts the same kind of cluster)."""
    figures = load("ingest").measure(database_url, tmp_path, 2, 1200, single=10)
    assert figures["events"] == 2 * 200  # each event stored once: measure checks it
    assert figures["events_per_second"] > 0 and figures["ratio"] > 0


def test_the_event_ids_benchmark_compares_both_kinds_of_id_at_each_size(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert load("event_ids").main(["--sizes", "0,1500", "--batches", "2"]) == 0
    result = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert [row["stored"] for row in result] == [0, 1500]
    for row in result:
        random, ordered = row["random (v4)"], row["time-ordered (v7)"]
        assert random > 0 and ordered > 0
        assert row["ratio"] == round(ordered / random, 2)


@pytest.mark.parametrize("sizes", ["", "10,x", "-5"])
def test_the_event_ids_benchmark_refuses_sizes_it_cannot_read(
    sizes: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        load("event_ids").main(["--sizes", sizes])
    assert exited.value.code == 2
    assert "--sizes" in capsys.readouterr().err


def test_the_relay_benchmark_times_both_ways_against_the_direct_path(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert load("relay").main(["--trials", "2", "--batch", "3"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["trials"], result["batch"]) == (2, 3)
    assert result["forwarder_poll_s"] > 0
    up, down = result["up"], result["down"]
    assert set(up) == {"ward_ack", "at_city", "direct", "added_ms", "ratio"}
    assert set(down) == {"at_ward", "direct", "added_ms", "ratio"}
    for figures in (up["ward_ack"], up["at_city"], up["direct"], down["at_ward"], down["direct"]):
        assert 0 < figures["median_ms"] <= figures["p95_ms"] <= figures["max_ms"] < 60_000
    # Through the ward server the events reach the city only after the ward acknowledged.
    assert up["at_city"]["median_ms"] >= up["ward_ack"]["median_ms"]
    assert up["ratio"] > 0 and down["ratio"] > 0


def test_the_queue_benchmark_times_racing_calls_and_the_board(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert load("queue_calls").main(["--tickets", "30", "--counters", "3", "--calls", "2"]) == 0
    result = json.loads(capsys.readouterr().out)
    sqlite = result["sqlite"]
    assert (sqlite["tickets"], sqlite["counters"], sqlite["calls"]) == (30, 3, 2)
    for figure in ("call_next_ms", "status_ms", "call_to_board_ms"):
        spread = sqlite[figure]
        assert 0 <= spread["median"] <= spread["p95"] <= spread["max"], figure
    assert sqlite["ratio"] > 0 and sqlite["target_p95_ms"] == 50.0
    assert isinstance(sqlite["target_met"], bool)
