"""Starting the GUI: display check, QApplication, translations, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from counter_app.app import Services
from counter_app.ui.i18n import DEFAULT_LANGUAGE, install_translator
from counter_app.ui.main_window import MainWindow

NO_DISPLAY = (
    "counter-app: no display found (DISPLAY/WAYLAND_DISPLAY unset); to run without a screen "
    "set QT_QPA_PLATFORM=offscreen, or write screenshots with 'counter-app screenshot --out DIR'"
)


def display_missing() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def application(language: str = DEFAULT_LANGUAGE) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Quầy Một Cửa")
    app.setOrganizationName("QuayMotCua")
    install_translator(app, language)
    return app


def run(services: Services, language: str = DEFAULT_LANGUAGE) -> int:
    if display_missing():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    app = application(language)
    window = MainWindow(services)
    window.show()
    return app.exec()


def screenshot(services: Services, out_dir: Path, language: str) -> list[Path]:
    """PNGs of the windows, rendered offscreen (no screen needed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    application(language)
    out_dir.mkdir(parents=True, exist_ok=True)
    window = MainWindow(services)
    window.resize(1366, 768)
    written = [_save(window, out_dir / f"main-window-{language}.png")]
    window.search.setText("nguyen")
    written.append(_save(window, out_dir / f"main-window-search-{language}.png"))
    return written


def _save(window: MainWindow, target: Path) -> Path:
    if not window.grab().save(str(target)):
        raise OSError(f"cannot write {target}")
    return target
