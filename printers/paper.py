"""What came out of a printer: lines, QR codes, images and cuts, as the decoder read them.

The virtual printer builds a Paper from the ESC/POS stream; tests compare its text and
QR payloads with what was sent, and ``render_png`` lets a person look at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from printers.document import Align
from printers.raster import qr_image

CELL_WIDTH, LINE_HEIGHT = 12, 30  # Font A: 12 x 24 dots, default line spacing 30 dots
GLYPH_SIZE = 22
MARGIN = 8


@dataclass(frozen=True)
class PrintedLine:
    text: str
    align: Align = Align.LEFT
    bold: bool = False
    width: int = 1
    height: int = 1


@dataclass(frozen=True)
class PrintedQr:
    payload: str
    module_size: int = 3
    error_correction: str = "L"
    align: Align = Align.LEFT


@dataclass(frozen=True, eq=False)
class PrintedImage:
    image: Image.Image
    align: Align = Align.LEFT


@dataclass(frozen=True)
class PaperCut:
    partial: bool = True


Block = PrintedLine | PrintedQr | PrintedImage | PaperCut


@dataclass
class Paper:
    """One job's paper (everything between two ESC @), or a whole roll."""

    dots: int = 576
    blocks: list[Block] = field(default_factory=list)

    @property
    def lines(self) -> list[PrintedLine]:
        return [block for block in self.blocks if isinstance(block, PrintedLine)]

    @property
    def text(self) -> str:
        """The printed text, one line per printed line (blank lines included)."""
        return "\n".join(line.text for line in self.lines)

    @property
    def qr_payloads(self) -> list[str]:
        return [block.payload for block in self.blocks if isinstance(block, PrintedQr)]

    @property
    def images(self) -> list[Image.Image]:
        return [block.image for block in self.blocks if isinstance(block, PrintedImage)]

    @property
    def cuts(self) -> int:
        return sum(isinstance(block, PaperCut) for block in self.blocks)

    def render_png(self, path: Path, font_path: Path) -> None:
        """Draw the paper as a thermal printer would, for eyes and barcode readers."""
        _Drawing(self, font_path).save(path)


def _x(align: Align, width: int, paper: int) -> int:
    if align is Align.CENTER:
        return max(0, (paper - width) // 2)
    if align is Align.RIGHT:
        return max(0, paper - width)
    return 0


class _Drawing:
    """Stacks the blocks top to bottom; each character sits in its own Font A cell."""

    def __init__(self, paper: Paper, font_path: Path) -> None:
        self.paper = paper
        self.font_path = font_path
        self.glyphs: dict[tuple[str, int, int, bool], Image.Image] = {}

    def glyph(self, char: str, width: int, height: int, bold: bool) -> Image.Image:
        """A character squeezed into its cell, as a printer's fixed-pitch font is."""
        key = (char, width, height, bold)
        if key not in self.glyphs:
            font = ImageFont.truetype(str(self.font_path), GLYPH_SIZE * height)
            cell_w, cell_h = CELL_WIDTH * width, LINE_HEIGHT * height
            natural = max(cell_w, int(font.getlength(char)) + 2)
            image = Image.new("L", (natural, cell_h), 255)
            top = (cell_h - GLYPH_SIZE * height) * 0.6
            ImageDraw.Draw(image).text(
                (1, top), char, font=font, fill=0, stroke_width=1 if bold else 0
            )
            self.glyphs[key] = image.resize((cell_w, cell_h)) if natural > cell_w else image
        return self.glyphs[key]

    def block_image(self, block: Block) -> tuple[Image.Image, Align]:
        if isinstance(block, PrintedLine):
            cell_w = CELL_WIDTH * block.width
            image = Image.new(
                "L", (max(1, len(block.text) * cell_w), LINE_HEIGHT * block.height), 255
            )
            for column, char in enumerate(block.text):
                image.paste(
                    self.glyph(char, block.width, block.height, block.bold), (column * cell_w, 0)
                )
            return image, block.align
        if isinstance(block, PrintedQr):
            symbol = qr_image(block.payload, block.module_size, block.error_correction)
            framed = Image.new("L", (symbol.width, symbol.height + 2 * MARGIN), 255)
            framed.paste(symbol.convert("L"), (0, MARGIN))
            return framed, block.align
        if isinstance(block, PrintedImage):
            return block.image.convert("L"), block.align
        return self.cut_mark(), Align.LEFT

    def cut_mark(self) -> Image.Image:
        mark = Image.new("L", (self.paper.dots, 3 * MARGIN), 255)
        draw = ImageDraw.Draw(mark)
        for x in range(0, self.paper.dots, 16):
            draw.line((x, MARGIN * 1.5, x + 8, MARGIN * 1.5), fill=0, width=2)
        return mark

    def save(self, path: Path) -> None:
        parts = [self.block_image(block) for block in self.paper.blocks]
        height = sum(image.height for image, _ in parts) + 2 * MARGIN
        page = Image.new("L", (self.paper.dots, max(height, LINE_HEIGHT)), 255)
        y = MARGIN
        for image, align in parts:
            page.paste(image, (_x(align, image.width, self.paper.dots), y))
            y += image.height
        page.save(path, format="PNG")
