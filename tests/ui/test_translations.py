"""The Vietnamese catalogue is complete, NFC, and in step with the code's strings; the
English one holds the plural forms of every counted string."""

from __future__ import annotations

import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "i18n" / "counter_app_vi.ts"
ENGLISH = REPO / "resources" / "i18n" / "counter_app_en.ts"


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


def fresh_catalogue(folder: Path, *options: str) -> dict[tuple[str, str], ET.Element]:
    """What ``lupdate`` finds in the code now."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        lupdate = Path(shutil.which("pyside6-lupdate") or "pyside6-lupdate")
    fresh = folder / "fresh.ts"
    sources = sorted(str(p) for p in (REPO / "counter_app" / "ui").glob("*.py"))
    subprocess.run([str(lupdate), "-silent", *options, *sources, "-ts", str(fresh)], check=True)
    return messages(fresh)


def test_catalogue_is_in_step_with_the_code(tmp_path: Path) -> None:
    assert set(fresh_catalogue(tmp_path)) == set(messages(TS)), "run 'make translations'"


def test_every_counted_string_has_its_english_singular_and_plural(tmp_path: Path) -> None:
    counted = fresh_catalogue(tmp_path, "-pluralonly")
    assert counted, "the code has counted strings (tr with a count)"
    assert set(counted) == set(messages(ENGLISH)), "run 'make translations'"
    for (_context, source), message in messages(ENGLISH).items():
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, source
        one, many = (form.text or "" for form in translation.iter("numerusform"))
        number = "%n" if "%n" in source else "%1"
        assert one.startswith(number) and many.startswith(number), source
        assert "(s)" not in one + many and one != many, source
