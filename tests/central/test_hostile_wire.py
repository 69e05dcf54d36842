"""The server's parsers against hostile bodies: sync pushes, enrolment, the queue, bank
notifications. Whatever the bytes, the answer is a valid document that reads back the
same, or the 4xx refusal (:class:`ApiError`, ``ErrorCode.INVALID``): never another
exception, which the application would answer with a 500.

The HTTP layer itself is fuzzed from the OpenAPI schema (test_openapi_fuzz.py); these
call the parsers directly, with what a schema-driven fuzzer does not make: lone
surrogates, NUL, 5,000-digit numbers, NaN, deep nesting, duplicate keys, non-UTF-8.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from central import api, bank, bank_api, ingest, queue_setup
from central.errors import ApiError, Refused
from counter_app.domain.payment_reference import read_transfer_reference, transfer_reference
from counter_app.sync.queue_wire import Area, Counter, QueueSetup, RateRequest, TakeRequest
from counter_app.sync.wire import BankNotification, EnrolRequest, ErrorCode, PushRequest
from tests.central.sync_helpers import EVENT
from tests.hostile.strategies import hostile_json, hostile_text, shaped_like

FEW = settings(max_examples=50)
DOCUMENTS: dict[type[BaseModel], dict[str, Any]] = {
    PushRequest: {"device_id": "d1", "events": [EVENT]},
    EnrolRequest: {"code": "ABCD-1234", "device_id": "d1", "device_name": "Quầy 1"},
    BankNotification: {
        "bank_transaction_id": "FT26334",
        "amount": 50000,
        "content": "QMC 2611301001A0 chuyen khoan",
        "paid_at": "2026-11-30T09:41:07+07:00",
        "bin": "970436",
        "account": "1017595600",
    },
    TakeRequest: {"area": "A", "priority": "elderly", "source": "kiosk"},
    RateRequest: {"counter": 1, "rating": "hai_long", "reason": "Nhanh"},
    QueueSetup: {
        "areas": [{"prefix": "A", "name": "Hộ tịch", "procedures": ["1.001193"]}],
        "counters": [{"number": 1, "name": "Quầy 1", "areas": ["A"]}],
    },
}
RAW_BODIES = [
    b"",
    b"\xff\xfe\x00",
    b"[" * 100_000 + b"]" * 100_000,
    b'{"device_id": "d1", "device_id": "d2", "events": []}',
    b'{"amount": NaN}',
    b'{"amount": ' + b"9" * 5000 + b"}",
    b'{"code": "\\ud800\\udfff", "device_id": "d1"}',
    b'{"code": "ABCD\\u0000", "device_id": "d1"}',
    b'{"areas": ' + b"[" * 2000 + b"]" * 2000 + b"}",
]


def _refused_or_valid(model: type[BaseModel], body: bytes) -> None:
    parse = ingest.parse if model is PushRequest else lambda b: api.parse(model, b)
    try:
        document = parse(body)
    except ApiError as refusal:
        assert 400 <= refusal.status < 500
        assert refusal.code is ErrorCode.INVALID
        assert "\n" not in refusal.detail
        return
    again = model.model_validate_json(document.model_dump_json())
    assert again == document


@pytest.mark.parametrize("model", list(DOCUMENTS), ids=lambda m: m.__name__)
@pytest.mark.parametrize("body", RAW_BODIES, ids=range(len(RAW_BODIES)))
def test_raw_hostile_bodies_are_refused(model: type[BaseModel], body: bytes) -> None:
    _refused_or_valid(model, body)


@pytest.mark.parametrize("model", list(DOCUMENTS), ids=lambda m: m.__name__)
def test_a_document_with_hostile_values_is_valid_or_refused(model: type[BaseModel]) -> None:
    @FEW
    @given(shaped_like(DOCUMENTS[model]))
    def check(document: dict[str, Any]) -> None:
        body = json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")
        _refused_or_valid(model, body)

    check()


@FEW
@given(hostile_json())
def test_any_json_is_no_push(value: Any) -> None:
    body = json.dumps(value).encode()
    with pytest.raises(ApiError):
        ingest.parse(body)


@FEW
@given(hostile_text(60))
def test_paid_at_is_an_aware_time_or_refused(text: str) -> None:
    try:
        moment = bank_api._paid_at(text)
    except ApiError as refusal:
        assert refusal.status == 422
        return
    assert isinstance(moment, datetime) and moment.utcoffset() is not None


@pytest.mark.parametrize(
    "text",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2026-02-30T09:00:00+07:00"],
)
def test_paid_at_at_the_ends_of_time_is_refused_not_a_crash(text: str) -> None:
    with pytest.raises(ApiError):
        bank_api._paid_at(text)


@FEW
@given(hostile_text(210), st.sampled_from(["", "QMC ", "nop phi ", "\u200b"]))
def test_references_found_in_any_content_read_back(text: str, prefix: str) -> None:
    text = text[:180]  # the wire takes 210 characters of content (BankNotification)
    reference = transfer_reference("000.00.00.Z99-261130-1001", 0)
    for content in (text, prefix + reference + text):
        for found in bank.find_references(content):
            read_transfer_reference(found)  # raises if it is not one
    assert reference in bank.find_references(prefix + reference + " " + text)


@pytest.mark.parametrize(
    "name", ["\u200b\u200c\u2060", "\x1b[2J", "\ufeff", " \u00a0\t"], ids=["zw", "esc", "bom", "ws"]
)
def test_an_area_named_only_by_invisible_characters_is_refused(name: str) -> None:
    setup = QueueSetup(
        areas=[Area(prefix="A", name=name)], counters=[Counter(number=1, areas=["A"])]
    )
    with pytest.raises(Refused, match="needs a name"):
        queue_setup.check(setup)
