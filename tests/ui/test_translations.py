"""The Vietnamese catalogue is complete, NFC, and in step with the code's strings."""

from __future__ import annotations

import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "i18n" / "counter_app_vi.ts"


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): message
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_every_string_is_translated_in_nfc() -> None:
    for (context, source), message in messages(TS).items():
        translation = message.find("translation")
        assert translation is not None
        assert translation.get("type") not in {"unfinished", "obsolete", "vanished"}, source
        texts = [translation.text or ""] + [f.text or "" for f in translation.iter("numerusform")]
        text = "".join(texts)
        assert text.strip(), f"{context}: {source!r} has no translation"
        assert unicodedata.is_normalized("NFC", text), source


def test_catalogue_is_in_step_with_the_code(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        lupdate = Path(shutil.which("pyside6-lupdate") or "pyside6-lupdate")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (REPO / "counter_app" / "ui").glob("*.py"))
    subprocess.run([str(lupdate), "-silent", *sources, "-ts", str(fresh)], check=True)
    assert set(messages(fresh)) == set(messages(TS)), "run 'make translations'"
