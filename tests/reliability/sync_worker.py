"""The counter's sync, as a process the crash harness kills: ``python -m
tests.reliability.sync_worker DATA STOP``.

Prints ``ready``, then pushes and pulls (``SyncService.sync_once``) again and again, as
the window's sync worker does, until the file STOP exists. An unreachable server (killed,
restarting) is asked again; a refusal or an error in a report is a failure (exit 3).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from counter_app import app
from counter_app.sync.client import Refused, ServerUnreachable


def main(argv: list[str]) -> int:
    services = app.build(Path(argv[0]))
    stop = Path(argv[1])
    try:
        print("ready", flush=True)
        while not stop.exists():
            try:
                report = services.sync.sync_once()
            except ServerUnreachable:
                time.sleep(0.1)
                continue
            except Refused as refused:
                print(f"refused: {refused.code}", file=sys.stderr)
                return 3
            if report.errors or report.parked:
                print(f"sync report: {report.errors} parked {report.parked}", file=sys.stderr)
                return 3
            time.sleep(0.05)
        return 0
    finally:
        services.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
