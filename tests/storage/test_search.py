"""Search ignores diacritics and case, maps đ→d, and lets no FTS syntax through."""

from __future__ import annotations

import copy

import pytest

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.reception import parse_reception
from counter_app.storage.dossiers import fts_query

PEOPLE = [
    ("Nguyễn Văn Đức", "001090123456", "0912345678"),
    ("Trần Thị Bích Ngọc", "079301004321", "0987654321"),
    ("Đỗ Minh Dũng", "038089000777", "0351112222"),
]


@pytest.fixture
def codes(services: Services) -> dict[str, str]:
    found = {}
    for name, id_number, phone in PEOPLE:
        doc = copy.deepcopy(EXAMPLE_RECEPTION)
        doc["applicant"] = {"full_name": name, "id_number": id_number, "phone": phone}
        found[name] = services.reception.receive(parse_reception(doc), "admin").code
    return found


def names(services: Services, text: str) -> list[str]:
    return [d.applicant.full_name for d in services.dossiers.search(text)]


def test_name_without_diacritics(services: Services, codes: dict[str, str]) -> None:
    assert names(services, "nguyen van duc") == ["Nguyễn Văn Đức"]
    assert names(services, "NGUYEN VAN DUC") == ["Nguyễn Văn Đức"]
    assert names(services, "Nguyễn Văn Đức") == ["Nguyễn Văn Đức"]


def test_d_with_stroke_folds_to_d(services: Services, codes: dict[str, str]) -> None:
    assert names(services, "do minh dung") == ["Đỗ Minh Dũng"]
    assert names(services, "đỗ") == ["Đỗ Minh Dũng"]


def test_nfd_query(services: Services, codes: dict[str, str]) -> None:
    import unicodedata

    assert names(services, unicodedata.normalize("NFD", "Trần Thị Bích Ngọc")) == [
        "Trần Thị Bích Ngọc"
    ]


def test_prefixes_of_words(services: Services, codes: dict[str, str]) -> None:
    assert names(services, "ngoc tr") == ["Trần Thị Bích Ngọc"]
    assert names(services, "0987") == ["Trần Thị Bích Ngọc"]
    assert names(services, "038089000777") == ["Đỗ Minh Dũng"]


def test_by_dossier_code(services: Services, codes: dict[str, str]) -> None:
    code = codes["Đỗ Minh Dũng"]
    assert names(services, code) == ["Đỗ Minh Dũng"]
    assert names(services, code.lower()) == ["Đỗ Minh Dũng"]


def test_newest_first_and_no_match(services: Services, codes: dict[str, str]) -> None:
    assert names(services, "z99") == ["Đỗ Minh Dũng", "Trần Thị Bích Ngọc", "Nguyễn Văn Đức"]
    assert names(services, "nguyen thi duc") == []


@pytest.mark.parametrize(
    "hostile", ['"', "OR", "a OR b", "NEAR(a b)", "*", "text:abc", "-", "'; DROP TABLE x; --", ""]
)
def test_fts_syntax_cannot_get_through(
    services: Services, codes: dict[str, str], hostile: str
) -> None:
    services.dossiers.search(hostile)  # must not raise an SQLite error


def test_query_building() -> None:
    assert fts_query("Nguyễn Văn-Đức") == '"nguyen"* "van"* "duc"*'
    assert fts_query('  " * ') == ""
