"""A keyboard-mode scan that lost its Vietnamese letters is refused; real cards are not."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from counter_app.domain.citizens import read_card_qr
from counter_app.domain.errors import DomainError
from counter_app.domain.lost_letters import check_letters_kept, letter_fields, lost_fragment

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "cccd-qr-samples.tsv"
TODAY = date(2026, 11, 30)


def samples(expect: str) -> list[str]:
    rows = [
        line.rstrip("\n").split("\t")
        for line in SAMPLES.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    return [qr for wanted, qr, _note in rows if wanted == expect]


def keyboard_mode(text: str) -> str:
    """What a scanner typing key codes sends: every letter without a key is dropped."""
    return "".join(char for char in unicodedata.normalize("NFC", text) if char.isascii())


def no_tone_keys(text: str) -> str:
    """A layout with keys for ă â ê ô ơ ư đ but no tone marks: the toned letters drop."""
    kept = set("ăâêôơưđĂÂÊÔƠƯĐ")
    return "".join(c for c in text if c.isascii() or c in kept)


def refusal(text: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        read_card_qr(text, TODAY)
    return caught.value


@pytest.mark.parametrize("qr", samples("ok"))
def test_the_real_samples_keep_their_letters(qr: str) -> None:
    check_letters_kept(qr)
    assert read_card_qr(qr, TODAY).card.full_name


@pytest.mark.parametrize("qr", samples("ok"))
@pytest.mark.parametrize("damage", [keyboard_mode, no_tone_keys])
def test_the_samples_with_their_letters_dropped_are_refused(qr: str, damage: object) -> None:
    assert callable(damage)
    damaged = damage(qr)
    assert damaged != qr
    error = refusal(damaged)
    assert error.code == "qr_letters_lost"
    assert error.params["fragment"] in damaged


def test_the_issue_s_scan_names_what_was_lost() -> None:
    card = "001090123456|012345678|Phạm Quang Đức|01011990|Nam|Xóm 3, Xã Đông Hội, Hà Nội|15042021"
    assert read_card_qr(card, TODAY).card.full_name == "Phạm Quang Đức"
    error = refusal(keyboard_mode(card))
    assert error.code == "qr_letters_lost"
    assert error.params == {"fragment": "Phm"}
    assert "Phm" in error.message and "USB-COM" in error.message


@pytest.mark.parametrize(
    ("name", "gender", "address", "found"),
    [
        ("Phm Quang c", "Nam", "Hà Nội", "Phm"),
        ("Nguyn Vn An", "Nam", "Hà Nội", "Vn"),
        ("PHM QUANG C", "Nam", "Hà Nội", "PHM"),  # a name in capitals: judged all the same
        ("Lê Thị Hoa", "N", "Hà Nội", "N"),  # "Nữ" without its ữ
        ("Nghch Thanh", "Nam", "Hà Nội", "Nghch"),  # the longest remnant: ngh + ch
        ("Nguyễn Văn An", "Nam", "Xm 3, Thôn Đông", "Xm"),
        ("Nguyễn Văn An", "Nam", "Số 12 ng 34", "ng"),
        # A whole word gone leaves two spaces in a field of plain ASCII.
        ("Nguyen Van An", "Nam", "So 12 Hang Bac,  Nang", "So 12 Hang Bac,  Nang"),
        ("Hoang Anh  Tuan", "Nam", "Ha Noi", "Hoang Anh  Tuan"),
        ("Nguyen Van An", "Nam", "Hoan Kiem , Ha Noi", "Hoan Kiem , Ha Noi"),
    ],
)
def test_what_counts_as_lost(name: str, gender: str, address: str, found: str) -> None:
    assert lost_fragment(name, gender, address) == found


@pytest.mark.parametrize(
    ("name", "address"),
    [
        ("H'Hen Niê", "Buôn Ko Siêr, Xã Ea Tu, Đắk Lắk"),  # Ê Đê: H' has no vowel, rightly
        ("H' Nhi Ayun", "Buôn Ale, Xã Ea Kao, Đắk Lắk"),
        ("Y Bhin Niê", "Buôn Tơng Ju, Đắk Lắk"),
        ("Nguyễn Văn A", "Lô C, KCN Tân Bình, Tp Hồ Chí Minh"),
        ("PHẠM QUANG ĐỨC", "Tổ 5, KP 3, P. Bến Nghé, Q. 1, TP. HCM"),
        ("Giàng A Páo", "Bản Sin Chải, Xã Tả Van, Lào Cai"),
        ("Kpă Thị Hnhiu", "Số 5B ngách 12/3, TDP Kiều Mai, Hà Nội"),
        ("Ksor H'Ble", "Km 15, QL 14, Xã Ia Blang, Gia Lai"),
        # Two spaces in a field that kept its letters: not a keyboard's loss.
        ("Nguyễn  Văn An", "Số 12  phố Huế, Hà Nội"),
        # Complete text without diacritics has every vowel: not lost, not judged here.
        ("Nguyen Van An", "So 12 pho Hue, Ha Noi"),
    ],
)
def test_real_names_and_addresses_are_not_flagged(name: str, address: str) -> None:
    assert lost_fragment(name, "Nữ", address) is None


def test_longer_words_and_other_genders_are_left_to_the_other_checks() -> None:
    assert lost_fragment("Nguyễn Văn An", "X", "Hà Nội") is None  # qr_bad_gender says it
    assert lost_fragment("Nguyễn Văn An", "Nam", "Thôn " + "x" * 6) is None  # no syllable


def test_the_fields_with_letters_are_name_gender_address_in_either_layout() -> None:
    seven = "001090123456|012345678|Lê Hoa|01011990|Nữ|Hà Nội|15042021"
    six = "001090123456|Lê Hoa|01011990|Nữ|Hà Nội|15042021"
    assert letter_fields(seven) == letter_fields(six) == ("Lê Hoa", "Nữ", "Hà Nội")
    assert letter_fields("001090123456|012345678|01011990") is None
    check_letters_kept("hello world")  # no card at all: the layout's check says so


def test_the_untidied_fields_are_judged() -> None:
    """The card reader tidies spaces; the check sees the scan before that."""
    card = "001090123456|012345678|Nguyen Van An|01011990|Nam|So 12 Hang Bac,  Nang|15042021"
    assert refusal(card).code == "qr_letters_lost"
    assert read_card_qr(card.replace(",  ", ", Da "), TODAY).card.address.endswith("Da Nang")
