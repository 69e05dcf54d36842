"""The dashboard: today's figures of every ward, the same as ``counter-central stats``,
loaded by headless Chromium; and only for those who hold a dashboard token."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from tests.central import dashboard_demo
from tests.central.fixtures import ServerFactory
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A

HEADINGS = ("Bảng theo dõi bộ phận một cửa", "Tổng hợp theo phường", "Hồ sơ theo trạng thái")


@pytest.fixture
def demo(server: ServerFactory) -> tuple[CentralServer, dashboard_demo.Demo]:
    central = server()
    return central, dashboard_demo.build(central)


class SummaryRows(HTMLParser):
    """The cells of the summary table's rows, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._inside = ("class", "summary") in attrs
        elif self._inside and tag == "tr":
            self.rows.append([])
        elif self._inside and tag in ("td", "th"):
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def summary(page: str) -> dict[str, list[str]]:
    parser = SummaryRows()
    parser.feed(page)
    return {row[0].strip(): [cell.strip() for cell in row[1:]] for row in parser.rows}


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_chromium_shows_todays_figures(
    demo: tuple[CentralServer, dashboard_demo.Demo], tmp_path: Path
) -> None:
    if dashboard_demo.chromium_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required (scripts/system-packages.sh)")
        pytest.skip("chromium is not installed (scripts/system-packages.sh)")
    central, shown = demo
    url = f"{central.url}/dashboard?key={shown.token}"
    dom = dashboard_demo.chromium(url, "--dump-dom", profile=tmp_path / "chromium")
    assert all(heading in dom for heading in HEADINGS)
    assert "<script" not in dom
    figures = json.loads(central.run_cli("stats", "--ward", WARD_A).stdout)[WARD_A]
    row = summary(dom)["Phường Hàng Bạc"]
    assert row[1:5] == [
        str(figures["events"]["received_on_date"]),
        str(figures["dossiers"]["received_on_date"]),
        str(figures["dossiers"]["open"]),
        str(figures["overdue"]),
    ]
    assert row[1:5] == ["22", "5", "5", "1"]  # 13 from the counters, 9 of the queue log
    assert row[5:7] == ["1 · 30.000 đ", "1 · 50.000 đ"]  # paid today; waiting
    total = summary(dom)["Toàn thành phố"]
    assert total[0] == "5/5" and total[7] == "2"  # two bank notifications paid nothing
    assert row[8:] == ["4", "100%"] and total[8:] == ["4", "100%"]  # 3 called at once
    assert "Trong đó 1 báo có không thuộc phường nào" in dom  # the one no ward's rows show
    assert shown.token not in central.output()  # the access log hides the key


def test_the_dashboard_is_for_token_holders(
    demo: tuple[CentralServer, dashboard_demo.Demo],
) -> None:
    central, shown = demo
    page = central.url + "/dashboard"
    with httpx.Client(timeout=30) as browser:
        closed = browser.get(page)
        assert closed.status_code == 401 and "Mã truy cập" in closed.text
        assert "Phường Hàng Bạc" not in closed.text
        wrong = browser.post(page + "/login", data={"key": "guess"})
        assert wrong.status_code == 401 and "không đúng" in wrong.text
        entered = browser.post(page + "/login", data={"key": shown.token})
        assert entered.status_code == 303 and entered.headers["location"] == "/dashboard"
        cookie = entered.headers["set-cookie"]
        assert "HttpOnly" in cookie and "Path=/dashboard" in cookie
        opened = browser.get(page)
        assert opened.status_code == 200 and "Phường Hàng Bạc" in opened.text
        assert "script-src" not in opened.headers["content-security-policy"]
        assert opened.headers["cache-control"] == "no-store"
        central.run_cli("dashboard", "revoke", "--name", "Màn hình phòng họp")
        assert browser.get(page).status_code == 401
    gone = central.run_cli("dashboard", "revoke", "--name", "Màn hình phòng họp", check=False)
    assert gone.returncode == 2
