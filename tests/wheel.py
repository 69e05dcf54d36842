"""The checkout built as ``pip install .`` builds it, for the tests and the benchmarks.

What the build reads is copied out of the checkout first, so that its ``build/`` and
``*.egg-info`` folders stay out of it (and two builds at once do not share them);
``python -m build`` then builds in isolated environments, as pip does.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUILD_INPUTS = (
    "pyproject.toml",
    "setup.py",
    "MANIFEST.in",
    "README.md",
    "counter_app",
    "printers",
    "central",
    "resources",
)


def build_wheel(root: Path, *options: str) -> Path:
    """The wheel built from a copy of the checkout in ``root/sources`` (into
    ``root/dist``); ``options`` go to ``python -m build`` (``--wheel``: no sdist first)."""
    sources = root / "sources"
    sources.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.qm")  # the build makes the .qm
    for name in BUILD_INPUTS:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, sources / name, ignore=ignore)
        else:
            shutil.copy2(path, sources / name)
    dist = root / "dist"
    done = subprocess.run(
        [sys.executable, "-m", "build", *options, "--outdir", str(dist), str(sources)],
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),  # not a folder where a build.py could shadow the module
    )
    if done.returncode != 0:
        raise RuntimeError(f"python -m build failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    (wheel,) = dist.glob("*.whl")
    return wheel
