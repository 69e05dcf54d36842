"""Test data and checks shared by the queue's screens."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel, QWidget

# A merged ward's nine service areas (queue_wire allows up to 26).
MANY_AREAS = [
    "Hộ tịch",
    "Chứng thực",
    "Cư trú",
    "Hộ kinh doanh",
    "Đất đai",
    "Xây dựng, quy hoạch",
    "Lao động – Thương binh và Xã hội",
    "Bảo trợ xã hội và trẻ em",
    "Trả kết quả",
]

# The same areas as a ward writes them out in full, and a ward's full name: the longest
# texts the queue's screens get.
LONG_AREAS = [
    "Đăng ký hộ tịch, khai sinh, kết hôn, khai tử",
    "Chứng thực bản sao, chữ ký, hợp đồng giao dịch",
    "Cư trú, đăng ký thường trú và tạm trú",
    "Đăng ký hộ kinh doanh cá thể",
    "Đất đai, giấy chứng nhận quyền sử dụng đất",
    "Xây dựng, quy hoạch, cấp phép xây dựng",
    "Lao động – Thương binh và Xã hội",
    "Bảo trợ xã hội, trẻ em và người cao tuổi",
    "Trả kết quả giải quyết thủ tục hành chính",
]
LONG_WARD = "Ủy ban nhân dân phường Nguyễn Trung Trực, thành phố Rạch Giá"
# The screens wards put them on: cheap TVs and touch screens, and the 1920×1080 ones
# lying down or standing.
QUEUE_SCREENS = [(1366, 768), (1280, 1024), (1024, 768), (1920, 1080), (1080, 1920)]


def in_sight(window: QWidget, widgets: Sequence[QWidget]) -> None:
    """Each shown widget wholly inside ``window``, and no two of them overlapping."""
    shown = [w for w in widgets if w.isVisibleTo(window)]
    places = [QRect(w.mapTo(window, QPoint()), w.size()) for w in shown]
    for widget, place in zip(shown, places, strict=True):
        assert window.rect().contains(place), (widget.objectName(), place, window.size())
    for first in range(len(places)):
        for second in range(first + 1, len(places)):
            assert not places[first].intersects(places[second]), (
                shown[first].objectName(),
                shown[second].objectName(),
            )


def whole(label: QLabel) -> None:
    """A word-wrapped label has the height for all its lines."""
    assert label.heightForWidth(label.width()) <= label.height(), (
        label.text(),
        label.heightForWidth(label.width()),
        label.size(),
    )
