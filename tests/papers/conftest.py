"""Dossiers made by the real reception service, and the tools that read PDFs back."""

from __future__ import annotations

import copy
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import Dossier, Status
from counter_app.domain.reception import parse_reception
from counter_app.papers.forms import UnitHeader
from counter_app.paths import resource_dir


def poppler(tool: str, *args: str) -> str:
    """Run a poppler-utils tool; skip the test when the machine has none."""
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed; cannot read the PDF back")
    done = subprocess.run([tool, *args], capture_output=True, text=True, check=True)
    return done.stdout


def pdf_text(pdf: bytes, tmp_path: Path, name: str = "form.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return poppler("pdftotext", "-layout", str(path), "-")


def pdf_info(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return poppler("pdfinfo", str(path))


def pdf_fonts(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return poppler("pdffonts", str(path))


@pytest.fixture
def fonts() -> Path:
    return resource_dir() / "fonts"


@pytest.fixture
def unit(services: Services) -> UnitHeader:
    return UnitHeader(
        agency_id=services.unit.agency_id,
        parent_name="UBND phường Hoàn Kiếm",
        name="Bộ phận Một cửa",
        place=services.unit.place,
    )


def receive(services: Services, **changes: object) -> Dossier:
    document = copy.deepcopy(EXAMPLE_RECEPTION)
    document.update(changes)
    return services.reception.receive(parse_reception(document), "admin")


@pytest.fixture
def dossier(services: Services) -> Dossier:
    return receive(services)


@pytest.fixture
def returned(services: Services, clock: FakeClock) -> Dossier:
    """Received 09:00, handed on, result ready and returned by 14:30 the same day."""
    code = receive(services).code
    steps = [
        (timedelta(minutes=30), Status.IN_PROCESSING, "Chuyển cán bộ tư pháp"),
        (timedelta(hours=2), Status.RESULT_READY, ""),
        (timedelta(hours=3), Status.RETURNED, ""),
    ]
    for delta, status, reason in steps:
        clock.advance(delta)
        services.dossiers.change_status(code, status, reason, "admin")
    return services.dossiers.get(code)
