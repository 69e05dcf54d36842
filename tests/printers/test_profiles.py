"""The shipped printer profiles, and clear errors for broken profile files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from printers.profiles import (
    EncodingCandidate,
    PrinterProfile,
    ProfileError,
    load_profiles,
    parse_profile,
)

GOOD: dict[str, Any] = {
    "name": "test",
    "label": "Test",
    "paper_mm": 80,
    "encoding": "tcvn3",
    "code_pages": {"tcvn3": 30, "tcvn3_capitals": 31},
    "candidates": ["tcvn3@30/31", "unaccented"],
}


def test_the_shipped_profiles(profiles: dict[str, PrinterProfile]) -> None:
    expected = {"epson-tm-t82", "epson-tm-t20", "citizen", "bixolon-srp-350", "hprt",
                "rongta", "xprinter-80", "xprinter-58", "pos-58"}  # fmt: skip
    assert expected <= set(profiles)
    assert profiles["epson-tm-t82"].text_encoding.name == "tcvn3@30/31"
    assert profiles["bixolon-srp-350"].page_tables() == {49: "tcvn3", 50: "tcvn3_capitals",
                                                          41: "cp1258"}  # fmt: skip
    assert profiles["hprt"].text_encoding.name == "cp1258@52"
    assert profiles["rongta"].text_encoding.name == "cp1258@35"
    assert "cp1258@27" in [c.name for c in profiles["xprinter-58"].candidates]
    pos = profiles["pos-58"]
    assert (pos.dots, pos.columns, pos.leave_chinese, pos.native_qr) == (384, 32, True, False)
    for profile in profiles.values():
        assert (profile.dots, profile.columns) == {58: (384, 32), 80: (576, 48)}[profile.paper_mm]
        assert profile.candidates[-1].name == "unaccented"


def test_choose_a_candidate_from_the_self_test(profiles: dict[str, PrinterProfile]) -> None:
    chosen = profiles["pos-58"].choose("cp1258@94")
    assert chosen.text_encoding == EncodingCandidate("cp1258", (94,))
    assert profiles["pos-58"].encoding == "raster"  # the original is untouched
    with pytest.raises(ProfileError, match="unknown encoding"):
        profiles["pos-58"].choose("utf8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"paper_mm": 76}, "paper_mm must be 58 or 80"),
        ({"paper_mm": "80"}, "'paper_mm' must be int"),
        ({"dots": 512}, "576 dots"),
        ({"encoding": "utf8"}, "encoding must be one of"),
        ({"cut": "half"}, "cut must be one of"),
        ({"code_pages": {"tcvn3": 30}}, "needs code page 'tcvn3_capitals'"),
        ({"code_pages": {"tcvn3": 30, "tcvn3_capitals": 300}}, "must be 0-255"),
        ({"code_pages": {"vni": 1, "tcvn3": 30, "tcvn3_capitals": 31}}, "unknown code page slot"),
        ({"candidates": ["cp1258@30"]}, "code page 30 is both tcvn3 and cp1258"),
        ({"candidates": ["cp1258"]}, "needs 1 code page"),
        ({"candidates": ["cp1258@x"]}, "must be numbers"),
        ({"label": None}, "'label' must be str"),
    ],
)
def test_a_broken_profile_names_its_fault(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ProfileError, match=message) as caught:
        parse_profile({**GOOD, **change})
    assert "test" in str(caught.value)


def test_missing_fields_are_named() -> None:
    raw = {key: value for key, value in GOOD.items() if key != "encoding"}
    with pytest.raises(ProfileError, match="missing 'encoding'"):
        parse_profile(raw)


def test_broken_files(tmp_path: Path) -> None:
    path = tmp_path / "profiles.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ProfileError, match="cannot read printer profiles"):
        load_profiles(path)
    path.write_text(json.dumps({"profiles": {}}), encoding="utf-8")
    with pytest.raises(ProfileError, match="'profiles' list"):
        load_profiles(path)
    path.write_text(json.dumps({"profiles": [GOOD, GOOD]}), encoding="utf-8")
    with pytest.raises(ProfileError, match="appears twice"):
        load_profiles(path)
    with pytest.raises(ProfileError, match="cannot read"):
        load_profiles(tmp_path / "absent.json")
