"""Documents shared by the printer tests: a small one for golden bytes, a receipt."""

from __future__ import annotations

from printers.document import Align, Columns, Cut, Document, Feed, QrCode, Rule, Text

LOOKUP = "https://tracuu.example.vn/hs/000.00.15.H29-261123-0001?k=7Q4M"


def small() -> Document:
    return Document().add(
        Text("ỦY BAN NHÂN DÂN PHƯỜNG ĐỒNG XUÂN", Align.CENTER, bold=True),
        Text("Quầy số 3", Align.CENTER),
        Rule(),
        Columns("Lệ phí:", "50.000 đ"),
        QrCode("HS-0001", size=4),
        Text("15", Align.CENTER, bold=True, size=2),
        Feed(1),
        Cut(),
    )


RECEIPT_LINES = [
    "Mã hồ sơ: 000.00.15.H29-261123-0001",
    "Người nộp: Nguyễn Thị Ánh Tuyết",
    "Thủ tục: Đăng ký khai sinh",
    "Giấy tờ đã nhận:",
    " 1. Tờ khai đăng ký khai sinh (bản chính, 1)",
    " 2. Giấy chứng sinh (bản chính, 1)",
    " 3. Căn cước của cha, mẹ (xuất trình, 2)",
    "Hẹn trả: 09:00 thứ Tư 25/11/2026",
    "Nhận kết quả tại Bộ phận Một cửa",
    "Lệ phí: miễn (đăng ký đúng hạn)",
    "Tra cứu hồ sơ - mã tra cứu: 7Q4M",
    "Cán bộ tiếp nhận: Trần Văn Hùng",
    "Vui lòng mang giấy hẹn này khi nhận kết quả.",
]


def receipt() -> Document:
    """About 20 lines of Vietnamese and a QR code: the standard receipt's weight."""
    paper = Document().add(
        Text("ỦY BAN NHÂN DÂN PHƯỜNG ĐỒNG XUÂN", Align.CENTER, bold=True),
        Text("Quầy số 3", Align.CENTER),
        Text("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", Align.CENTER, bold=True),
        Rule(),
    )
    paper.add(*(Text(line) for line in RECEIPT_LINES[:7]))
    paper.add(Columns("Số bộ hồ sơ:", "1"), Columns("Nhận lúc:", "09:12 23/11/2026"))
    paper.add(Text(RECEIPT_LINES[7], bold=True), *(Text(line) for line in RECEIPT_LINES[8:10]))
    paper.add(Rule(), QrCode(LOOKUP, size=5))
    paper.add(*(Text(line, Align.CENTER) for line in RECEIPT_LINES[10:11]))
    paper.add(*(Text(line) for line in RECEIPT_LINES[11:]), Feed(2), Cut())
    return paper
