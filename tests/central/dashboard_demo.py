"""The dashboard with demo data, seen by headless Chromium (Debian's ``chromium``).

Used by tests/central/test_dashboard.py, and run as a program it writes the screenshot
in docs/ (scripts/dashboard-screenshot.sh)::

    .venv/bin/python -m tests.central.dashboard_demo docs/screenshots/dashboard.png

Three wards, five counters enrolled over HTTP, a day of receptions, status changes and
fee payments pushed as the counters push them, a bank notification matched and one
that is not, and a dashboard token: every figure on the page comes from the server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from counter_app.domain.clock import VIETNAM
from counter_app.domain.payment_reference import transfer_reference
from tests.central.bank_helpers import notification, notify, push, set_secret
from tests.central.event_helpers import moved, payment, received, t
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, WARD_B, Counter, add_ward, issue_code

WARD_C = "007.08.09.H26"
WARDS = {WARD_A: "Phường Hàng Bạc", WARD_B: "Phường Cửa Nam", WARD_C: "Phường Ba Đình"}
PCS = {WARD_A: "HANGBAC", WARD_B: "CUANAM", WARD_C: "BADINH"}
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
WINDOW = "1280,800"


def chromium_binary() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium(url: str, *args: str, profile: Path, timeout: float = 120) -> str:
    """Run headless Chromium on ``url`` with a throwaway profile; its stdout."""
    binary = chromium_binary()
    if binary is None:
        raise FileNotFoundError("chromium is not installed (scripts/system-packages.sh)")
    done = subprocess.run(
        [binary, *FLAGS, f"--user-data-dir={profile}", f"--window-size={WINDOW}", *args, url],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "HOME": str(profile)},
    )
    if done.returncode != 0:
        raise RuntimeError(f"chromium exited {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout


@dataclass(frozen=True)
class Demo:
    token: str  # a dashboard token
    today: str  # YYYY-MM-DD in Asia/Ho_Chi_Minh


def build(central: CentralServer) -> Demo:
    """Fill the server with a day of three wards' work; the dashboard token."""
    now = datetime.now(VIETNAM)
    today, yesterday = now.date().isoformat(), (now - timedelta(days=1)).date().isoformat()
    for code, name in WARDS.items():
        add_ward(central, code, name)
    counters: dict[str, list[Counter]] = {code: [] for code in WARDS}
    for code, count in ((WARD_A, 2), (WARD_B, 2), (WARD_C, 1)):
        for number in range(1, count + 1):
            counter = Counter(central.url)
            name = f"PC-{PCS[code]}-{number:02d}"
            assert counter.enrol(issue_code(central, code), name=name).status_code == 200
            counters[code].append(counter)
    _day_of_work(counters, today, yesterday)
    _queue(central, counters[WARD_A][0])
    for group in counters.values():
        for counter in group:
            push(counter)
    secret = set_secret(central)
    paid = transfer_reference(_code(counters[WARD_A][0], WARD_A, today, 3))
    notify(central, notification(f"IBFT {paid} LE PHI", 50_000, "FT-DEMO-1"), secret)
    partial = transfer_reference(_code(counters[WARD_C][0], WARD_C, today, 1))
    notify(central, notification(f"LE PHI {partial}", 10_000, "FT-DEMO-2"), secret)
    notify(central, notification("CHUYEN TIEN LE PHI CHUNG THUC", 20_000, "FT-DEMO-3"), secret)
    said = central.run_cli("dashboard", "token", "--name", "Màn hình phòng họp").stdout
    return Demo(said.splitlines()[-1], today)


# Per ward, per counter: (received at, promised today?, status now, fee, payment state).
PLAN = {
    WARD_A: [
        [
            ("07:40", True, "returned", 0, None),
            ("08:10", False, "in_processing", 0, None),
            ("08:55", False, "received", 50_000, "pending"),
        ],
        [("09:05", False, "received", 30_000, "paid"), ("09:40", False, "received", 0, None)],
    ],
    WARD_B: [
        [
            ("07:35", False, "supplement_requested", 0, None),
            ("10:15", False, "received", 100_000, "paid"),
        ],
        [("08:20", True, "result_ready", 20_000, "paid")],
    ],
    WARD_C: [[("07:50", False, "received", 15_000, "expired")]],
}
ROUTE = {  # the moves that bring a received dossier to its status now
    "received": (),
    "in_processing": ("in_processing",),
    "supplement_requested": ("supplement_requested",),
    "result_ready": ("in_processing", "result_ready"),
    "returned": ("in_processing", "result_ready", "returned"),
}


def _day_of_work(counters: dict[str, list[Counter]], today: str, yesterday: str) -> None:
    later = (date.fromisoformat(today) + timedelta(days=5)).isoformat()
    for ward, by_counter in PLAN.items():
        for counter, dossiers in zip(counters[ward], by_counter, strict=True):
            for number, (at, same_day, status, fee, paying) in enumerate(dossiers, start=1):
                code = _code(counter, ward, today, number)
                due = t(today, "17:00") if same_day else t(later, "17:00")
                received(counter, code, t(today, at), due)
                for step in ROUTE[status]:
                    moved(counter, code, step, t(today, at))
                if paying:
                    then = () if paying == "pending" else ((paying, t(today, at)),)
                    payment(counter, code, fee, t(today, at), *then)
    late = counters[WARD_A][0]  # yesterday's, promised for yesterday, still open
    received(late, _code(late, WARD_A, yesterday, 1), t(yesterday, "10:00"), t(yesterday, "16:00"))


def _queue(central: CentralServer, counter: Counter) -> None:
    """Ward A's queue (this server serves it): four tickets, three called, one rated."""
    from counter_app.sync.queue_client import QueueClient

    with QueueClient(central.url, counter.token) as queue:
        for area in ("A", "A", "B", "C"):
            queue.take(area)
        for number in (1, 2, 3):
            queue.call_next(number)
        queue.finish(1)
        queue.rate("A001", 1, "rat_hai_long")


def _code(counter: Counter, ward: str, day: str, number: int) -> str:
    return f"{ward}-{day[2:].replace('-', '')}-{counter.counter_number * 1000 + number:04d}"


def main(argv: list[str]) -> int:
    """Write the dashboard's screenshot to ``argv[0]``."""
    if len(argv) != 1:
        print("usage: python -m tests.central.dashboard_demo OUT.png", file=sys.stderr)
        return 2
    out = Path(argv[0]).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qmc-dashboard-") as folder:
        work = Path(folder)
        central = CentralServer(f"sqlite:///{work / 'central.db'}", work / "server.log")
        central.start()
        try:
            demo = build(central)
            url = f"{central.url}/dashboard?key={demo.token}"
            chromium(url, f"--screenshot={out}", profile=work / "chromium")
        finally:
            central.stop()
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
