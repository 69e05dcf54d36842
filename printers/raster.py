"""Images for printers that cannot write Vietnamese or QR codes themselves.

A raster line costs tens of times the bytes of text (DOMAIN.md §8), so images are
cropped to what is drawn and the renderer uses them only where text cannot do.
"""

from __future__ import annotations

from pathlib import Path

import qrcode
import qrcode.constants
from PIL import Image, ImageDraw, ImageFont

from printers.commands import raster_image

# Font A is 12 x 24 dots; a raster line keeps that pitch so it sits among text lines,
# with room above for stacked marks (Ế, Ỗ).
LINE_HEIGHT = 30
FONT_SIZE = 22
REGULAR, BOLD = "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"
_QR_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


class RasterText:
    """Draws lines of text with a bundled TrueType font into GS v 0 images."""

    def __init__(self, font_dir: Path, dots: int) -> None:
        for name in (REGULAR, BOLD):
            if not (font_dir / name).is_file():
                raise FileNotFoundError(f"raster printing needs the font {font_dir / name}")
        self.font_dir = font_dir
        self.dots = dots

    def _font(self, text: str, bold: bool, size: int) -> ImageFont.FreeTypeFont:
        """The bundled font at the line's size, shrunk until the text fits the paper."""
        font_size = FONT_SIZE * size
        font = ImageFont.truetype(str(self.font_dir / (BOLD if bold else REGULAR)), font_size)
        while font.getlength(text) > self.dots and font_size > 8:
            font_size -= 1
            font = font.font_variant(size=font_size)
        return font

    def _canvas(self, width: float, size: int) -> Image.Image:
        whole_bytes = (min(self.dots, max(8, int(width) + 1)) + 7) // 8 * 8
        return Image.new("1", (whole_bytes, LINE_HEIGHT * size), 1)

    def image(self, text: str, bold: bool = False, size: int = 1) -> Image.Image:
        """The line as a 1-bit image, as wide as its text (never wider than the paper)."""
        font = self._font(text, bold, size)
        canvas = self._canvas(font.getlength(text), size)
        top = (LINE_HEIGHT * size - font.size) * 0.6
        ImageDraw.Draw(canvas).text((0, top), text, font=font, fill=0)
        return canvas

    def columns_image(self, left: str, right: str, bold: bool = False) -> Image.Image:
        """A label and a value on one full-width line, the value flush right."""
        font = self._font(f"{left}  {right}", bold, 1)
        canvas = self._canvas(self.dots, 1)
        draw, top = ImageDraw.Draw(canvas), (LINE_HEIGHT - font.size) * 0.6
        draw.text((0, top), left, font=font, fill=0)
        draw.text((canvas.width - 1 - font.getlength(right), top), right, font=font, fill=0)
        return canvas

    def encode(self, text: str, bold: bool = False, size: int = 1) -> bytes:
        return raster_image(self.image(text, bold, size))


def qr_image(payload: str, module_size: int, error_correction: str) -> Image.Image:
    """A QR symbol drawn by the ``qrcode`` package, for printers without GS ( k."""
    code = qrcode.QRCode(
        error_correction=_QR_LEVELS[error_correction], box_size=module_size, border=2
    )
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    matrix = code.get_matrix()
    side = len(matrix) * module_size
    image = Image.new("1", (side, side), 1)
    draw = ImageDraw.Draw(image)
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                x, y = column * module_size, row * module_size
                draw.rectangle((x, y, x + module_size - 1, y + module_size - 1), fill=0)
    return image
