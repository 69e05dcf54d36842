"""Fixtures for the printers package: the shipped profiles, the fonts, a virtual printer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from printers.profiles import PrinterProfile, load_profiles, profiles_path
from printers.virtual import VirtualPrinter

REPO = Path(__file__).resolve().parents[2]
RESOURCES = REPO / "resources"
FONTS = RESOURCES / "fonts"
FONT = FONTS / "LiberationSans-Regular.ttf"


@pytest.fixture(scope="session")
def profiles() -> dict[str, PrinterProfile]:
    return load_profiles(profiles_path(RESOURCES))


@pytest.fixture
def epson(profiles: dict[str, PrinterProfile]) -> PrinterProfile:
    return profiles["epson-tm-t82"]


@pytest.fixture
def virtual_printer(epson: PrinterProfile) -> Iterator[VirtualPrinter]:
    printer = VirtualPrinter(epson)
    try:
        yield printer
    finally:
        printer.close()
