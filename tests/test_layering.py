"""DESIGN.md §4 as a test: dependencies point one way, Qt stays in the UI."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# What each layer may import from the project (besides itself).
ALLOWED = {
    "counter_app.domain": {"counter_app.domain"},
    "counter_app.storage": {"counter_app.domain"},
    "counter_app.sync": {"counter_app.domain"},
    "printers": set(),
    # The queue's client-side rules: the board's voice (clips shipped in resources/).
    "counter_app.queue": {"counter_app.domain", "counter_app.sync", "counter_app.paths"},
    "counter_app.papers": {"counter_app.domain", "printers"},
    "counter_app.services": {
        "counter_app.domain",
        "counter_app.storage",
        "counter_app.sync",
        "counter_app.papers",
        "printers",
    },
    # The server shares the wire schemas and the pure rules (the hash chain, transfer
    # references) with the counter, the way an answer is read whole (its forwarder is a
    # client of the city), and the shipped resources (the catalogue a new ward's queue
    # areas come from), nothing else of it.
    "central": {
        "counter_app.sync.wire",
        "counter_app.sync.queue_wire",
        "counter_app.sync.answers",
        "counter_app.domain",
        "counter_app.paths",
    },
    # A widget slot calls one service method: the UI reaches storage, printers and
    # papers only through the services (and the composition root that wires them).
    "counter_app.ui": {
        "counter_app.domain",
        "counter_app.services",
        "counter_app.queue",
        "counter_app.app",
        "counter_app.paths",
    },
}
PROJECT = ("counter_app", "printers", "central")
DOMAIN_THIRD_PARTY = {"holidays"}


def modules(package: str) -> list[Path]:
    return sorted((REPO / package.replace(".", "/")).rglob("*.py"))


def imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def layer_of(name: str) -> str | None:
    return next((layer for layer in ALLOWED if name == layer or name.startswith(layer + ".")), None)


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layers_import_only_downwards(layer: str) -> None:
    wrong = []
    for path in modules(layer):
        for name in imports(path):
            if not name.startswith(PROJECT) or layer_of(name) == layer:
                continue
            if not any(name == ok or name.startswith(ok + ".") for ok in ALLOWED[layer]):
                wrong.append(f"{path.relative_to(REPO)} imports {name}")
    assert wrong == []


def test_qt_only_in_the_ui() -> None:
    outside = [
        f"{path.relative_to(REPO)} imports {name}"
        for package in PROJECT
        for path in modules(package)
        if "counter_app/ui/" not in path.as_posix()
        for name in imports(path)
        if name.split(".")[0] == "PySide6"
    ]
    assert outside == []


def test_domain_uses_only_the_standard_library() -> None:
    stdlib = sys.stdlib_module_names
    foreign = [
        f"{path.relative_to(REPO)} imports {name}"
        for path in modules("counter_app.domain")
        for name in imports(path)
        if name.split(".")[0] not in stdlib | DOMAIN_THIRD_PARTY | {"counter_app", "__future__"}
    ]
    assert foreign == []


def test_the_check_sees_a_wrong_arrow(tmp_path: Path) -> None:
    """The walker itself: an upward import is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("from counter_app.ui.main import run\nimport PySide6.QtCore\n")
    assert imports(bad) == ["counter_app.ui.main", "PySide6.QtCore"]
    assert layer_of("counter_app.ui.main") == "counter_app.ui"
    assert layer_of("counter_app.cli.common") is None  # an edge, like the app's root
    assert layer_of("counter_app.storage.events") == "counter_app.storage"
    ui_reaching_storage = "counter_app.storage.dossiers"
    assert not any(
        ui_reaching_storage == ok or ui_reaching_storage.startswith(ok + ".")
        for ok in ALLOWED["counter_app.ui"]
    )
