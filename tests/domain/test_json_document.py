"""The one reader of the JSON files both command lines are handed (``--file``)."""

from __future__ import annotations

import json

import pytest

from counter_app.domain.json_document import JsonDocumentError, parse_document, read_document


def refusal(data: bytes) -> str:
    with pytest.raises(JsonDocumentError) as caught:
        parse_document(data)
    return str(caught.value)


def test_a_byte_order_mark_is_skipped() -> None:
    assert parse_document(b"\xef\xbb\xbf" + '{"tên": "Phường"}'.encode()) == {"tên": "Phường"}


def test_a_key_given_twice_is_named_wherever_its_object_is() -> None:
    """Which of two values would count is anyone's guess (Python's json takes the last)."""
    said = refusal(b'{"procedures": [{"code": "A", "fee": 1, "fee": 0}]}')
    assert said == "gives the key 'fee' twice in one object"
    assert refusal(b'{"a": 1, "b": 2, "a": 1}') == "gives the key 'a' twice in one object"
    assert parse_document(b'[{"a": 1}, {"a": 2}]') == [{"a": 1}, {"a": 2}]  # two objects


def test_a_key_twice_is_shown_on_one_short_line() -> None:
    key = json.dumps("\x1b[2J\n" + "k" * 10_000)
    said = refusal(f'{{{key}: 1, "x": 2, {key}: 3}}'.encode())
    assert "\x1b" not in said and "\n" not in said and len(said) < 200
    assert said.startswith("gives the key '\\x1b[2J\\nkkk")


@pytest.mark.timeout(20)
def test_an_object_of_many_keys_is_read_in_linear_time() -> None:
    """Each key was counted among all of its object's keys: a 1.3 MB object of 100,000
    keys (in a file counter-central reads whole) took minutes."""
    many = {f"k{i}": 0 for i in range(100_000)}
    assert len(parse_document(json.dumps(many).encode())) == 100_000
    twice = json.dumps(many)[:-1] + ', "k99999": 1}'
    assert refusal(twice.encode()) == "gives the key 'k99999' twice in one object"


def test_a_file_is_named_in_each_refusal_and_a_long_one_is_not_parsed() -> None:
    asked: list[int] = []

    def read(count: int) -> bytes:
        asked.append(count)
        return b"[" * count  # nested far too deeply, if it were parsed

    with pytest.raises(JsonDocumentError) as caught:
        read_document("calendar.json", read, 10)
    assert (str(caught.value), asked) == ("calendar.json is larger than 10 bytes", [11])
    with pytest.raises(JsonDocumentError) as caught:
        read_document("a.json", lambda count: b'{"a": 1, "a": 2}', 100)
    assert str(caught.value) == "a.json gives the key 'a' twice in one object"

    def missing(count: int) -> bytes:
        raise FileNotFoundError(2, "No such file or directory")

    with pytest.raises(JsonDocumentError) as caught:
        read_document("gone.json", missing, 100)
    assert str(caught.value) == "cannot read gone.json: No such file or directory"
    assert read_document("ok.json", lambda count: '{"tên": 1}'.encode(), 100) == {"tên": 1}
