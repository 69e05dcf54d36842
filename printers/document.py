"""What goes on a paper, independent of the printer that will print it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Text:
    """One line (wrapped to the paper's columns when longer). NFC Vietnamese."""

    text: str
    align: Align = Align.LEFT
    bold: bool = False
    size: int = 1  # 1 = normal, 2 = double width and height, up to 8 (the queue number)
    # A candidate name ("cp1258@27", "raster"...) overriding the profile's encoding for
    # this line only: the self-test page prints one line per candidate.
    encoding: str | None = None


@dataclass(frozen=True)
class Columns:
    """A label on the left and a value on the right of the same line."""

    left: str
    right: str
    bold: bool = False


@dataclass(frozen=True)
class QrCode:
    payload: str  # ASCII/UTF-8 text; printed natively (GS ( k) or as an image
    size: int = 6  # module size in dots, 1–16
    error_correction: str = "M"  # L, M, Q or H


@dataclass(frozen=True)
class Rule:
    """A full-width separator line."""

    char: str = "-"


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    partial: bool = True


Element = Text | Columns | QrCode | Rule | Feed | Cut


@dataclass
class Document:
    elements: list[Element] = field(default_factory=list)

    def add(self, *elements: Element) -> Document:
        self.elements.extend(elements)
        return self
