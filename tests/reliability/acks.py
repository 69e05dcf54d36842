"""The workers' acknowledgements: one JSON line per operation, written after it returned.

A worker opens the file with ``O_APPEND`` and writes each line with one ``write`` call
once the service call has returned: what a SIGKILL interrupts was never acknowledged,
and a line in the file is an operation the caller was told had succeeded. The kernel
keeps what was written when the process dies (only a machine crash could lose it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class AckFile:
    """The worker's side: ``ack(op, **data)`` after the operation returned."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def ack(self, op: str, **data: Any) -> None:
        line = json.dumps({"op": op, **data}, sort_keys=True) + "\n"
        os.write(self._fd, line.encode())

    def close(self) -> None:
        os.close(self._fd)


def read_acks(path: Path) -> list[dict[str, Any]]:
    """Every complete line (a line cut short, which one ``write`` never leaves, is skipped)."""
    if not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.endswith("\n"):
            found.append(json.loads(line))
    return found
