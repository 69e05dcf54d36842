"""A start loads only what its first screen needs (the speed itself is bench/start.py's).

Each check starts a fresh interpreter and reads its ``sys.modules``, so a heavy import
made eager again (the PDF forms through a service, the holiday rules, Qt in the
command line's parser...) fails here, whatever the machine's speed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from counter_app import app
from counter_app.app import Services
from counter_app.cli.common import DEFAULT_OFFICER, UsageError, data_folder
from counter_app.cli.gui import plain_gui
from counter_app.cli.search import plain_search
from counter_app.services.unit import ADMIN_USERNAME

# Loaded on first use only: PDFs, QR images, the holiday rules, Qt, serial ports, HTTP.
DEFERRED = ("reportlab", "PIL", "qrcode", "holidays", "PySide6", "serial.tools", "httpx")
# What the parser alone must not load either: the database, the services.
BACKEND = (
    "sqlite_utils",
    "argon2",
    "counter_app.app",
    "counter_app.services",
    "counter_app.storage",
)
REPO = Path(__file__).resolve().parents[1]


def loaded_after(code: str, *prefixes: str) -> list[str]:
    """The modules under ``prefixes`` that a fresh interpreter holds after ``code``."""
    probe = (
        f"import json, sys\ntry:\n{_indent(code)}\nexcept SystemExit:\n    pass\n"
        f"wanted = {prefixes!r}\n"
        "print(json.dumps(sorted({m for m in sys.modules for w in wanted"
        " if m == w or m.startswith(w + '.')})))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def _indent(code: str) -> str:
    return "\n".join(f"    {line}" for line in code.splitlines())


def cli(*args: str) -> str:
    return f"from counter_app.cli import main\nmain({list(args)!r})"


@pytest.fixture
def installation(tmp_path: Path) -> Path:
    app.build(tmp_path).close()
    return tmp_path


def test_the_parser_loads_no_backend_and_nothing_deferred() -> None:
    code = "from counter_app.cli.parser import build_parser\nbuild_parser()"
    assert loaded_after(code, *DEFERRED, *BACKEND) == []


def test_version_loads_no_backend_and_nothing_deferred() -> None:
    assert loaded_after(cli("--version"), *DEFERRED, *BACKEND) == []


def test_a_bare_version_loads_nothing_of_the_command_line() -> None:
    """Answered before the parser, the command line's helpers or any domain module."""
    loaded = loaded_after(cli("--version"), "argparse", "datetime", "counter_app")
    assert loaded == ["counter_app", "counter_app.cli", "counter_app.cli.example"]


def test_a_usage_error_loads_no_backend() -> None:
    assert loaded_after(cli("search"), *DEFERRED, *BACKEND) == []


def test_search_opens_the_store_and_nothing_deferred(installation: Path) -> None:
    code = cli("--data-dir", str(installation), "search", "nguyen")
    # sqlite-utils too: it only applies migrations, and there are none to apply here.
    # Nor the parser, the event log (a search writes no event) or uuid (its platform),
    # nor dataclasses (inspect, ast, dis...: its value classes are records) or typing
    # (TYPE_CHECKING is a local False where a search passes).
    later = ("sqlite_utils", "argparse", "counter_app.cli.parser", "counter_app.storage.events")
    standard = ("uuid", "dataclasses", "inspect", "typing")
    assert loaded_after(code, *DEFERRED, *later, *standard) == []
    assert loaded_after(code, "counter_app.storage") != []  # the check sees a real import


def test_the_sync_status_reads_the_store_without_the_client(installation: Path) -> None:
    from counter_app.services import sync_state
    from counter_app.storage import outbox
    from counter_app.storage.database import transaction

    services = app.build(installation)
    try:
        with transaction(services.db):  # as an enrolment leaves it
            outbox.put(services.db, sync_state.SERVER_KEY, "http://127.0.0.1:9")  # refused at once
            outbox.put(services.db, sync_state.TOKEN_KEY, "a-token")
    finally:
        services.close()
    status = cli("--data-dir", str(installation), "sync", "--status")
    client = ("httpx", "pydantic", "counter_app.sync", "counter_app.services.sync_changes")
    assert loaded_after(status, *client) == []
    assert loaded_after(status, "counter_app.services.sync_state") != []  # it did run
    assert loaded_after(cli("--data-dir", str(installation), "sync", "--once"), "httpx") != []


@pytest.mark.parametrize("command", [["account", "list"], ["unit", "show"]])
def test_commands_that_check_no_password_load_no_argon2(
    installation: Path, command: list[str]
) -> None:
    code = cli("--data-dir", str(installation), *command)
    assert loaded_after(code, "argon2") == []
    assert loaded_after(code, "counter_app.services.accounts") != []


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "--limit", "5", "an"],
        ["search", "-x"],
        ["search", "--", "an"],
        ["--data-dir=d", "search", "an"],
        ["--data", "d", "search", "an"],
        ["--data-dir", "-d", "search", "an"],
        ["search"],
        ["search", "an", "more"],
        ["search", "-h"],
        ["-h", "search", "an"],
        ["dossier", "show", "an"],
    ],
)
def test_only_a_plain_search_skips_the_parser(argv: list[str]) -> None:
    assert plain_search(argv) is None


def test_a_plain_search_reads_as_the_parser_reads_it() -> None:
    from counter_app.cli.parser import parse

    for argv in (["search", "Nguyễn Văn"], ["--data-dir", "d", "search", ""]):
        quick, parsed = plain_search(argv), parse(argv)
        assert quick is not None
        assert vars(quick) == vars(parsed)


@pytest.mark.parametrize(
    "argv",
    [
        ["gui"],
        ["--data-dir"],
        ["--data-dir=d"],
        ["--data", "d"],
        ["--data-dir", "-d"],
        ["--data-dir", "d", "gui"],
        ["-h"],
        ["--version", "--data-dir", "d"],
        ["d"],
    ],
)
def test_only_a_plain_start_of_the_window_skips_the_parser(argv: list[str]) -> None:
    assert plain_gui(argv) is None


def test_a_plain_start_of_the_window_reads_as_the_parser_reads_it() -> None:
    from counter_app.cli.parser import parse

    for argv in ([], ["--data-dir", "d"], ["--data-dir", "Thư mục"]):
        quick, parsed = plain_gui(argv), parse(argv)
        assert quick is not None
        assert vars(quick) == vars(parsed)
    # An empty folder: the parser refuses it at once, the quick path in the handler.
    with pytest.raises(UsageError, match="--data-dir is empty"):
        parse(["--data-dir", ""])
    empty = plain_gui(["--data-dir", ""])
    assert empty is not None
    with pytest.raises(UsageError, match="--data-dir is empty"):
        data_folder(empty)


def test_the_counter_window_starts_without_pdf_qr_or_holiday_rules(installation: Path) -> None:
    code = (
        "from datetime import datetime\n"
        "from pathlib import Path\n"
        "from counter_app import app\n"
        "from counter_app.domain.clock import VIETNAM, FakeClock\n"
        "clock = FakeClock(datetime(2026, 11, 30, 9, 0, tzinfo=VIETNAM))  # an announced year\n"
        f"services = app.build(Path({str(installation)!r}), clock)\n"
        "from counter_app.ui.main import application\n"
        "from counter_app.ui.main_window import MainWindow\n"
        "qt = application()\n"
        "window = MainWindow(services, services.accounts.officers()[0])\n"
        "window.show()\n"
        "qt.processEvents()\n"
        "window.close()\n"
        "services.close()"
    )
    deferred = [name for name in DEFERRED if name != "PySide6"]
    assert loaded_after(code, *deferred) == []


def test_the_parser_defaults_to_the_first_administrator() -> None:
    assert DEFAULT_OFFICER == ADMIN_USERNAME


def test_the_procedures_table_is_built_when_its_tab_opens(qtbot: Any, services: Services) -> None:
    from PySide6.QtWidgets import QTableView

    from counter_app.ui.main_window import MainWindow

    window = MainWindow(services, services.accounts.officers()[0])
    qtbot.addWidget(window)
    page = window.tabs.widget(1)
    assert page.findChild(QTableView) is None  # not on the first screen
    window.tabs.setCurrentIndex(1)
    view = page.findChild(QTableView)
    assert view is not None
    assert view.model() is window.catalogue
    assert view.model().rowCount() == 14
    window.tabs.setCurrentIndex(0)
    window.tabs.setCurrentIndex(1)
    assert len(page.findChildren(QTableView)) == 1  # built once
    window.close()


# The Python enums PySide6 has made so far, by the class or namespace that holds them
# (it makes a class's enums when the class is first used).
ENUM_OWNERS = (
    "import enum\n"
    "def made(kind=enum.Enum):\n"
    "    for sub in kind.__subclasses__():\n"
    "        yield sub\n"
    "        yield from made(sub)\n"
    "print(json.dumps(sorted({c.__qualname__.split('.')[0] for c in made()"
    " if c.__module__.startswith('PySide6')})))"
)


def test_the_login_dialogs_buttons_make_no_enums_of_the_qt_namespace() -> None:
    """The flags of two standard buttons at once (``Ok | Cancel``) made PySide6 create
    the ~90 enums of the whole ``Qt`` namespace, some 45 ms before the login showed."""
    code = (
        "import json\n"
        "from PySide6.QtWidgets import QApplication, QDialog, QVBoxLayout\n"
        "app = QApplication([])\n"
        "from counter_app.ui.dialogs import ok_cancel\n"
        "dialog = QDialog()\n"
        "QVBoxLayout(dialog).addWidget(ok_cancel('Đăng nhập', dialog.accept, dialog.reject))\n"
        + ENUM_OWNERS
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    owners = json.loads(done.stdout.strip().splitlines()[-1])
    assert "QDialogButtonBox" in owners  # the probe sees the enums PySide6 makes
    assert "Qt" not in owners
