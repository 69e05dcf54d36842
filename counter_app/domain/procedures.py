"""The procedure catalogue: what the counter accepts, what it needs, what it costs.

Procedures, their documents, time limits and fees differ by province and change
(DOMAIN.md §5), so the catalogue is versioned data with effective dates that the
central system syncs and an administrator edits. The caller reads the file or the
database; this module only checks and answers questions about the parsed data::

    {"format": 1, "procedures": [{
        "code": "1.001193", "version": 1, "effective_from": "2025-07-01",
        "effective_to": "2026-12-31",                 # optional, last day in force
        "name": "Đăng ký khai sinh", "field": "Hộ tịch",
        "time_limit": {"same_day": true,              # or {"days": "3"}
                       "cutoff": "15:00", "cutoff_source": "Luật Hộ tịch 2014, ..."},
                                                      # cutoff: optional, with its source
        "time_limit_note": "...", "result_note": "...",   # optional
        "documents": [{"name": "Giấy chứng sinh", "form": "original",
                       "count": 1, "optional": false}],  # count, optional: optional
        "fees": {"rules": [...], "exemptions": [...]}    # see counter_app.domain.fees
    }]}

Versions of one code may not overlap. A version without ``effective_to`` stays in
force until the next version of its code starts, so publishing a new fee is adding a
version, not editing the old one; a gap between versions means "not in force".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Any

from counter_app.domain.calendar import TimeLimit
from counter_app.domain.errors import DomainError
from counter_app.domain.fees import FeeSchedule
from counter_app.domain.records import record
from counter_app.domain.text import clean, fold

FORMAT = 1
CODE = re.compile(r"\d\.\d{6}")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_TEXT = 500
MAX_COUNT = 99

_REQUIRED = frozenset(
    {"code", "version", "effective_from", "name", "field", "time_limit", "documents", "fees"}
)
_OPTIONAL = frozenset({"effective_to", "time_limit_note", "result_note"})
_DOCUMENT_KEYS = frozenset({"name", "form", "count", "optional"})


class DocumentForm(StrEnum):
    """In what form a document is handed in; printed on the receipt."""

    ORIGINAL = "original"  # bản chính, kept in the dossier
    CERTIFIED_COPY = "certified_copy"  # bản sao có chứng thực or từ sổ gốc
    COPY = "copy"  # bản sao, bản chụp (photocopy)
    ORIGINAL_OR_CERTIFIED_COPY = "original_or_certified_copy"
    PRESENTED = "presented"  # xuất trình: shown for checking, handed back


@record(frozen=True)
class RequiredDocument:
    name: str
    form: DocumentForm
    count: int = 1
    optional: bool = False

    def __post_init__(self) -> None:
        _set_text(self, "name")
        if not isinstance(self.form, DocumentForm):
            raise _invalid_document(self.name, f"unknown form {self.form!r}")
        if not _is_int(self.count) or not 1 <= self.count <= MAX_COUNT:
            raise _invalid_document(self.name, f"count must be from 1 to {MAX_COUNT}")
        if not isinstance(self.optional, bool):
            raise _invalid_document(self.name, "optional must be true or false")

    @classmethod
    def from_data(cls, data: object) -> RequiredDocument:
        if not isinstance(data, Mapping):
            raise _invalid_document("?", "a document must be an object")
        _refuse_unknown(data, _DOCUMENT_KEYS, "document")
        form = data.get("form")
        if form not in [str(item) for item in DocumentForm]:
            raise _invalid_document(str(data.get("name")), f"unknown form {form!r}")
        return cls(
            data.get("name", ""),
            DocumentForm(form),
            data.get("count", 1),
            data.get("optional", False),
        )

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "form": str(self.form),
            "count": self.count,
            "optional": self.optional,
        }


@record(frozen=True)
class Procedure:
    """One version of a national procedure as this office runs it."""

    code: str  # national procedure code, e.g. "1.001193"
    name: str
    field: str  # lĩnh vực: "Hộ tịch", "Chứng thực", "Cư trú"...
    time_limit: TimeLimit
    documents: tuple[RequiredDocument, ...]
    fees: FeeSchedule
    version: int
    effective_from: date
    effective_to: date | None = None  # last day in force; None: until the next version
    time_limit_note: str = ""  # e.g. "up to 5 working days when checks are needed"
    result_note: str = ""  # what the citizen receives

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not CODE.fullmatch(self.code):
            raise _invalid(f"the code {self.code!r} does not look like 1.001193")
        if not _is_int(self.version) or self.version < 1:
            raise _invalid("the version must be a whole number from 1")
        for name in ("name", "field"):
            _set_text(self, name)
        for name in ("time_limit_note", "result_note"):
            _set_text(self, name, required=False)
        if self.effective_to is not None and not self.effective_from <= self.effective_to:
            raise _invalid("effective_to is before effective_from")

    @classmethod
    def from_data(cls, data: object) -> Procedure:
        """Parse one catalogue entry; errors name the code and version."""
        if not isinstance(data, Mapping):
            raise _invalid("a procedure must be an object")
        code, version = data.get("code", "?"), data.get("version", "?")
        try:
            return _parse_procedure(data)
        except DomainError as error:
            raise DomainError(
                error.code,
                f"procedure {code} version {version}: {error.message}",
                **{**error.params, "procedure": code, "version": version},
            ) from None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "version": self.version,
            "effective_from": self.effective_from.isoformat(),
            "name": self.name,
            "field": self.field,
            "time_limit": self.time_limit.to_data(),
            "documents": [document.to_data() for document in self.documents],
            "fees": self.fees.to_data(),
        }
        if self.effective_to is not None:
            data["effective_to"] = self.effective_to.isoformat()
        for name in ("time_limit_note", "result_note"):
            if value := getattr(self, name):
                data[name] = value
        return data


class Catalogue:
    """All versions of all procedures, answering "which version applies on this day"."""

    def __init__(self, procedures: Iterable[Procedure]) -> None:
        by_code: dict[str, list[Procedure]] = {}
        for procedure in procedures:
            by_code.setdefault(procedure.code, []).append(procedure)
        self._periods: dict[str, list[tuple[Procedure, date | None]]] = {
            code: _periods(code, versions) for code, versions in sorted(by_code.items())
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Catalogue:
        """Build from the parsed ``procedures.json`` (see the module docstring)."""
        if not isinstance(data, Mapping) or set(data) != {"format", "procedures"}:
            raise DomainError(
                "catalogue_invalid", "a catalogue is an object with format and procedures"
            )
        if data["format"] != FORMAT or isinstance(data["format"], bool):
            raise DomainError(
                "catalogue_format_unsupported",
                f"catalogue format {data['format']!r} is not {FORMAT}",
                format=data["format"],
            )
        if not isinstance(data["procedures"], list):
            raise DomainError("catalogue_invalid", "procedures must be a list")
        return cls(Procedure.from_data(item) for item in data["procedures"])

    def to_data(self) -> dict[str, Any]:
        return {"format": FORMAT, "procedures": [p.to_data() for p in self.versions()]}

    def versions(self) -> list[Procedure]:
        """Every version of every procedure, by code then version."""
        return [procedure for periods in self._periods.values() for procedure, _ in periods]

    def get(self, code: str, on: date) -> Procedure:
        """The version of ``code`` in force on ``on``."""
        periods = self._periods.get(code)
        if periods is None:
            raise DomainError("procedure_unknown", f"no procedure {code!r}", procedure=code)
        for procedure, last_day in periods:
            if procedure.effective_from <= on and (last_day is None or on <= last_day):
                return procedure
        raise DomainError(
            "procedure_not_in_force",
            f"procedure {code} is not in force on {on.isoformat()}",
            procedure=code,
            on=on.isoformat(),
        )

    def in_force(self, on: date) -> list[Procedure]:
        """The procedures the counter can accept on ``on``, by field then code."""
        found = []
        for code in self._periods:
            try:
                found.append(self.get(code, on))
            except DomainError:
                continue  # abolished or not yet in force on that day
        return sorted(found, key=lambda p: (fold(p.field), p.code))

    def search(self, text: str, on: date) -> list[Procedure]:
        """Procedures in force matching a code prefix or words typed without diacritics.

        Names that start with the query come first, then names or fields containing it
        as a phrase, then those containing all its words in any order.
        """
        query = fold(text)
        candidates = self.in_force(on)
        digits = query.replace(".", "")
        if digits.isdigit():
            return [p for p in candidates if p.code.replace(".", "").startswith(digits)]
        ranked = [(rank, p) for p in candidates if (rank := _rank(query, p)) is not None]
        return [p for _, p in sorted(ranked, key=lambda item: item[0])]


def _rank(query: str, procedure: Procedure) -> int | None:
    name, haystack = fold(procedure.name), fold(f"{procedure.name} {procedure.field}")
    if name.startswith(query):
        return 0
    if query in haystack:
        return 1
    if all(word in haystack for word in query.split()):
        return 2
    return None


def _periods(code: str, versions: list[Procedure]) -> list[tuple[Procedure, date | None]]:
    """Each version with its last day in force; refuses duplicates and overlaps."""
    numbers = [procedure.version for procedure in versions]
    for number in numbers:
        if numbers.count(number) > 1:
            raise DomainError(
                "catalogue_duplicate_version",
                f"procedure {code} version {number} appears twice",
                procedure=code,
                version=number,
            )
    ordered = sorted(versions, key=lambda p: p.effective_from)
    for earlier, later in pairwise(ordered):
        _check_succession(earlier, later)
    ends = [p.effective_from - timedelta(days=1) for p in ordered[1:]] + [None]
    return sorted(
        ((p, p.effective_to or end) for p, end in zip(ordered, ends, strict=True)),
        key=lambda period: period[0].version,
    )


def _check_succession(earlier: Procedure, later: Procedure) -> None:
    params = {"procedure": earlier.code, "versions": [earlier.version, later.version]}
    last_day = earlier.effective_to
    if earlier.effective_from == later.effective_from or (
        last_day is not None and last_day >= later.effective_from
    ):
        raise DomainError(
            "catalogue_versions_overlap",
            f"procedure {earlier.code}: versions {earlier.version} and {later.version} overlap",
            **params,
        )
    if later.version < earlier.version:
        raise DomainError(
            "catalogue_versions_out_of_order",
            f"procedure {earlier.code}: version {later.version} starts after"
            f" version {earlier.version}",
            **params,
        )


def _parse_procedure(data: Mapping[str, Any]) -> Procedure:
    _refuse_unknown(data, _REQUIRED | _OPTIONAL, "procedure")
    missing = sorted(_REQUIRED - set(data))
    if missing:
        raise _invalid(f"missing keys {missing}")
    if not isinstance(data["documents"], list):
        raise _invalid("documents must be a list")
    return Procedure(
        code=data["code"],
        name=data["name"],
        field=data["field"],
        time_limit=TimeLimit.from_data(data["time_limit"]),
        documents=tuple(RequiredDocument.from_data(item) for item in data["documents"]),
        fees=FeeSchedule.from_data(data["fees"]),
        version=data["version"],
        effective_from=_parse_date(data["effective_from"], "effective_from"),
        effective_to=_parse_optional_date(data.get("effective_to")),
        time_limit_note=data.get("time_limit_note", ""),
        result_note=data.get("result_note", ""),
    )


def _parse_date(value: object, key: str) -> date:
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass  # 2025-02-30
    raise _invalid(f"{key} {value!r} is not a YYYY-MM-DD date")


def _parse_optional_date(value: object) -> date | None:
    return None if value is None else _parse_date(value, "effective_to")


def _set_text(owner: object, attribute: str, required: bool = True) -> None:
    """Store the attribute NFC-cleaned: text arrives in NFD from some editors and scanners."""
    value = getattr(owner, attribute)
    text = clean(value) if isinstance(value, str) else None
    if text is None or len(text) > MAX_TEXT or (required and not text):
        raise _invalid(f"{attribute} must be text of {int(required)} to {MAX_TEXT} characters")
    object.__setattr__(owner, attribute, text)


def _refuse_unknown(data: Mapping[str, Any], allowed: frozenset[str], what: str) -> None:
    # A misspelt key ("efective_to") would otherwise be ignored silently.
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _invalid(f"{what}: unknown keys {unknown}")


def _invalid(problem: str) -> DomainError:
    return DomainError("procedure_invalid", problem, problem=problem)


def _invalid_document(name: str, problem: str) -> DomainError:
    return DomainError(
        "procedure_invalid", f"document {name!r}: {problem}", document=name, problem=problem
    )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
