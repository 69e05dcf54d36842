"""ESC/POS commands byte for byte, against Epson's command reference."""

from __future__ import annotations

import pytest
from PIL import Image

from printers import commands


def test_simple_commands() -> None:
    assert commands.initialize() == b"\x1b@"
    assert commands.leave_chinese() == b"\x1c."
    assert commands.code_page(30) == b"\x1bt\x1e"
    assert commands.align("center") == b"\x1ba\x01"
    assert commands.bold(True) == b"\x1bE\x01"
    assert commands.character_size(2, 2) == b"\x1d!\x11"
    assert commands.character_size(8, 8) == b"\x1d!\x77"
    assert commands.feed(3) == b"\x1bd\x03"
    assert commands.cut(partial=True) == b"\x1dVB\x00"
    assert commands.cut(partial=False) == b"\x1dVA\x00"
    assert commands.cut(partial=True, feed_first=False) == b"\x1dV\x01"
    assert commands.status_request(4) == b"\x10\x04\x04"


def test_native_qr_is_the_five_functions() -> None:
    data = commands.qr_code(b"ABC", module_size=5, error_correction="Q")
    assert data == (
        b"\x1d(k\x04\x001A2\x00"  # fn 165: model 2
        b"\x1d(k\x03\x001C\x05"  # fn 167: module size 5
        b"\x1d(k\x03\x001E2"  # fn 169: level Q = 50
        b"\x1d(k\x06\x001P0ABC"  # fn 180: store, pL = 3 + len(data)
        b"\x1d(k\x03\x001Q0"  # fn 181: print
    )


def test_raster_image_packs_black_as_one_bits() -> None:
    image = Image.new("1", (10, 2), 1)
    image.putpixel((0, 0), 0)
    image.putpixel((9, 1), 0)
    assert commands.raster_image(image) == b"\x1dv0\x00\x02\x00\x02\x00" + bytes(
        [0x80, 0x00, 0x00, 0x40]
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: commands.code_page(256), "code page"),
        (lambda: commands.character_size(9, 1), "width"),
        (lambda: commands.qr_code(b"x", 17), "module size"),
        (lambda: commands.qr_code(b"x", 3, "X"), "error correction"),
        (lambda: commands.status_request(3), "status request"),
        (lambda: commands.align("justify"), "alignment"),
    ],
)
def test_out_of_range_arguments_are_refused(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]
