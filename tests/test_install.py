"""``pip install`` of the wheel gives a program that runs from any folder (the servers' way).

Once per module: the sources are copied out of the checkout, ``python -m build`` makes the
sdist and from it the wheel (in isolated build environments, as ``pip install .`` does),
and the wheel is installed in a fresh virtual environment. The installed program then runs
from a folder outside the checkout, without PYTHONPATH, so it can only use what the wheel
brought: the resources and the translations compiled while the wheel was built.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.wheel import build_wheel

# Building and installing takes about a minute (PySide6 goes into the build and the new
# environment); `make test` runs it all the same.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

REPO = Path(__file__).resolve().parents[1]
TS = sorted((REPO / "resources" / "i18n").glob("*.ts"))


@dataclass(frozen=True)
class Installed:
    venv: Path
    program: Path
    python: Path
    outside: Path  # the working folder of every run, outside the checkout
    sources: Path  # the copy the wheel was built from

    def run(self, *args: str) -> str:
        return self._run([str(self.program), *args])

    def python_code(self, code: str) -> str:
        return self._run([str(self.python), "-c", code])

    def _run(self, command: list[str]) -> str:
        result = subprocess.run(
            command, cwd=self.outside, env=clean_env(), capture_output=True, text=True, timeout=180
        )
        assert result.returncode == 0, f"{command[1:]}: {result.stderr}"
        return result.stdout

    def site_packages(self) -> Path:
        found = self.python_code("import sysconfig; print(sysconfig.get_path('purelib'))")
        return Path(found.strip())


def clean_env() -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "COUNTER_APP_DATA"}
    }
    return env | {"PYTHONNOUSERSITE": "1", "QT_QPA_PLATFORM": "offscreen"}


def checked(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, env=clean_env(), capture_output=True, text=True)
    assert result.returncode == 0, f"{command}:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("install")
    wheel = build_wheel(root)
    venv = root / "venv"
    checked([sys.executable, "-m", "venv", "--without-pip", str(venv)], root)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    # This environment's pip installs into the fresh one: the same configuration and cache.
    checked([sys.executable, "-m", "pip", "--python", str(python), "install", str(wheel)], root)
    outside = root / "elsewhere"
    outside.mkdir()
    return Installed(venv, bin_dir / "counter-app", python, outside, root / "sources")


def shipped_resources() -> set[str]:
    """Every runtime file of the checkout's resources/, with the .qm the build makes."""
    source = REPO / "resources"
    files = {
        path.relative_to(source).as_posix()
        for path in source.rglob("*")
        if path.is_file() and path.suffix not in {".ts", ".qm"} and "__pycache__" not in path.parts
    }
    return files | {f"i18n/{ts.stem}.qm" for ts in TS}


def test_every_runtime_resource_travels_in_the_wheel(installed: Installed) -> None:
    resources = installed.site_packages() / "counter_app" / "resources"
    found = {p.relative_to(resources).as_posix() for p in resources.rglob("*") if p.is_file()}
    assert found == shipped_resources()


def test_installed_program_checks_itself_outside_the_checkout(
    installed: Installed, tmp_path: Path
) -> None:
    assert installed.run("--version").startswith("counter-app ")
    report = installed.run("--data-dir", str(tmp_path), "self-check")
    first = report.splitlines()[0]
    assert first.startswith("procedures in force: ") and first.endswith("; database ok: True")
    assert int(first.split(":")[1].split(";")[0]) > 0


def test_installed_program_reads_its_shipped_data(installed: Installed, tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path)]
    assert (
        installed.run(*data, "fee", "--procedure", "2.000815", "--pages", "3").split()[0].isdigit()
    )
    assert "2026-01-01\toff" in installed.run(*data, "holidays", "list", "--year", "2026")
    assert "epson-tm-t82" in installed.run("printer-profiles")
    assert installed.run("vietqr", "banks").strip()
    example = tmp_path / "example.json"
    example.write_text(installed.run("dossier", "receive", "--example"), encoding="utf-8")
    code = installed.run(*data, "dossier", "receive", "--json", str(example)).strip()
    pdf = tmp_path / "form01.pdf"
    installed.run(*data, "form", "01", code, "--out", str(pdf))  # the shipped fonts
    assert pdf.read_bytes().startswith(b"%PDF")


def test_installed_server_migrates_its_database(installed: Installed, tmp_path: Path) -> None:
    """counter-central from the wheel: its Alembic migrations travelled with it."""
    central = installed.program.with_name("counter-central")
    db = ["--db", f"sqlite:///{tmp_path / 'central.db'}"]
    assert installed._run([str(central), "--version"]).startswith("counter-central ")
    assert "at revision" in installed._run([str(central), "db", "upgrade", *db])
    added = installed._run(
        [str(central), "ward", "add", "--code", "001.02.03.H26", "--name", "A", *db]
    )
    assert "001.02.03.H26" in added
    code = installed._run([str(central), "enrol", "--ward", "001.02.03.H26", *db])
    assert len(code.splitlines()[-1]) == 14


def first_translation(ts: Path) -> tuple[str, str, str]:
    """A plain (context, source, translation) of the catalogue, to look up once installed."""
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            if message.get("numerus") or message.find("comment") is not None:
                continue
            if translation is not None and translation.text:
                name, source = context.findtext("name") or "", message.findtext("source") or ""
                return name, source, translation.text
    raise AssertionError(f"{ts} has no plain translated message")


def test_installed_program_speaks_vietnamese(installed: Installed, tmp_path: Path) -> None:
    context, source, vietnamese = first_translation(REPO / "resources/i18n/counter_app_vi.ts")
    shown = installed.python_code(
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from counter_app.ui.i18n import install_translator\n"
        "app = QCoreApplication([])\n"
        "install_translator(app, 'vi')\n"
        f"sys.stdout.buffer.write(QCoreApplication.translate({context!r}, {source!r}).encode())\n"
    )
    assert shown == vietnamese
    shots = tmp_path / "shots"
    installed.run("--data-dir", str(tmp_path / "data"), "screenshot", "--out", str(shots))
    for name in ("reception-vi.png", "received-vi.png", "setup-vi.png"):
        assert (shots / name).read_bytes().startswith(b"\x89PNG"), name


def test_nothing_installed_refers_back_to_the_checkout(installed: Installed) -> None:
    where = json.loads(
        installed.python_code(
            "import json, sys, counter_app, printers, central\n"
            "from counter_app.paths import resource_dir\n"
            "modules = [m.__file__ for m in (counter_app, printers, central)]\n"
            "print(json.dumps({'files': [*modules, str(resource_dir())], 'path': sys.path}))\n"
        )
    )
    venv = installed.venv.resolve()
    assert all(Path(file).resolve().is_relative_to(venv) for file in where["files"])
    assert not any(str(REPO) in entry for entry in where["path"])
    site = installed.site_packages()
    ours = [site.glob(pattern) for pattern in ("*.pth", "counter_app*/**/*", "printers/**/*")]
    ours.append(site.glob("central/**/*"))
    for file in (p for found in ours for p in found if p.is_file() and p.suffix != ".pyc"):
        text = file.read_bytes()
        for checkout in (REPO, installed.sources):
            assert str(checkout).encode() not in text, file
