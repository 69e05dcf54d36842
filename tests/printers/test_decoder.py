"""The decoder on its own: chunked input, status requests, malformed streams."""

from __future__ import annotations

import random

from printers.decoder import Decoder, decode
from printers.profiles import PrinterProfile
from printers.render import render

from .conftest import FONTS
from .documents import receipt, small


def test_byte_by_byte_reads_like_all_at_once(profiles: dict[str, PrinterProfile]) -> None:
    for name in ("epson-tm-t82", "hprt", "pos-58"):
        profile = profiles[name]
        data = render(small(), profile, FONTS)
        whole = decode(data, profile)
        decoder = Decoder(profile)
        for byte in data:
            decoder.feed(bytes([byte]))
        assert decoder.paper.text == whole.text
        assert decoder.paper.qr_payloads == whole.qr_payloads
        assert [i.tobytes() for i in decoder.paper.images] == [i.tobytes() for i in whole.images]


def test_status_requests_reach_the_handler_and_print_nothing() -> None:
    asked: list[int] = []
    decoder = Decoder(on_status=asked.append)
    decoder.feed(b"\x10\x04\x01\x10\x04")
    decoder.feed(b"\x04\x10\x04\x02")
    assert asked == [1, 4, 2]
    assert decoder.paper.blocks == []


def test_each_esc_at_starts_a_job(epson: PrinterProfile) -> None:
    decoder = Decoder(epson)
    decoder.feed(b"\x1b@one\n\x1b@two\n\x1b@")
    assert [job.text for job in decoder.jobs] == ["one", "two", ""]  # the third has begun


def test_feed_and_unknown_commands() -> None:
    paper = decode(b"\x1b@a\x1bd\x03b\n\x1b\x7fc\n")
    assert paper.text == "a\n\n\nb\nc"


def test_garbage_never_crashes(epson: PrinterProfile) -> None:
    generator = random.Random(4)
    data = render(receipt(), epson)
    for _ in range(50):
        noisy = bytearray(data)
        for _ in range(20):
            noisy[generator.randrange(len(noisy))] = generator.randrange(256)
        decoder = Decoder(epson)
        decoder.feed(bytes(noisy))
        decoder.feed(bytes(generator.randrange(256) for _ in range(500)))
        assert isinstance(decoder.paper.text, str)
