"""The example reception document (``counter-app dossier receive --example``), which the
tests receive too."""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of a start)
if TYPE_CHECKING:
    from typing import Any


EXAMPLE_RECEPTION: dict[str, Any] = {
    "procedure": "2.000815",
    "channel": "direct",
    "applicant": {
        "full_name": "Nguyễn Văn An",
        "id_number": "001090123456",
        "birth_date": "1990-01-01",
        "gender": "male",
        "address": "Số 12 ngõ 34 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội",
        "phone": "0912345678",
        "email": None,
    },
    "delegate": None,
    "documents": [
        {"name": "Bản chính giấy tờ cần chứng thực", "form": "original", "count": 1},
        {"name": "Bản sao cần chứng thực", "form": "copy", "count": 2},
    ],
    "sets": 1,
    "fee": {"pages": 3, "copies": 2},
    "collect_at": "counter",
    "note": "",
}
