"""The virtual scanner: a 2D scanner in USB-COM mode, on a pty, for tests and demos.

Like the virtual printer it opens a pty pair, whose slave the counter opens as a
serial port; :meth:`VirtualScanner.send` writes what a scanner sends. A real
USB-COM scanner keeps its port name (COM4, /dev/ttyACM0) when it is unplugged and
plugged back, a pty does not: ``path`` is a symbolic link that :meth:`plug` points
at each new pty, so the counter is set up once with ``path``. :meth:`unplug`
closes the pty: the counter's reads fail as they do when a cable is pulled, and
``path`` opens nothing until :meth:`plug`. POSIX only (it needs ``os.openpty``).
"""

from __future__ import annotations

import os
import tty
from pathlib import Path
from types import TracebackType


class VirtualScanner:
    """A scanner on a pty behind the stable link ``path``. Close it (or use ``with``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fds: tuple[int, int] | None = None
        self.plug()

    @property
    def plugged(self) -> bool:
        return self._fds is not None

    def plug(self) -> None:
        """A new pty, and ``path`` pointed at it (replaced at once, never missing)."""
        if self._fds is not None:
            return
        master, slave = os.openpty()
        tty.setraw(slave)
        self._fds = (master, slave)
        staging = self.path.with_name(self.path.name + ".new")
        staging.unlink(missing_ok=True)
        staging.symlink_to(os.ttyname(slave))
        staging.replace(self.path)

    def unplug(self) -> None:
        """Close the pty: the port is gone; ``path`` now points at nothing."""
        if self._fds is None:
            return
        for fd in self._fds:
            os.close(fd)
        self._fds = None

    def send(self, data: bytes) -> None:
        """Bytes as the scanner sends them (one read of the counter may get any part)."""
        if self._fds is None:
            raise OSError("the virtual scanner is unplugged")
        view = memoryview(data)
        while view:
            written = os.write(self._fds[0], view)
            view = view[written:]

    def scan(self, text: str, ending: bytes = b"\r\n") -> None:
        """One code read: its UTF-8 bytes and the suffix the scanner is set to."""
        self.send(text.encode("utf-8") + ending)

    def close(self) -> None:
        self.unplug()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> VirtualScanner:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
