"""The client's own refusals: server addresses, and a server nobody answers for."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from counter_app.domain.errors import DomainError
from counter_app.sync import wire
from counter_app.sync.client import ServerUnreachable, SyncClient, check_server_url, push_body
from tests.trickling import trickling_server as trickling


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("http://127.0.0.1:8470", "http://127.0.0.1:8470"),
        (" https://dongbo.example.vn/ ", "https://dongbo.example.vn"),
        ("https://thanhpho.example.vn/dong-bo/", "https://thanhpho.example.vn/dong-bo"),
    ],
)
def test_good_addresses(given: str, kept: str) -> None:
    assert check_server_url(given) == kept


@pytest.mark.parametrize(
    "given",
    [
        "",
        "dongbo.example.vn",
        "ftp://dongbo.example.vn",
        "http://",
        "https://user:secret@dongbo.example.vn",
        "https://dongbo.example.vn/?token=x",
        "http://[::1",
        "javascript:alert(1)",
        "https://máy chủ",
        "http://127.0.0.1:99999",
        "http://127.0.0.1:-1",
        "http://127.0.0.1:0",
        "http://127.0.0.1: 80",
        "http://127.0.0.1:\u0663\u0663",
        "http://127.0.0.1:",
    ],
)
def test_bad_addresses_are_refused_clearly(given: str) -> None:
    with pytest.raises(DomainError) as refused:
        check_server_url(given)
    assert refused.value.code == "server_url_invalid"
    assert "\n" not in refused.value.message


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_nobody_listening_is_unreachable_not_a_crash() -> None:
    with SyncClient(f"http://127.0.0.1:{closed_port()}", "t" * 43, timeout=2) as client:
        with pytest.raises(ServerUnreachable) as down:
            client.pull(0)
        assert down.value.code == "unreachable"
        with pytest.raises(ServerUnreachable):
            client.send_push(push_body("device", []))


def test_an_event_that_does_not_fit_the_protocol_is_refused_before_sending() -> None:
    row = {
        "seq": 1,
        "id": "e1",
        "type": "x",
        "aggregate_type": "a",
        "aggregate_id": "b",
        "payload": "{}",
        "created_at": "2026-11-30T09:00:00+07:00",
        "device_id": "d",
        "officer": "o" * 65,  # longer than the wire allows
        "prev_hash": "0" * 64,
        "hash": "0" * 64,
    }
    with pytest.raises(DomainError) as refused:  # nothing is sent
        push_body("d", [row])
    assert refused.value.code == "sync_event_invalid"
    assert wire.MAX_BATCH == 1000


@pytest.fixture
def trickling_server() -> Iterator[str]:
    with trickling(every=0.3) as url:  # each read is quick, the whole takes 30 s
        yield url


def test_an_answer_that_trickles_in_ends_at_the_timeout(trickling_server: str) -> None:
    """The timeout bounds the whole answer, not each read: ``sync --once`` against a
    server sending a byte now and then ran for as long as the server liked."""
    started = time.monotonic()
    client = SyncClient(trickling_server, "t" * 43, timeout=2)
    with client, pytest.raises(ServerUnreachable) as slow:
        client.pull(0)
    assert slow.value.code == "timeout"
    assert time.monotonic() - started < 8
