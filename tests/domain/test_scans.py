"""Serial scans: bytes cut into scans at any line ending or a pause, decoded, classified."""

from __future__ import annotations

import unicodedata

import pytest

from counter_app.domain import vietqr
from counter_app.domain.dossiers import lookup_payload
from counter_app.domain.scans import (
    MAX_SCAN_BYTES,
    Lookup,
    ScanKind,
    ScanLines,
    classify,
    decode_scan,
    lookup_of,
    shown_scan,
)

CARD = "001090123456|012345678|Đặng Thị Ánh Tuyết|01011990|Nữ|Ấp Đông, Xã Ưu Long|15042021"


def fed(lines: ScanLines, *chunks: bytes, at: float = 0.0) -> list[bytes]:
    out: list[bytes] = []
    for chunk in chunks:
        out += lines.feed(chunk, at)
    return out


@pytest.mark.parametrize("ending", [b"\r", b"\n", b"\r\n"])
def test_each_line_ending_ends_a_scan(ending: bytes) -> None:
    data = CARD.encode() + ending + b"second" + ending
    assert fed(ScanLines(), data) == [CARD.encode(), b"second"]


def test_a_scan_cut_anywhere_across_reads_comes_out_whole() -> None:
    data = CARD.encode() + b"\r\n"
    for cut in range(1, len(data)):
        lines = ScanLines()
        assert fed(lines, data[:cut], data[cut:]) == [CARD.encode()], cut


def test_crlf_split_between_reads_is_one_ending() -> None:
    lines = ScanLines()
    assert fed(lines, b"one\r") == [b"one"]
    assert fed(lines, b"\ntwo\r\n") == [b"two"]


def test_empty_lines_are_no_scans() -> None:
    assert fed(ScanLines(), b"\r\n\n\r  \r\nx\n") == [b"x"]


def test_a_pause_ends_a_scan_sent_without_suffix() -> None:
    lines = ScanLines(pause=0.3)
    assert lines.feed(b"abc", 10.0) == []
    assert lines.idle(10.2) == []
    assert lines.feed(b"def", 10.25) == []
    assert lines.idle(10.5) == []  # 0.25 s after the last byte
    assert lines.idle(10.6) == [b"abcdef"]
    assert lines.idle(20.0) == []


def test_an_endless_line_is_cut() -> None:
    out = fed(ScanLines(), b"x" * (MAX_SCAN_BYTES + 5) + b"\n")
    assert [len(scan) for scan in out] == [MAX_SCAN_BYTES, 5]


def test_a_reset_forgets_half_a_scan() -> None:
    lines = ScanLines()
    lines.feed(b"half", 0.0)
    lines.reset()
    assert lines.feed(b"whole\n", 0.0) == [b"whole"]


def test_utf8_is_decoded_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", CARD)
    assert decomposed != CARD
    scan = decode_scan(b"\xef\xbb\xbf" + decomposed.encode())
    assert scan.text == CARD and not scan.damaged


def test_bytes_that_are_not_utf8_are_replaced_and_flagged() -> None:
    scan = decode_scan("Nguyễn".encode()[:-1] + b" V\xe3n")  # cp1258-ish bytes
    assert scan.damaged
    assert "\ufffd" in scan.text


def test_our_receipt_s_lookup_qr() -> None:
    payload = lookup_payload("000.00.01.H26-261123-2001", "K7M4QP")
    assert classify(payload) is ScanKind.LOOKUP
    assert lookup_of(payload) == Lookup("000.00.01.H26-261123-2001", "K7M4QP")
    assert lookup_of(payload.lower()) == Lookup("000.00.01.H26-261123-2001", "K7M4QP")


@pytest.mark.parametrize(
    "text",
    [
        "000.00.01.H26-261123-2001|K7M4Q",  # a short secret
        "000.00.01.H26-261123-2001|K7M4Q0",  # 0 is not in the secret's alphabet
        "000.00.01.H26-261123-2001",
        "x000.00.01.H26-261123-2001|K7M4QP",
    ],
)
def test_near_lookups_are_not_lookups(text: str) -> None:
    assert lookup_of(text) is None
    assert classify(text) is ScanKind.CARD


def test_a_vietqr_is_told_apart() -> None:
    payload = vietqr.build("970436", "1017595600", amount=50_000, purpose="HS2001")
    assert classify(payload) is ScanKind.VIETQR
    assert classify(CARD) is ScanKind.CARD
    assert classify("hello") is ScanKind.CARD  # the card reader says why it is no card


def test_a_scan_is_shown_without_whole_numbers() -> None:
    shown = shown_scan(CARD)
    assert "001090123456" not in shown and "012345678" not in shown
    assert shown.startswith("********3456|*****5678|Đặng Thị Ánh Tuyết|01011990|")
    assert shown_scan("a\x00b") == "a·b"
    long = shown_scan("x" * 200)
    assert len(long) == 80 and long.endswith("…")
