"""The benchmark runs end to end at a small scale (no timing thresholds here)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "run.py"
START_BENCH = BENCH.with_name("start.py")


def load_bench(path: Path = BENCH) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    bench = load_bench()
    args = ["--dossiers", "300", "--data-dir", str(tmp_path), "--search-runs", "3"]
    assert bench.main([*args, "--like-runs", "2", "--receptions", "10", *extra]) == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_bench_prints_ratios_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(tmp_path, capsys)
    assert result["dossiers"] == 300
    assert result["build_seconds"] > 0
    search, reception = result["search"], result["reception"]
    assert len(search["queries"]) == 8
    for query in search["queries"].values():
        assert query["fts"]["median_ms"] > 0 and query["like"]["median_ms"] > 0
        assert query["ratio"] > 0
    assert search["queries"]["ID number"]["hits"] >= 1
    assert search["queries"]["no match"]["hits"] == 0
    assert search["ratio"] > 0 and search["ratio_geomean"] > 0
    assert reception["big"]["median_ms"] > 0 and reception["empty"]["median_ms"] > 0
    assert reception["ratio"] > 0
    assert set(result["targets"]) == {
        "search_median_under_20ms",
        "search_50x_like",
        "reception_median_under_10ms",
    }


def test_cached_data_set_is_reused_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = run(tmp_path, capsys)
    database = tmp_path / "300" / "counter.db"
    size = database.stat().st_size
    second = run(tmp_path, capsys)
    assert second["build_seconds"] == first["build_seconds"]
    assert database.stat().st_size == size  # reception worked on a copy
    assert [p.name for p in tmp_path.iterdir()] == ["300"]


@pytest.mark.slow
def test_start_bench_prints_ratios_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """From a wheel installed in an environment of its own (the bench's default): every
    program starts, each window reports "interactive", the JSON has the ratios."""
    bench = load_bench(START_BENCH)
    args = ["--runs", "1", "--dossiers", "30", "--data-dir", str(tmp_path)]
    assert bench.main(args) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["dossiers"] == 30
    assert result["installed"] == "wheel"
    programs = result["programs"]
    assert set(programs) == {
        "python -c pass",
        "counter-app --version",
        "counter-app search nguyen",
        "bare PySide6 window",
        "counter main window",
        "counter login dialog",
        "window after Enter (typed)",
    }
    typed = programs.pop("window after Enter (typed)")  # from the submit: no baseline, no ratio
    assert "ratio" not in typed
    assert all(p["median_ms"] > 0 and p["ratio"] > 0 for p in programs.values())
    assert programs["python -c pass"]["ratio"] == programs["bare PySide6 window"]["ratio"] == 1
    untargeted = {"python -c pass", "bare PySide6 window", "counter login dialog"}
    assert set(result["targets"]) == set(programs) - untargeted
    window = programs["counter main window"]
    assert 0 < window["login_median_ms"] < window["median_ms"]  # the real dialog's check
    assert 0 < typed["login_median_ms"] < typed["median_ms"] < bench.TYPING_MS  # no typing in it
    assert list(tmp_path.iterdir()) == []  # the scratch installation is gone
