"""The dashboard's HTML: today's figures of every ward (``central.stats``), in Vietnamese.

Plain HTML and CSS, no script: it refreshes itself (``<meta http-equiv="refresh">``), so
a wall screen or an old browser shows it as well as a new one. Every value is escaped.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from html import escape
from typing import Any

from counter_app.domain.clock import VIETNAM

REFRESH_S = 60
ONLINE = timedelta(minutes=10)  # a device seen this recently is counted as connected
TITLE = "Bảng theo dõi bộ phận một cửa"
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
STATUSES = {
    "received": "Mới tiếp nhận",
    "in_processing": "Đang xử lý",
    "supplement_requested": "Yêu cầu bổ sung",
    "result_ready": "Đã có kết quả",
    "returned": "Đã trả kết quả",
    "refused": "Từ chối tiếp nhận",
    "withdrawn": "Công dân rút hồ sơ",
    "stopped": "Dừng xử lý",
}
PAYMENT_STATES = {
    "pending": "Chờ thanh toán",
    "paid": "Đã thanh toán",
    "expired": "Hết hạn",
    "cancelled": "Đã hủy",
    "refunded": "Hoàn trả",
}
SUMMARY_COLUMNS = (
    "Phường",
    "Thiết bị kết nối",
    "Sự kiện hôm nay",
    "Hồ sơ tiếp nhận hôm nay",
    "Đang giải quyết",
    "Quá hạn",
    "Đã thu hôm nay",
    "Chờ thanh toán",
    "Báo có chưa khớp",
    "Lượt lấy số hôm nay",
    "Gọi trong thời gian chờ chuẩn",
)
STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:0;background:#f3f5f8;color:#1d2733}
header{background:#8b1a1a;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;font-size:14px;opacity:.9}
main{padding:16px 24px}
h2{font-size:18px;margin:20px 0 8px}
h2 small{font-weight:normal;color:#5b6776;font-size:13px}
h3{font-size:14px;margin:0 0 6px;color:#3a4756}
table{border-collapse:collapse;background:#fff;font-size:13px}
th,td{border:1px solid #d5dbe3;padding:5px 9px;text-align:right}
th{background:#e9edf2;font-weight:600}
td:first-child,th:first-child{text-align:left;white-space:nowrap}
tfoot td{font-weight:600;background:#f7f8fa}
.summary{width:100%}
.late{color:#b3261e;font-weight:700}
.grid{display:flex;gap:16px;flex-wrap:wrap;align-items:flex-start}
.ward{background:#fff;border:1px solid #d5dbe3;border-radius:6px;padding:8px 14px 14px;
margin-top:14px}
.ward table{background:#fff}
.empty{color:#5b6776}
.note{color:#5b6776;font-size:13px;margin:6px 0 0}
footer{color:#5b6776;font-size:12px;padding:8px 24px 16px}
"""


def money(amount: int) -> str:
    """``1250000`` → ``1.250.000 đ`` (Vietnamese groups thousands with dots)."""
    return f"{amount:,}".replace(",", ".") + " đ"


def when(text: str | None) -> str:
    if not text:
        return "chưa kết nối"
    moment = datetime.fromisoformat(text).astimezone(VIETNAM)
    return moment.strftime("%H:%M %d/%m/%Y")


def page(figures: dict[str, dict[str, Any]], now: datetime, unmatched: int = 0) -> str:
    """The whole page for ``stats.compute``'s figures of today; ``unmatched``: the bank
    notifications that paid nothing, those of no known ward included."""
    local = now.astimezone(VIETNAM)
    day = f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y}"
    wards = "".join(_ward(code, ward, local) for code, ward in figures.items())
    body = (
        f"<header><h1>{TITLE}</h1><p>Số liệu hôm nay, {day} · cập nhật lúc {local:%H:%M} · "
        f"tự làm mới mỗi {REFRESH_S} giây</p></header><main>"
        f"<h2>Tổng hợp theo phường</h2>{_summary(figures, local, unmatched)}{wards}</main>"
        "<footer>Chỉ xem: số liệu lấy từ các sự kiện các quầy đã gửi lên; quầy đang mất "
        "kết nối hiện số liệu của lần gửi gần nhất.</footer>"
    )
    return document(TITLE, body, refresh=True)


def document(title: str, body: str, refresh: bool = False) -> str:
    meta = f'<meta http-equiv="refresh" content="{REFRESH_S}">' if refresh else ""
    html = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{meta}<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )
    return unicodedata.normalize("NFC", html)


def _summary(figures: dict[str, dict[str, Any]], now: datetime, unmatched: int) -> str:
    if not figures:
        return '<p class="empty">Chưa có phường nào (counter-central ward add).</p>'
    head = "".join(f"<th>{name}</th>" for name in SUMMARY_COLUMNS)
    rows = [_summary_cells(code, ward, now) for code, ward in figures.items()]
    body = "".join(
        "<tr>" + "".join(f"<td{' class=late' * late}>{cell}</td>" for cell, late in row) + "</tr>"
        for row in rows
    )
    table = (
        f'<table class="summary"><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
        f"{_totals(figures, now, unmatched)}</table>"
    )
    wardless = unmatched - sum(w["payments"]["unmatched_notifications"] for w in figures.values())
    if wardless > 0:
        table += (
            f'<p class="note">Trong đó {wardless} báo có không thuộc phường nào (nội dung '
            "chuyển khoản không khớp mã thanh toán nào): xem "
            "<code>counter-central payments unmatched</code>.</p>"
        )
    return table


def _summary_cells(code: str, ward: dict[str, Any], now: datetime) -> list[tuple[str, bool]]:
    online, counted = _connected(ward["devices"], now)
    dossiers, payments = ward["dossiers"], ward["payments"]
    paid = payments["paid_on_date"]
    pending = payments["by_state"]["pending"]
    name = f'<a href="#ward-{escape(code)}">{escape(ward["name"])}</a>'
    return [
        (name, False),
        (f"{online}/{counted}", False),
        (str(ward["events"]["received_on_date"]), False),
        (str(dossiers["received_on_date"]), False),
        (str(dossiers["open"]), False),
        (str(ward["overdue"]), ward["overdue"] > 0),
        (f"{paid['count']} · {money(paid['amount'])}", False),
        (f"{pending['count']} · {money(pending['amount'])}", False),
        (str(payments["unmatched_notifications"]), payments["unmatched_notifications"] > 0),
        (str(ward["queue"]["all"]["tickets"]), False),
        (_share(ward["queue"]["all"]["within_target"]), False),
    ]


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _minutes(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds / 60:.1f} phút"


def _within_target(wards: list[dict[str, Any]]) -> float | None:
    """The city's share: each ward's share weighted by the calls it counted."""
    counted = [
        (w["queue"]["all"]["wait_s"]["count"], w["queue"]["all"]["within_target"]) for w in wards
    ]
    calls = sum(count for count, _share in counted)
    if not calls:
        return None
    return float(sum(count * (share or 0) for count, share in counted) / calls)


def _totals(figures: dict[str, dict[str, Any]], now: datetime, unmatched: int) -> str:
    wards = list(figures.values())
    online = sum(_connected(w["devices"], now)[0] for w in wards)
    counted = sum(_connected(w["devices"], now)[1] for w in wards)
    paid = [w["payments"]["paid_on_date"] for w in wards]
    pending = [w["payments"]["by_state"]["pending"] for w in wards]
    cells = [
        "Toàn thành phố",
        f"{online}/{counted}",
        str(sum(w["events"]["received_on_date"] for w in wards)),
        str(sum(w["dossiers"]["received_on_date"] for w in wards)),
        str(sum(w["dossiers"]["open"] for w in wards)),
        str(sum(w["overdue"] for w in wards)),
        f"{sum(p['count'] for p in paid)} · {money(sum(p['amount'] for p in paid))}",
        f"{sum(p['count'] for p in pending)} · {money(sum(p['amount'] for p in pending))}",
        str(unmatched),
        str(sum(w["queue"]["all"]["tickets"] for w in wards)),
        _share(_within_target(wards)),
    ]
    return "<tfoot><tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr></tfoot>"


def _connected(devices: list[dict[str, Any]], now: datetime) -> tuple[int, int]:
    """Counters (not revoked) seen within :data:`ONLINE`, and how many there are."""
    counters = [d for d in devices if d["role"] == "counter" and not d["revoked"]]  # no screen
    online = [
        d
        for d in counters
        if d["last_seen"] and now - datetime.fromisoformat(d["last_seen"]) <= ONLINE
    ]
    return len(online), len(counters)


def _ward(code: str, ward: dict[str, Any], now: datetime) -> str:
    dossiers, payments = ward["dossiers"], ward["payments"]
    status_rows = "".join(
        f"<tr><td>{label}</td><td>{dossiers['received_on_date_by_status'][status]}</td>"
        f"<td>{dossiers['by_status'][status]}</td></tr>"
        for status, label in STATUSES.items()
    )
    payment_rows = "".join(
        f"<tr><td>{label}</td>"
        f"<td>{payments['started_on_date'][state]['count']}</td>"
        f"<td>{money(payments['started_on_date'][state]['amount'])}</td>"
        f"<td>{payments['by_state'][state]['count']}</td>"
        f"<td>{money(payments['by_state'][state]['amount'])}</td></tr>"
        for state, label in PAYMENT_STATES.items()
    )
    late = ' class="late"' if ward["overdue"] else ""
    return (
        f'<section class="ward" id="ward-{escape(code)}">'
        f"<h2>{escape(ward['name'])} <small>{escape(code)}</small></h2>"
        f"<p>Quá hạn: <span{late}>{ward['overdue']}</span> hồ sơ · "
        f"sự kiện đã nhận: {ward['events']['total']} "
        f"(bị giữ lại: {ward['events']['parked']})</p><div class=grid>"
        "<div><h3>Hồ sơ theo trạng thái</h3><table><thead><tr><th>Trạng thái</th>"
        f"<th>Tiếp nhận hôm nay</th><th>Tất cả</th></tr></thead><tbody>{status_rows}"
        "</tbody></table></div>"
        "<div><h3>Thanh toán lệ phí</h3><table><thead><tr><th>Trạng thái</th>"
        "<th>Hôm nay</th><th>Số tiền</th><th>Tất cả</th><th>Số tiền</th></tr></thead>"
        f"<tbody>{payment_rows}</tbody></table></div>"
        f"{_queue(ward['queue'])}"
        f"{_devices(ward['devices'], now)}</div></section>"
    )


def _queue(figures: dict[str, Any]) -> str:
    """The day's queue by area: tickets, served, no-shows, waits, ratings."""
    if not figures["all"]["tickets"]:
        return '<div><h3>Hàng đợi hôm nay</h3><p class="empty">Chưa có ai lấy số.</p></div>'
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td>{group['tickets']}</td><td>{group['served']}</td>"
        f"<td>{group['no_show']}</td><td>{_minutes(group['wait_s']['average'])}</td>"
        f"<td>{_minutes(group['wait_s']['p90'])}</td><td>{_share(group['within_target'])}</td>"
        f"<td>{sum(group['ratings'].values())}</td></tr>"
        for name, group in [*figures["by_area"].items(), ("Cả ngày", figures["all"])]
    )
    target = figures["target_wait_s"] // 60
    return (
        "<div><h3>Hàng đợi hôm nay</h3><table><thead><tr><th>Khu vực</th><th>Lấy số</th>"
        "<th>Đã phục vụ</th><th>Vắng mặt</th><th>Chờ trung bình</th><th>Chờ (90%)</th>"
        f"<th>Gọi trong {target} phút</th><th>Đánh giá</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def _devices(devices: list[dict[str, Any]], now: datetime) -> str:
    if not devices:
        return '<div><h3>Thiết bị</h3><p class="empty">Chưa có thiết bị nào.</p></div>'
    rows = "".join(
        f"<tr><td>{_counter(d)}</td><td>{escape(d['name'] or d['id'][:12])}</td>"
        f"<td>{when(d['last_seen'])}</td></tr>"
        for d in devices
    )
    return (
        "<div><h3>Thiết bị</h3><table><thead><tr><th>Quầy</th><th>Tên máy</th>"
        f"<th>Kết nối lần cuối</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )


def _counter(device: dict[str, Any]) -> str:
    if device["role"] == "relay":
        return "Máy chủ phường"
    if device["role"] == "queue":
        return "Hàng đợi"
    if device["role"] == "display":
        return "Màn hình, kiosk"
    number = device["counter"]
    label = f"Quầy {number}" if number else "Quầy"
    return label + (" (đã thu hồi)" if device["revoked"] else "")
