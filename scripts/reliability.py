"""`make reliability`: run the crash harness, the server attacks, the audit edits, the
out-of-role actions and the hostile command-line sweep, and write docs/reliability.md
from what they did.

    python scripts/reliability.py [--mode full|short|tiny] [--seed N] [--out FILE]

Exits 1 when anything failed (the report says what). The seed is printed first: give it
again to replay the same operations and kill moments.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the harness lives in tests/reliability

from tests.reliability import markdown, report  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=sorted(report.MODES), default="full")
    parser.add_argument("--seed", type=int, default=None, help="default: a new random one")
    parser.add_argument("--out", default=str(ROOT / "docs" / "reliability.md"))
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1, 1_000_000)
    print(f"reliability: seed {seed}", flush=True)
    with tempfile.TemporaryDirectory(prefix="reliability-") as work:
        done = report.run(Path(work), report.MODES[args.mode], seed, _log)
    markdown.write(done, Path(args.out))
    print(f"reliability: {args.out} written; {done.failed} failed (seed {seed})")
    return 1 if done.failed else 0


def _log(line: str) -> None:
    print(line, flush=True)


if __name__ == "__main__":
    sys.exit(main())
