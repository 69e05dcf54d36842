"""A Document and a PrinterProfile become the bytes one printer model understands.

Pure and deterministic, so golden tests pin the stream. Mode commands are sent only
when a mode changes: at 9600 baud every byte is a millisecond the citizen waits.
"""

from __future__ import annotations

import textwrap
import unicodedata
from pathlib import Path

from printers import commands
from printers.commands import raster_image
from printers.document import Align, Columns, Cut, Document, Element, Feed, QrCode, Rule, Text
from printers.profiles import EncodingCandidate, PrinterProfile
from printers.raster import RasterText, qr_image
from printers.vietnamese import (
    CodePageState,
    Cp1258Encoder,
    Tcvn3Encoder,
    TextEncoder,
    UnaccentedEncoder,
)

TEAR_OFF_FEED = 4  # lines fed instead of a cut on printers without a cutter


def text_encoder(candidate: EncodingCandidate) -> TextEncoder:
    """The encoder writing native text for a candidate (raster lines fall back to it
    when they are plain ASCII, so raster and unaccented both get the ASCII one)."""
    if candidate.encoding == "tcvn3":
        return Tcvn3Encoder(*candidate.pages)
    if candidate.encoding == "cp1258":
        return Cp1258Encoder(candidate.pages[0])
    return UnaccentedEncoder()


def clean(text: str) -> str:
    """NFC, with control characters (a name holding ESC or LF) made spaces: text must
    never turn into printer commands."""
    text = unicodedata.normalize("NFC", text)
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, breaking at spaces where possible."""
    text = clean(text)
    if len(text) <= width:
        return [text]
    return textwrap.wrap(text, width=max(1, width), break_on_hyphens=False) or [""]


class _Writer:
    """The printer's modes as we last set them, and the bytes so far."""

    def __init__(self, profile: PrinterProfile, font_dir: Path | None) -> None:
        self.profile = profile
        self.font_dir = font_dir
        self.out = bytearray(commands.initialize())
        self.pages = CodePageState()
        self.align, self.bold, self.size = Align.LEFT, False, 1
        self._raster: RasterText | None = None
        if profile.leave_chinese:
            self.out += commands.leave_chinese()
        default = profile.text_encoding
        if default.pages:
            self.out += self.pages.select(default.pages[0])

    def modes(self, align: Align, bold: bool | None = None, size: int | None = None) -> None:
        if align != self.align:
            self.out += commands.align(align.value)
            self.align = align
        if bold is not None and bold != self.bold:
            self.out += commands.bold(bold)
            self.bold = bold
        if size is not None and size != self.size:
            self.out += commands.character_size(size, size)
            self.size = size

    def raster(self) -> RasterText:
        if self._raster is None:
            if self.font_dir is None:
                raise ValueError(f"profile {self.profile.name} prints raster text: give font_dir")
            self._raster = RasterText(self.font_dir, self.profile.dots)
        return self._raster

    def line(self, text: str, candidate: EncodingCandidate, bold: bool, size: int) -> None:
        """One printed line: native text when the encoding allows, else an image."""
        if candidate.encoding == "raster" and not text.isascii():
            self.out += self.raster().encode(text, bold, size)
            return
        self.modes(self.align, bold, size)
        self.out += text_encoder(candidate).encode(text, self.pages) + commands.LF


def _text(writer: _Writer, element: Text) -> None:
    size = max(1, min(8, element.size))
    candidate = writer.profile.text_encoding
    if element.encoding is not None:
        candidate = EncodingCandidate.parse(element.encoding)
    writer.modes(element.align)
    for line in wrap(element.text, writer.profile.columns // size):
        writer.line(line, candidate, element.bold, size)


def _columns(writer: _Writer, element: Columns) -> None:
    width = writer.profile.columns
    left, right = clean(element.left), clean(element.right)
    writer.modes(Align.LEFT)
    candidate = writer.profile.text_encoding
    gap = width - len(left) - len(right)
    if candidate.encoding == "raster" and gap >= 1 and not (left + right).isascii():
        writer.out += raster_image(writer.raster().columns_image(left, right, element.bold))
        return
    if gap >= 1:
        writer.line(left + " " * gap + right, candidate, element.bold, 1)
        return
    for line in wrap(left, width):
        writer.line(line, candidate, element.bold, 1)
    for line in wrap(right, width):
        writer.line(line.rjust(width), candidate, element.bold, 1)


def _qr(writer: _Writer, element: QrCode) -> None:
    writer.modes(Align.CENTER)
    if writer.profile.native_qr:
        payload = element.payload.encode("utf-8")
        writer.out += commands.qr_code(payload, element.size, element.error_correction)
        writer.out += commands.LF
    else:
        image = qr_image(element.payload, element.size, element.error_correction)
        writer.out += commands.raster_image(image)


def _cut(writer: _Writer, element: Cut) -> None:
    if writer.profile.cut == "none":
        writer.out += commands.feed(TEAR_OFF_FEED)
        return
    partial = element.partial and writer.profile.cut == "partial"
    writer.out += commands.cut(partial)


def _element(writer: _Writer, element: Element) -> None:
    if isinstance(element, Text):
        _text(writer, element)
    elif isinstance(element, Columns):
        _columns(writer, element)
    elif isinstance(element, QrCode):
        _qr(writer, element)
    elif isinstance(element, Rule):
        writer.line(
            element.char * writer.profile.columns, writer.profile.text_encoding, writer.bold, 1
        )
    elif isinstance(element, Feed):
        lines = max(0, min(255, element.lines))
        writer.out += commands.LF * lines if lines <= 2 else commands.feed(lines)
    else:
        _cut(writer, element)


def render(document: Document, profile: PrinterProfile, font_dir: Path | None = None) -> bytes:
    """The whole job: initialise, set the code page, then every element in order.

    ``font_dir`` holds the bundled TrueType fonts; it is needed only when the profile
    (or a self-test line) prints raster text.
    """
    writer = _Writer(profile, font_dir)
    for element in document.elements:
        _element(writer, element)
    return bytes(writer.out)
