"""Every Vietnamese letter through every text encoding and back."""

from __future__ import annotations

import unicodedata

import pytest

from printers.decoder import decode
from printers.profiles import PrinterProfile
from printers.vietnamese import (
    TCVN3_CAPITALS,
    TCVN3_LOWER,
    CodePageState,
    Cp1258Encoder,
    Tcvn3Encoder,
    UnaccentedEncoder,
    decode_cp1258,
    decode_tcvn3,
    unaccented,
)

TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
LOWER = [unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in TONES] + ["đ"]
LETTERS = LOWER + [letter.upper() for letter in LOWER]
VIETNAMESE = [letter for letter in LETTERS if not letter.isascii()]
SENTENCE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM - Độc lập, Tự do, Hạnh phúc; Ưu tiên: ông Đỗ"


def test_the_letter_set_is_the_134_vietnamese_letters() -> None:
    assert len(set(VIETNAMESE)) == 134
    assert set(TCVN3_LOWER) | set(TCVN3_CAPITALS) == set(VIETNAMESE)


@pytest.mark.parametrize(
    ("letter", "code"),
    [
        ("à", 0xB5), ("á", 0xB8), ("â", 0xA9), ("đ", 0xAE), ("Đ", 0xA7), ("ư", 0xAD),
        ("ơ", 0xAC), ("ă", 0xA8), ("ê", 0xAA), ("ô", 0xAB), ("Â", 0xA2), ("Ă", 0xA1),
        ("ả", 0xB6), ("ạ", 0xB9), ("ặ", 0xC6), ("ố", 0xE8), ("ự", 0xF9), ("ỵ", 0xFE),
    ],
)  # fmt: skip
def test_tcvn3_known_positions(letter: str, code: int) -> None:
    assert TCVN3_LOWER[letter] == code


def test_tcvn3_capitals_share_their_lowercase_position() -> None:
    assert TCVN3_CAPITALS["À"] == TCVN3_LOWER["à"] == 0xB5
    assert TCVN3_CAPITALS["Ự"] == TCVN3_LOWER["ự"]
    encoded = Tcvn3Encoder(30, 31).encode("Ầa", CodePageState(30))
    assert encoded == b"\x1bt\x1f\xc7a"  # capitals page for À-like letters, ASCII stays


def test_tcvn3_switches_pages_only_when_needed() -> None:
    state = CodePageState(30)
    encoded = Tcvn3Encoder(30, 31).encode("ĐỒNG XUÂN và", state)
    assert encoded == b"\xa7\x1bt\x1f\xe5NG XU\xa2N v\x1bt\x1e\xb5"
    assert state.page == 30


@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_round_trips_through_tcvn3(letter: str, epson: PrinterProfile) -> None:
    data = b"\x1b@\x1bt\x1e" + Tcvn3Encoder(30, 31).encode(letter, CodePageState(30)) + b"\n"
    assert decode(data, epson).text == letter


@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_round_trips_through_cp1258(letter: str) -> None:
    encoded = Cp1258Encoder(52).encode(letter, CodePageState(52))
    assert decode_cp1258(encoded) == letter


def test_cp1258_composes_modifiers_and_combines_tones() -> None:
    encoder, state = Cp1258Encoder(52), CodePageState(52)
    assert encoder.encode("à", state) == b"\xe0"  # the code page has it
    assert encoder.encode("ã", state) == b"a\xde"  # it has not: base + tilde
    assert encoder.encode("ầ", state) == b"\xe2\xcc"  # â + grave
    assert encoder.encode("ự", state) == b"\xfd\xf2"  # ư + dot below
    assert encoder.encode("Ở", state) == b"\xd5\xd2"  # Ơ + hook above
    assert encoder.encode("đĐ", state) == b"\xf0\xd0"


def test_cp1258_selects_its_page_only_for_non_ascii() -> None:
    state = CodePageState(None)
    assert Cp1258Encoder(52).encode("Hello", state) == b"Hello"
    assert Cp1258Encoder(52).encode("Việt", state) == b"\x1bt4Vi\xea\xf2t"
    assert Cp1258Encoder(52).encode("Việt", state) == b"Vi\xea\xf2t"


def test_sentence_round_trips_through_both(profiles: dict[str, PrinterProfile]) -> None:
    tcvn3 = Tcvn3Encoder(30, 31).encode(SENTENCE, CodePageState(30))
    assert decode(b"\x1bt\x1e" + tcvn3 + b"\n", profiles["epson-tm-t82"]).text == SENTENCE
    cp1258 = Cp1258Encoder(52).encode(SENTENCE, CodePageState())
    assert decode(cp1258 + b"\n", profiles["hprt"]).text == SENTENCE


def test_nfd_input_encodes_like_nfc() -> None:
    nfd = unicodedata.normalize("NFD", SENTENCE)
    for encoder in (Tcvn3Encoder(30, 31), Cp1258Encoder(52), UnaccentedEncoder()):
        assert encoder.encode(nfd, CodePageState(30)) == encoder.encode(SENTENCE, CodePageState(30))


def test_unaccented_gives_plain_ascii() -> None:
    assert (
        unaccented("Nguyễn Thị Ánh Đào, phường Đồng Xuân") == "Nguyen Thi Anh Dao, phuong Dong Xuan"
    )
    assert UnaccentedEncoder().encode("Lệ phí “50.000 đ” – đã nộp…", CodePageState()) == (
        b'Le phi "50.000 d" - da nop...'
    )
    for letter in VIETNAMESE:
        assert unaccented(letter) in "aAeEiIoOuUyYdD" and len(unaccented(letter)) == 1


def test_foreign_symbols_become_question_marks() -> None:
    for encoder in (Tcvn3Encoder(30, 31), Cp1258Encoder(52), UnaccentedEncoder()):
        assert encoder.encode("☃ 😀 中", CodePageState(30)) == b"? ? ?"


def test_decoders_read_unknown_bytes_as_replacement() -> None:
    assert decode_tcvn3(b"\x80A") == "\ufffdA"
    assert decode_tcvn3(b"\xb5", capitals=True) == "À"
