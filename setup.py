"""What pyproject.toml cannot declare: the shipped resources and their translations.

The top-level ``resources/`` folder travels inside the wheel as ``counter_app/resources``
(``counter_app.paths.resource_dir()`` finds it there), so an installed program runs from any
folder. Its Qt Linguist sources (``i18n/*.ts``) are compiled to ``.qm`` with PySide6's
``lrelease`` while the wheel is built: the ``.qm`` files are built, never committed, so a
plain ``pip install .`` must make them. The ``.ts`` sources reach the sdist through
MANIFEST.in and stay out of the wheel. Metadata and dependencies are in pyproject.toml.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

RESOURCES = "counter_app.resources"
# What the program reads at run time; a new kind of resource file is added here (and in
# build.spec), and tests/test_install.py fails until it is.
RESOURCE_FILES = ["*.json", "*/*.json", "fonts/*.ttf", "fonts/LICENSE*", "voice/*.wav"]


def lrelease() -> str:
    """PySide6's lrelease, from the build environment (pyproject.toml's build requirements)."""
    import PySide6  # only when the wheel is built: an sdist or editable build has no Qt to load

    return str(Path(PySide6.__file__).resolve().parent / "lrelease")


class BuildWithTranslations(build_py):
    """build_py that also compiles ``resources/i18n/*.ts`` into the build's ``i18n/*.qm``."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # the checkout's own resources/ are read: `make` builds the .qm
            return
        for source, target in self._translations():
            self.mkpath(str(target.parent))
            subprocess.run([lrelease(), "-silent", str(source), "-qm", str(target)], check=True)
            if not target.is_file() or target.stat().st_size == 0:
                raise RuntimeError(f"lrelease did not write {target}")

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        return [*outputs, *(str(target) for _, target in self._translations())]

    def _translations(self) -> list[tuple[Path, Path]]:
        source = Path(self.get_package_dir(RESOURCES), "i18n")
        target = Path(self.build_lib, *RESOURCES.split("."), "i18n")
        return [(ts, target / f"{ts.stem}.qm") for ts in sorted(source.glob("*.ts"))]


setup(
    packages=[*find_packages(include=["counter_app*", "printers*", "central*"]), RESOURCES],
    package_dir={RESOURCES: "resources"},
    # The server's Alembic scripts are modules (central.migrations*); its template comes too.
    package_data={RESOURCES: RESOURCE_FILES, "central.migrations": ["script.py.mako"]},
    include_package_data=False,  # the wheel gets the files above, not everything in MANIFEST.in
    cmdclass={"build_py": BuildWithTranslations},
)
