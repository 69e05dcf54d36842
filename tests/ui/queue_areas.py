"""Test data shared by the queue's screens."""

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
