"""Search and reception benchmarks at a million dossiers, as ratios to a baseline.

Every number is compared with a baseline measured in the same run on the same
machine: search through the FTS5 index against a naive ``LIKE '%…%'`` scan,
reception into a million-dossier database against reception into an empty one.
The data set is built once through the real reception path (``demo.fill``) and
cached under ``.bench-data/<N>/``; the reception benchmark works on a copy, so
the cache stays as built.

    .venv/bin/python bench/run.py [--dossiers N] [--rebuild]
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from counter_app import app
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.reception import parse_reception
from counter_app.services import demo
from counter_app.storage import migrations
from counter_app.storage.database import DATABASE_NAME, connect

DEFAULT_ROOT = Path(__file__).resolve().parents[1] / ".bench-data"
# A Friday afternoon: the data set ends here and reception continues from here.
BUILT_AT = datetime(2026, 11, 20, 16, 0, tzinfo=VIETNAM)
PER_DAY = 9000
SEED = 2026
MARKER = "dataset.json"

SEARCH_TARGET_MS = 20.0
SEARCH_TARGET_RATIO = 50.0
RECEPTION_TARGET_MS = 10.0

# The naive search a first implementation would write: no folding, no index.
LIKE_SQL = (
    "SELECT * FROM dossiers WHERE lower(applicant_name) LIKE ? OR applicant_id_number LIKE ?"
    " OR applicant_phone LIKE ? OR code LIKE ? ORDER BY seq DESC LIMIT 50"
)


# ---------------------------------------------------------------- the data set


def whole_sequence_space(services: app.Services) -> None:
    """Let this installation number 1–9999 a day (a million needs ~9,000 a day)."""
    demo.whole_sequence_space(services.db, services.unit.device_id, services.clock.now())


def open_installation(folder: Path, clock: FakeClock) -> app.Services:
    """``app.build`` with the whole sequence space, reloaded so the Unit sees it."""
    services = app.build(folder, clock)
    if services.unit.block.first != 1 or services.unit.block.last != 9999:
        whole_sequence_space(services)
        services.close()
        services = app.build(folder, clock)
    return services


def is_current(folder: Path) -> bool:
    """A finished data set whose schema needs no migration (migrating would first
    back up the whole database and change the cache)."""
    if not (folder / MARKER).exists():
        return False
    db = connect(folder / DATABASE_NAME)
    try:
        return not migrations.MIGRATIONS.pending(db)
    finally:
        db.close()


def dataset(root: Path, count: int, rebuild: bool) -> tuple[Path, float]:
    """The folder of a database with ``count`` demo dossiers and its build time."""
    folder = root / str(count)
    marker = folder / MARKER
    if is_current(folder) and not rebuild:
        return folder, float(json.loads(marker.read_text())["build_seconds"])
    partial = root / f"{count}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    clock = FakeClock(BUILT_AT)
    services = open_installation(partial, clock)
    try:
        demo.fill(services.reception, services.reference, clock.now(), count, PER_DAY, SEED)
    finally:
        services.close()
    seconds = time.perf_counter() - started
    (partial / MARKER).write_text(json.dumps({"dossiers": count, "build_seconds": seconds}))
    partial.rename(folder)
    return folder, seconds


# ---------------------------------------------------------------- measuring


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(values: Sequence[float]) -> dict[str, float]:
    return {"median_ms": statistics.median(values), "p95_ms": percentile(values, 0.95)}


def timed_ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def rounds(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Each action once as a warm-up, then ``repeat`` interleaved rounds."""
    for action in actions.values():
        action()
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            times[name].append(timed_ms(action))
    return times


# ---------------------------------------------------------------- search


def search_queries(services: app.Services) -> dict[str, str]:
    """What officers type, with the ID number, phone and code of a real row."""
    row = services.db.execute(
        "SELECT code, applicant_id_number, applicant_phone FROM dossiers"
        " WHERE seq >= (SELECT max(seq) / 2 FROM dossiers) ORDER BY seq LIMIT 1"
    ).fetchone()
    code, id_number, phone = row
    return {
        "full name": "nguyen van nam",
        "name with diacritics": "Trần Thị Hương",
        "partial name": "tran thi",
        "ID number": id_number,
        "phone prefix": phone[:4],
        "full phone": phone,
        "dossier code": code,
        "no match": "khong minh triet",
    }


def like_search(services: app.Services, text: str) -> list[Any]:
    pattern = f"%{text.strip().lower()}%"
    return services.db.execute(LIKE_SQL, [pattern] * 4).fetchall()


def bench_search(services: app.Services, runs: int, like_runs: int) -> dict[str, Any]:
    queries = search_queries(services)
    fts = rounds({k: _bind(services.dossiers.search, q) for k, q in queries.items()}, runs)
    like = rounds({k: _bind(like_search, services, q) for k, q in queries.items()}, like_runs)
    per_query = {
        name: {
            "query": queries[name],
            "hits": len(services.dossiers.search(queries[name])),
            "fts": summary(fts[name]),
            "like": summary(like[name]),
            "ratio": statistics.median(like[name]) / statistics.median(fts[name]),
        }
        for name in queries
    }
    all_fts = [t for times in fts.values() for t in times]
    all_like = [t for times in like.values() for t in times]
    ratios = [q["ratio"] for q in per_query.values()]
    return {
        "fts": summary(all_fts),
        "like": summary(all_like),
        "ratio": statistics.median(all_like) / statistics.median(all_fts),
        "ratio_geomean": statistics.geometric_mean(ratios),
        "ratio_min": min(ratios),
        "queries": per_query,
    }


def _bind(function: Callable[..., object], *args: Any) -> Callable[[], object]:
    return lambda: function(*args)


# ---------------------------------------------------------------- reception


def reception_documents(services: app.Services, count: int) -> list[str]:
    """JSON reception documents like the CLI example, each with another applicant."""
    generator = demo.DemoGenerator([], services.reference.calendar(), SEED + 1)
    documents = []
    for _ in range(count):
        document = copy.deepcopy(EXAMPLE_RECEPTION)
        document["applicant"] = generator.person(BUILT_AT.date()).to_data()
        documents.append(json.dumps(document, ensure_ascii=False))
    return documents


def receive_one(services: app.Services, clock: FakeClock, document: str) -> float:
    """Validate, price, number and save one dossier with its event; ms taken."""
    clock.advance(timedelta(seconds=1))
    started = time.perf_counter()
    services.reception.receive(parse_reception(json.loads(document)), "admin")
    return (time.perf_counter() - started) * 1000


def bench_reception(folder: Path, count: int) -> dict[str, Any]:
    """Reception into a copy of the data set and into an empty database, alternating."""
    with tempfile.TemporaryDirectory(prefix="bench-", dir=folder.parent) as scratch:
        big_folder, empty_folder = Path(scratch) / "big", Path(scratch) / "empty"
        big_folder.mkdir()
        started = time.perf_counter()
        shutil.copyfile(folder / DATABASE_NAME, big_folder / DATABASE_NAME)
        copy_seconds = time.perf_counter() - started
        big_clock, empty_clock = FakeClock(BUILT_AT), FakeClock(BUILT_AT)
        big = open_installation(big_folder, big_clock)
        empty = open_installation(empty_folder, empty_clock)
        try:
            documents = reception_documents(big, count + 1)
            receive_one(big, big_clock, documents[0])  # warm-up: catalogue, calendar
            receive_one(empty, empty_clock, documents[0])
            big_ms, empty_ms = [], []
            for document in documents[1:]:
                big_ms.append(receive_one(big, big_clock, document))
                empty_ms.append(receive_one(empty, empty_clock, document))
        finally:
            big.close()
            empty.close()
    return {
        "big": summary(big_ms),
        "empty": summary(empty_ms),
        "ratio": statistics.median(big_ms) / statistics.median(empty_ms),
        "copy_seconds": copy_seconds,
    }


# ---------------------------------------------------------------- report


def targets(search: dict[str, Any], reception: dict[str, Any]) -> dict[str, bool]:
    return {
        "search_median_under_20ms": search["fts"]["median_ms"] < SEARCH_TARGET_MS,
        "search_50x_like": search["ratio"] >= SEARCH_TARGET_RATIO,
        "reception_median_under_10ms": reception["big"]["median_ms"] < RECEPTION_TARGET_MS,
    }


def print_search(search: dict[str, Any]) -> None:
    print(f"\nSearch (FTS5 vs LIKE scan), ms{'':22}FTS med   FTS p95  LIKE med     ratio  hits")
    for name, q in search["queries"].items():
        print(
            f"  {name:22} {q['query'][:26]:26} {q['fts']['median_ms']:8.2f}"
            f"  {q['fts']['p95_ms']:8.2f}  {q['like']['median_ms']:8.1f}"
            f"  {q['ratio']:7.0f}×  {q['hits']:4}"
        )
    print(
        f"  {'all queries':49} {search['fts']['median_ms']:8.2f}  {search['fts']['p95_ms']:8.2f}"
        f"  {search['like']['median_ms']:8.1f}  {search['ratio']:7.0f}×"
        f"  (geomean {search['ratio_geomean']:.0f}×, min {search['ratio_min']:.1f}×)"
    )


def print_reception(reception: dict[str, Any], count: int) -> None:
    print(f"\nReception, ms{'':16}median      p95")
    print(
        f"  at {count:>12,} {reception['big']['median_ms']:11.2f} {reception['big']['p95_ms']:8.2f}"
    )
    print(
        f"  {'empty':>15} {reception['empty']['median_ms']:11.2f}"
        f" {reception['empty']['p95_ms']:8.2f}"
    )
    print(f"  {'ratio':>15} {reception['ratio']:11.2f}×")


def print_targets(met: dict[str, bool], count: int) -> None:
    scale = "" if count == 1_000_000 else " (the targets are set for 1,000,000 dossiers)"
    print(f"\nTargets{scale}:")
    for name, ok in met.items():
        print(f"  {'met    ' if ok else 'MISSED '} {name}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true", help="build the data set afresh")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--search-runs", type=int, default=50)
    parser.add_argument("--like-runs", type=int, default=5)
    parser.add_argument("--receptions", type=int, default=200)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    root: Path = args.data_dir
    cached = is_current(root / str(args.dossiers)) and not args.rebuild
    print(f"{'Reusing' if cached else 'Building'} {args.dossiers:,} demo dossiers in {root}")
    folder, build_seconds = dataset(root, args.dossiers, args.rebuild)
    print(f"Build time: {build_seconds:.1f} s{' (cached)' if cached else ''}")
    services = open_installation(folder, FakeClock(BUILT_AT))
    try:
        search = bench_search(services, args.search_runs, args.like_runs)
    finally:
        services.close()
    print_search(search)
    reception = bench_reception(folder, args.receptions)
    print_reception(reception, args.dossiers)
    met = targets(search, reception)
    print_targets(met, args.dossiers)
    result = {
        "dossiers": args.dossiers,
        "build_seconds": build_seconds,
        "search": search,
        "reception": reception,
        "targets": met,
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
