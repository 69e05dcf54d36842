"""Where the shipped resources live: the frozen bundle, an installed wheel or the source tree."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    """The folder of the shipped resources: catalogue/, calendar/, fonts/, i18n/, printers/ ...

    In the PyInstaller build it is ``sys._MEIPASS/resources``; in an installed wheel it is
    ``counter_app/resources`` (setup.py maps the checkout's top-level ``resources/`` there and
    builds the ``.qm`` translations into it); in the source tree (``make run``, the tests, the
    editable install) it is the checkout's ``resources/``, whose ``.qm`` files ``make`` builds.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    package = Path(__file__).resolve().parent
    installed = package / "resources"
    if installed.is_dir():
        return installed
    return package.parent / "resources"
