"""Run every hostile command line and print what each did: ``python -m tests.hostile.sweep``.

Two cases at a time (the machine has two cores). Prints one line per failing case, the
count of cases per class, and a closing ``N passed, N failed`` line; exits 1 when a
case failed. ``--json FILE`` also writes the results, for a reliability report.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.hostile.cases import CLASSES, all_cases
from tests.hostile.runner import Result, prepare, run_case


def run_all(workers: int = 2) -> list[Result]:
    cases = all_cases()
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        root = Path(folder)
        template = prepare(root)

        def one(index: int) -> Result:
            work = root / f"case-{index}"
            work.mkdir()
            return run_case(cases[index], template, work)

        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(one, range(len(cases))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", metavar="FILE", help="write the results as JSON")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    results = run_all(args.workers)
    for result in results:
        if not result.ok:
            err = result.stderr.decode("utf-8", "backslashreplace")[-300:]
            print(f"FAIL {result.case.name}: {'; '.join(result.problems)} | {err!r}")
    counts = Counter(result.case.klass for result in results)
    for klass, description in CLASSES.items():
        print(f"{klass:12} {counts[klass]:4}  {description}")
    failed = sum(not result.ok for result in results)
    if args.json:
        rows = [
            {"case": r.case.name, "class": r.case.klass, "exit": r.code, "problems": r.problems}
            for r in results
        ]
        Path(args.json).write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
