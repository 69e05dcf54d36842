"""Child processes and ports of the test session, so that nothing outlives it.

Every server and database the tests start is a child that dies with the session even
when pytest itself is killed: the kernel sends it a signal when its parent goes
(``PR_SET_PDEATHSIG``), and it leads its own process group, which is killed whole.
Ports are chosen below the kernel's ephemeral range, so a port a test has reserved for
a restart is never taken meanwhile by the local end of some outgoing connection.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import random
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_LOW_PORTS = (20000, 32000)  # under Linux's default ephemeral range, 32768–60999


def die_with_parent(sig: signal.Signals) -> Callable[[], None]:
    """A ``preexec_fn`` that has the child get ``sig`` when this process dies.

    The kernel ties the signal to the thread that forks: start children from the
    main thread (fixtures and tests run there). The C function is looked up here, in
    the parent: between fork and exec the child only calls it.
    """
    if sys.platform != "linux":
        return lambda: None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()

    def arrange() -> None:
        prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)

    return arrange


def kill_group(process: subprocess.Popen[bytes], sig: signal.Signals = signal.SIGKILL) -> None:
    """Signal a child started with ``start_new_session=True`` and everything it forked."""
    # Gone already (PermissionError: what some kernels say of a group whose leader is a zombie).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def stop(process: subprocess.Popen[bytes], sig: signal.Signals, timeout: float) -> None:
    """Send ``sig``, wait up to ``timeout`` seconds, then kill its whole group."""
    if process.poll() is None:
        process.send_signal(sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout)
    kill_group(process)
    process.wait()


def free_port() -> int:
    """A loopback TCP port that nobody listens on now (bind, close, use; retry on EADDRINUSE)."""
    low, high = _LOW_PORTS
    for _ in range(50):
        port = random.randint(low, high)
        if _bindable(port):
            return port
    with socket.socket() as sock:  # a busy machine: let the kernel choose
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def tail(path: Path, lines: int = 40) -> str:
    """The end of a log file, for a failure message."""
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(no log: {exc})"
    return "\n".join(text.splitlines()[-lines:])
