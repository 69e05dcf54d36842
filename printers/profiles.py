"""Printer models as data: how each one writes Vietnamese, QR codes and cuts.

Code-page numbers differ by vendor and cheap clones are undocumented (DOMAIN.md §8),
so the profiles live in ``resources/printers/profiles.json`` where support can fix a
slot without a release, and each profile lists the encodings its self-test page tries.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ENCODINGS = ("tcvn3", "cp1258", "raster", "unaccented")
CUTS = ("partial", "full", "none")
PAPERS = {58: (384, 32), 80: (576, 48)}  # paper width -> (dots, Font A columns)
SLOT_NAMES = ("tcvn3", "tcvn3_capitals", "cp1258")


class ProfileError(ValueError):
    """A profile file that cannot be used, with the profile and field at fault."""


@dataclass(frozen=True)
class EncodingCandidate:
    """One way of writing Vietnamese: "tcvn3@30/31", "cp1258@52", "raster", "unaccented"."""

    encoding: str
    pages: tuple[int, ...] = ()

    @property
    def name(self) -> str:
        if not self.pages:
            return self.encoding
        return f"{self.encoding}@{'/'.join(str(page) for page in self.pages)}"

    @classmethod
    def parse(cls, text: str) -> EncodingCandidate:
        encoding, _, pages = text.partition("@")
        if encoding not in ENCODINGS:
            raise ProfileError(f"unknown encoding {encoding!r} in {text!r}")
        try:
            numbers = tuple(int(page) for page in pages.split("/")) if pages else ()
        except ValueError:
            raise ProfileError(f"code pages must be numbers in {text!r}") from None
        expected = {"tcvn3": 2, "cp1258": 1}.get(encoding, 0)
        if len(numbers) != expected or any(not 0 <= page <= 255 for page in numbers):
            raise ProfileError(f"{text!r} needs {expected} code page(s) between 0 and 255")
        return cls(encoding, numbers)


@dataclass(frozen=True)
class PrinterProfile:
    name: str
    label: str
    paper_mm: int
    dots: int
    columns: int
    encoding: str
    code_pages: Mapping[str, int] = field(default_factory=dict)
    native_qr: bool = True
    cut: str = "partial"
    leave_chinese: bool = False
    candidates: tuple[EncodingCandidate, ...] = ()

    @property
    def text_encoding(self) -> EncodingCandidate:
        """The profile's own way of writing text, with its code pages."""
        if self.encoding == "tcvn3":
            pages = (self.code_pages["tcvn3"], self.code_pages["tcvn3_capitals"])
            return EncodingCandidate("tcvn3", pages)
        if self.encoding == "cp1258":
            return EncodingCandidate("cp1258", (self.code_pages["cp1258"],))
        return EncodingCandidate(self.encoding)

    def page_tables(self) -> dict[int, str]:
        """Which table each code page slot holds, for decoding what was printed."""
        tables = {page: slot for slot, page in self.code_pages.items()}
        for candidate in self.candidates:
            if candidate.encoding == "tcvn3":
                tables[candidate.pages[0]] = "tcvn3"
                tables[candidate.pages[1]] = "tcvn3_capitals"
            elif candidate.encoding == "cp1258":
                tables[candidate.pages[0]] = "cp1258"
        return tables

    def choose(self, candidate: str) -> PrinterProfile:
        """The same printer writing text the way the installer picked on the self-test."""
        chosen = EncodingCandidate.parse(candidate)
        pages = dict(self.code_pages)
        if chosen.encoding == "tcvn3":
            pages["tcvn3"], pages["tcvn3_capitals"] = chosen.pages
        elif chosen.encoding == "cp1258":
            pages["cp1258"] = chosen.pages[0]
        updated = replace(self, encoding=chosen.encoding, code_pages=pages)
        _check_tables(updated)
        return updated


def _require(raw: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in raw:
        raise ProfileError(f"{where}: missing {key!r}")
    value = raw[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ProfileError(f"{where}: {key!r} must be {kind.__name__}, not {value!r}")
    return value


def _code_pages(raw: Any, where: str) -> dict[str, int]:
    if not isinstance(raw, dict):
        raise ProfileError(f"{where}: 'code_pages' must be an object")
    for slot, page in raw.items():
        if slot not in SLOT_NAMES:
            raise ProfileError(f"{where}: unknown code page slot {slot!r}")
        if not isinstance(page, int) or isinstance(page, bool) or not 0 <= page <= 255:
            raise ProfileError(f"{where}: code page {slot!r} must be 0-255, not {page!r}")
    return dict(raw)


def _check_tables(profile: PrinterProfile) -> None:
    where = f"profile {profile.name!r}"
    needed = {"tcvn3": ("tcvn3", "tcvn3_capitals"), "cp1258": ("cp1258",)}
    for slot in needed.get(profile.encoding, ()):
        if slot not in profile.code_pages:
            raise ProfileError(f"{where}: encoding {profile.encoding} needs code page {slot!r}")
    seen: dict[int, str] = {}
    pairs = [(page, slot) for slot, page in profile.code_pages.items()]
    for candidate in profile.candidates:
        slots = ("tcvn3", "tcvn3_capitals") if candidate.encoding == "tcvn3" else ("cp1258",)
        pairs += list(zip(candidate.pages, slots, strict=False))
    for page, slot in pairs:
        if seen.setdefault(page, slot) != slot:
            raise ProfileError(f"{where}: code page {page} is both {seen[page]} and {slot}")


def parse_profile(raw: Mapping[str, Any]) -> PrinterProfile:
    """One profile from its JSON object; every problem names the profile and field."""
    name = _require(raw, "name", str, "a profile")
    where = f"profile {name!r}"
    paper_mm = _require(raw, "paper_mm", int, where)
    if paper_mm not in PAPERS:
        raise ProfileError(f"{where}: paper_mm must be 58 or 80, not {paper_mm}")
    dots, columns = PAPERS[paper_mm]
    if raw.get("dots", dots) != dots or raw.get("columns", columns) != columns:
        raise ProfileError(f"{where}: {paper_mm} mm paper is {dots} dots and {columns} columns")
    encoding = _require(raw, "encoding", str, where)
    cut = raw.get("cut", "partial")
    if encoding not in ENCODINGS:
        raise ProfileError(f"{where}: encoding must be one of {', '.join(ENCODINGS)}")
    if cut not in CUTS:
        raise ProfileError(f"{where}: cut must be one of {', '.join(CUTS)}")
    try:
        candidates = tuple(EncodingCandidate.parse(c) for c in raw.get("candidates", []))
    except ProfileError as error:
        raise ProfileError(f"{where}: {error}") from None
    profile = PrinterProfile(
        name=name,
        label=_require(raw, "label", str, where),
        paper_mm=paper_mm,
        dots=dots,
        columns=columns,
        encoding=encoding,
        code_pages=_code_pages(raw.get("code_pages", {}), where),
        native_qr=bool(raw.get("native_qr", True)),
        cut=cut,
        leave_chinese=bool(raw.get("leave_chinese", False)),
        candidates=candidates or (EncodingCandidate(encoding),),
    )
    _check_tables(profile)
    return profile


def load_profiles(path: Path) -> dict[str, PrinterProfile]:
    """All profiles of a profiles.json file, by name."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ProfileError(f"cannot read printer profiles {path}: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("profiles"), list):
        raise ProfileError(f"{path}: expected an object with a 'profiles' list")
    profiles: dict[str, PrinterProfile] = {}
    for raw in document["profiles"]:
        if not isinstance(raw, dict):
            raise ProfileError(f"{path}: every profile must be an object")
        profile = parse_profile(raw)
        if profile.name in profiles:
            raise ProfileError(f"{path}: profile {profile.name!r} appears twice")
        profiles[profile.name] = profile
    return profiles


def profiles_path(resource_dir: Path) -> Path:
    """Where the shipped profiles live under the application's resource directory."""
    return resource_dir / "printers" / "profiles.json"
