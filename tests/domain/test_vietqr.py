"""VietQR payloads pinned by the vectors (tests/data), the refusals by reason, and properties."""

from __future__ import annotations

import csv
import json
import re
import string
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from counter_app.domain import bank_table, payment_reference, vietqr
from counter_app.domain.errors import DomainError
from counter_app.paths import resource_dir

VECTORS = Path(__file__).resolve().parents[1] / "data" / "vietqr-vectors.tsv"


@dataclass(frozen=True)
class Vector:
    id: str
    valid: bool
    payload: str
    note: str


def load_vectors() -> list[Vector]:
    with VECTORS.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Vector(r["id"], r["valid"] == "1", r["payload"], r["note"]) for r in rows]


ALL_VECTORS = load_vectors()
BY_ID = {vector.id: vector for vector in ALL_VECTORS}


def vector(vector_id: str) -> str:
    return BY_ID[vector_id].payload


def fields(
    bin: str,
    account: str,
    service: str | None,
    amount: int | None = None,
    bill_number: str | None = None,
    purpose: str | None = None,
    dynamic: bool = False,
) -> dict[str, Any]:
    return {
        "bin": bin,
        "account": account,
        "service": service,
        "amount": amount,
        "bill_number": bill_number,
        "purpose": purpose,
        "dynamic": dynamic,
        "crc_ok": True,
    }


# What the notes column of each valid vector says, written out.
EXPECTED = {
    "V01": fields(
        "970436", "1017595600", "QRIBFTTA", 180000, None, "thanh toan don hang", dynamic=True
    ),
    "V02": fields(
        "970403", "0011012345678", "QRIBFTTA", 180000, "NPS6869", "thanh toan don hang", True
    ),
    "V03": fields("970416", "257678859", "QRIBFTTA", 10000, None, "Chuyen tien", dynamic=True),
    "V07": fields("970416", "257678859", "QRIBFTTA"),
    "V08": fields("970403", "9704031101234567", "QRIBFTTC"),
    "V10": fields("970407", "19030413601018", "QRIBFTTA"),
    "V12": fields("970403", "2112995044604025", None),
}
REFUSED_BECAUSE = {"N01": "vietqr_length", "N04": "vietqr_crc"}

# The inputs that reproduce the public payloads byte for byte.
BUILDS: dict[str, dict[str, Any]] = {
    "V01": {
        "bin": "970436",
        "account": "1017595600",
        "amount": 180000,
        "purpose": "thanh toan don hang",
    },
    "V02": {
        "bin": "970403",
        "account": "0011012345678",
        "amount": 180000,
        "bill_number": "NPS6869",
        "purpose": "thanh toan don hang",
    },
    "V03": {"bin": "970416", "account": "257678859", "amount": 10000, "purpose": "Chuyen tien"},
    "V07": {"bin": "970416", "account": "257678859"},
    "V08": {"bin": "970403", "card": "9704031101234567"},
    "V10": {"bin": "970407", "account": "19030413601018"},
}


def with_crc(body: str) -> str:
    """A payload whose CRC is right, so that the refusal tested is the intended one."""
    return body + "6304" + vietqr.crc16(body + "6304")


def napas(beneficiary: str, tail: str = "0208QRIBFTTA") -> str:
    """V03 with another 38: ``beneficiary`` as 38/01 (empty: none), then ``tail``."""
    inner = vietqr.tlv("01", beneficiary) if beneficiary else ""
    field = vietqr.tlv("38", vietqr.tlv("00", vietqr.NAPAS_GUID) + inner + tail)
    return with_crc(V03_BODY.replace(NAPAS_38, field))


def amount(field: str) -> str:
    """V03 with ``field`` in place of its 54 field."""
    return with_crc(V03_BODY.replace("540510000", field))


def refusal(payload: str) -> str:
    with pytest.raises(DomainError) as caught:
        vietqr.parse(payload)
    assert caught.value.message and "\n" not in caught.value.message
    return caught.value.code


# --- the vectors (tests/data) ------------------------------------------------------------


def test_the_vectors_are_there() -> None:
    assert set(EXPECTED) | set(REFUSED_BECAUSE) <= set(BY_ID)


@pytest.mark.parametrize("vector_id", sorted(EXPECTED))
def test_valid_vector_parses_to_its_note(vector_id: str) -> None:
    assert vietqr.parse(vector(vector_id)).to_data() == EXPECTED[vector_id]


def test_v12_merchant_fields() -> None:
    code = vietqr.parse(vector("V12"))
    assert (code.mcc, code.merchant_name, code.merchant_city) == ("5812", "PHUONG CAC", "HANOI")
    assert code.additional_data == (("03", "NPS6869"),)


@pytest.mark.parametrize("vector_id", sorted(REFUSED_BECAUSE))
def test_invalid_vector_is_refused_with_its_reason(vector_id: str) -> None:
    assert refusal(vector(vector_id)) == REFUSED_BECAUSE[vector_id]


@pytest.mark.parametrize("row", ALL_VECTORS, ids=[v.id for v in ALL_VECTORS])
def test_every_vector_row_is_accepted_or_refused_as_marked(row: Vector) -> None:
    if row.valid:
        assert vietqr.parse(row.payload).crc_ok
    else:
        refusal(row.payload)


@pytest.mark.parametrize("vector_id", sorted(BUILDS))
def test_build_reproduces_public_payload(vector_id: str) -> None:
    assert vietqr.build(**BUILDS[vector_id]) == vector(vector_id)


# --- building ----------------------------------------------------------------------


def test_build_canonical_order_with_every_field() -> None:
    payload = vietqr.build(
        "970436",
        account="1017595600",
        amount=5,
        bill_number="B1",
        purpose="P",
        mcc="5812",
        merchant_name="UBND PHUONG",
        merchant_city="HA NOI",
    )
    assert [tag for tag, _ in vietqr.split_tlv(payload)] == [
        "00", "01", "38", "52", "53", "54", "58", "59", "60", "62", "63",
    ]  # fmt: skip
    assert re.fullmatch(r"[0-9A-F]{4}", payload[-4:])


def test_static_with_amount_when_asked() -> None:
    code = vietqr.parse(vietqr.build("970436", account="1", amount=10000, static=True))
    assert (code.dynamic, code.amount) == (False, 10000)


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        ({"bin": "97043", "account": "1"}, "vietqr_bin"),
        ({"bin": "97043a", "account": "1"}, "vietqr_bin"),
        ({"bin": "970436"}, "vietqr_account"),
        ({"bin": "970436", "account": "1", "card": "2"}, "vietqr_account"),
        ({"bin": "970436", "account": ""}, "vietqr_account"),
        ({"bin": "970436", "account": "1" * 20}, "vietqr_account"),
        ({"bin": "970436", "account": "12 34"}, "vietqr_account"),
        ({"bin": "970436", "card": "9704ABCD"}, "vietqr_account"),
        ({"bin": "970436", "account": "1", "amount": 0}, "vietqr_amount"),
        ({"bin": "970436", "account": "1", "amount": -5}, "vietqr_amount"),
        ({"bin": "970436", "account": "1", "amount": 10**13}, "vietqr_amount"),
        ({"bin": "970436", "account": "1", "amount": True}, "vietqr_amount"),
        ({"bin": "970436", "account": "1", "amount": 1.5}, "vietqr_amount"),
        ({"bin": "970436", "account": "1", "purpose": "Chuyển tiền"}, "vietqr_non_ascii"),
        ({"bin": "970436", "account": "1", "purpose": "Chuye\u0302n"}, "vietqr_non_ascii"),
        ({"bin": "970436", "account": "1", "purpose": "a\nb"}, "vietqr_non_ascii"),
        ({"bin": "970436", "account": "1", "purpose": "x" * 26}, "vietqr_length"),
        ({"bin": "970436", "account": "1", "bill_number": ""}, "vietqr_length"),
        ({"bin": "970436", "account": "1", "merchant_city": "THANH PHO HA NOI"}, "vietqr_length"),
        ({"bin": "970436", "account": "1", "mcc": "58"}, "vietqr_format"),
    ],
)
def test_build_refuses_bad_input(arguments: dict[str, Any], reason: str) -> None:
    with pytest.raises(DomainError) as caught:
        vietqr.build(**arguments)
    assert caught.value.code == reason


# --- parsing: real-world variants ----------------------------------------------------

V03_BODY = (
    "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA"
    "53037045405100005802VN62150811Chuyen tien"
)
NAPAS_38 = "38530010A0000007270123000697041601092576788590208QRIBFTTA"
BEN = "00069704160109257678859"  # 38/01 of V03: BIN 970416, account 257678859


def test_lower_case_crc_is_accepted() -> None:
    payload = with_crc(V03_BODY)
    assert vietqr.parse(payload[:-4] + payload[-4:].lower()).amount == 10000


def test_other_tag_order_is_accepted() -> None:
    body = "0002015802VN6215081" + "1Chuyen tien5405100005303704" + "010212" + NAPAS_38
    code = vietqr.parse(with_crc(body))
    assert (code.bin, code.account, code.amount, code.purpose, code.dynamic) == (
        "970416",
        "257678859",
        10000,
        "Chuyen tien",
        True,
    )


def test_unknown_tags_80_to_99_are_kept() -> None:
    code = vietqr.parse(with_crc(V03_BODY + "8003abc9905hello"))
    assert ("80", "abc") in code.tags and ("99", "hello") in code.tags
    assert code.purpose == "Chuyen tien"


def test_static_code_with_amount_is_accepted() -> None:
    code = vietqr.parse(with_crc(V03_BODY.replace("010212", "010211")))
    assert (code.dynamic, code.amount) == (False, 10000)


def test_wrong_crc_can_be_reported_instead_of_refused() -> None:
    code = vietqr.parse(V03_BODY + "6304FFFF", verify_crc=False)
    assert code.crc_ok is False and code.amount == 10000


# --- parsing: refusals by reason ---------------------------------------------------

REFUSALS = [
    ("empty", "", "vietqr_length"),
    ("oversized", with_crc(V03_BODY + "8099" + "x" * 99) + "x" * 10_000, "vietqr_length"),
    ("amount length off", amount("54061000"), "vietqr_length"),
    ("truncated", with_crc(V03_BODY)[:-10], "vietqr_length"),
    ("header not digits", with_crc(V03_BODY.replace("5303", "5A03")), "vietqr_length"),
    ("CRC wrong", V03_BODY + "6304ABCD", "vietqr_crc"),
    ("CRC not hex", V03_BODY + "6304XYZ1", "vietqr_crc"),
    ("CRC missing", V03_BODY, "vietqr_crc"),
    ("CRC not last", with_crc(V03_BODY)[:-8] + "6304" + "53E6" + "8001x", "vietqr_crc"),
    ("CRC short", V03_BODY + "630353E", "vietqr_crc"),
    ("non-ASCII", with_crc(V03_BODY.replace("Chuyen tien", "Chuyển tiền")), "vietqr_non_ascii"),
    ("NFD", V03_BODY.replace("Chuyen", "Chuye\u0302n") + "6304AAAA", "vietqr_non_ascii"),
    ("control char", with_crc(V03_BODY.replace("Chuyen tien", "Chuyen\ttien")), "vietqr_non_ascii"),
    ("not NAPAS", with_crc(V03_BODY.replace("A000000727", "A000000999")), "vietqr_not_napas"),
    ("no 38", with_crc(V03_BODY.replace(NAPAS_38, "")), "vietqr_not_napas"),
    ("key 02 in 38/01", napas(BEN + "0203999"), "vietqr_unexpected_key"),
    ("key 03 in 38", napas(BEN, "0208QRIBFTTA0303xyz"), "vietqr_unexpected_key"),
    ("key 00 twice in 38/01", napas("0006970416" + BEN), "vietqr_unexpected_key"),
    ("reserved tag 70", with_crc(V03_BODY + "7001x"), "vietqr_unexpected_key"),
    ("tag twice", with_crc(V03_BODY + "5802VN"), "vietqr_duplicate"),
    ("no BIN", napas("0109257678859"), "vietqr_missing"),
    ("no account", napas("0006970416"), "vietqr_missing"),
    ("no 38/01", napas("", "0208QRIBFTTA"), "vietqr_missing"),
    ("no 53", with_crc(V03_BODY.replace("5303704", "")), "vietqr_missing"),
    ("no 00", with_crc(V03_BODY.removeprefix("000201")), "vietqr_missing"),
    ("00 not 01", with_crc("000202" + V03_BODY[6:]), "vietqr_format"),
    ("01 not 11/12", with_crc(V03_BODY.replace("010212", "010213")), "vietqr_format"),
    ("BIN 5 digits", napas("000597041" + "0109257678859"), "vietqr_bin"),
    ("BIN letters", napas("00069704AB" + "0109257678859"), "vietqr_bin"),
    ("account 20 digits", napas("00069704160120" + "1" * 20), "vietqr_account"),
    ("card with letters", napas("00069704160104123A", "0208QRIBFTTC"), "vietqr_account"),
    ("unknown service", with_crc(V03_BODY.replace("QRIBFTTA", "QRIBFTTX")), "vietqr_service"),
    ("currency USD", with_crc(V03_BODY.replace("5303704", "5303840")), "vietqr_currency"),
    ("country SG", with_crc(V03_BODY.replace("5802VN", "5802SG")), "vietqr_country"),
    ("amount zero", amount("54010"), "vietqr_amount"),
    ("amount decimal", amount("54071000.00"), "vietqr_amount"),
    ("amount negative", amount("5406-10000"), "vietqr_amount"),
    ("amount 14 digits", amount("5414" + "1" * 14), "vietqr_amount"),
    ("purpose too long", with_crc(V03_BODY[:-19] + "62300826" + "x" * 26), "vietqr_length"),
    ("name too long", with_crc(V03_BODY + "5926" + "N" * 26), "vietqr_length"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("payload", "reason"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_broken_payload_is_refused_with_its_reason(payload: str, reason: str) -> None:
    assert refusal(payload) == reason


# --- properties ----------------------------------------------------------------------

ASCII_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=25
)


@st.composite
def inputs(draw: st.DrawFn) -> dict[str, Any]:
    card = draw(st.booleans())
    alphabet = string.digits if card else string.digits + string.ascii_letters
    number = draw(st.text(alphabet=alphabet, min_size=1, max_size=19))
    return {
        "bin": draw(st.text(alphabet=string.digits, min_size=6, max_size=6)),
        ("card" if card else "account"): number,
        "amount": draw(st.none() | st.integers(1, 10**13 - 1)),
        "bill_number": draw(st.none() | ASCII_TEXT),
        "purpose": draw(st.none() | ASCII_TEXT),
        "static": draw(st.booleans()),
    }


@given(inputs())
def test_build_then_parse_gives_the_inputs_back(given_inputs: dict[str, Any]) -> None:
    code = vietqr.parse(vietqr.build(**given_inputs))
    card = "card" in given_inputs
    assert code.bin == given_inputs["bin"]
    assert code.account == given_inputs["card" if card else "account"]
    assert code.service == ("QRIBFTTC" if card else "QRIBFTTA")
    assert code.amount == given_inputs["amount"]
    assert code.bill_number == given_inputs["bill_number"]
    assert code.purpose == given_inputs["purpose"]
    assert code.dynamic == (given_inputs["amount"] is not None and not given_inputs["static"])
    assert code.crc_ok


@given(inputs(), st.data())
def test_any_single_character_change_is_refused(
    given_inputs: dict[str, Any], data: st.DataObject
) -> None:
    payload = vietqr.build(**given_inputs)
    index = data.draw(st.integers(0, len(payload) - 1))
    new = data.draw(st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.sampled_from("ếĐ\n"))
    old = payload[index]
    assume(new != old)
    # A CRC digit changed only in case is the same CRC: lower case is accepted on purpose.
    assume(not (index >= len(payload) - 4 and new.upper() == old.upper()))
    with pytest.raises(DomainError):
        vietqr.parse(payload[:index] + new + payload[index + 1 :])


@given(st.sampled_from(sorted(EXPECTED)), st.data())
def test_any_single_character_change_of_a_vector_is_refused(
    vector_id: str, data: st.DataObject
) -> None:
    payload = BY_ID[vector_id].payload if vector_id in BY_ID else vietqr.build("970436", "1")
    index = data.draw(st.integers(0, len(payload) - 1))
    new = data.draw(st.characters(min_codepoint=0x20, max_codepoint=0x7E))
    assume(new.upper() != payload[index].upper() or index < len(payload) - 4)
    assume(new != payload[index])
    with pytest.raises(DomainError):
        vietqr.parse(payload[:index] + new + payload[index + 1 :])


# --- the transfer reference -----------------------------------------------------------

REFERENCE = re.compile(r"[A-Z0-9]{1,19}")
CODE = "000.00.01.H26-261123-1004"


def test_reference_scheme_is_pinned() -> None:
    assert payment_reference.transfer_reference(CODE) == "261123100437RMANY00"
    assert payment_reference.transfer_reference(CODE, 1) == "261123100437RMANY01"
    assert payment_reference.transfer_reference(CODE, 36) == "261123100437RMANY10"


def test_reference_is_stable_and_fits_the_purpose_field() -> None:
    reference = payment_reference.transfer_reference(CODE, 3)
    assert reference == payment_reference.transfer_reference(CODE, 3)
    assert REFERENCE.fullmatch(reference)
    code = vietqr.parse(vietqr.build("970436", account="1", amount=1, purpose=reference))
    assert code.purpose == reference


def test_reference_differs_between_agencies_days_sequences_and_attempts() -> None:
    references = {
        payment_reference.transfer_reference(CODE),
        payment_reference.transfer_reference("000.00.02.H26-261123-1004"),
        payment_reference.transfer_reference("000.00.01.H27-261123-1004"),
        payment_reference.transfer_reference("000.00.01.G26-261123-1004"),
        payment_reference.transfer_reference("000.00.01.H26-261124-1004"),
        payment_reference.transfer_reference("000.00.01.H26-261123-1005"),
        payment_reference.transfer_reference(CODE, 1),
    }
    assert len(references) == 7


AGENCIES = st.builds(
    "{:03d}.{:02d}.{:02d}.{}{:02d}".format,
    st.integers(0, 999),
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from(string.ascii_uppercase),
    st.integers(0, 99),
)
CODES = st.builds(
    lambda agency, day, sequence: f"{agency}-{day:%y%m%d}-{sequence:04d}",
    AGENCIES,
    st.dates(date(2000, 1, 1), date(2068, 12, 31)),
    st.integers(0, 9999),
)
ATTEMPTS = st.integers(0, payment_reference.MAX_ATTEMPT)


@given(CODES, ATTEMPTS)
def test_reference_is_short_plain_and_gives_its_dossier_back(code: str, attempt: int) -> None:
    reference = payment_reference.transfer_reference(code, attempt)
    assert len(reference) <= 19 and REFERENCE.fullmatch(reference)
    # One-to-one: the dossier code and attempt come back, so no two inputs share it.
    assert payment_reference.read_transfer_reference(reference) == (code, attempt)


@given(CODES, ATTEMPTS, CODES, ATTEMPTS)
def test_distinct_inputs_give_distinct_references(
    code: str, attempt: int, other: str, other_attempt: int
) -> None:
    assume((code, attempt) != (other, other_attempt))
    assert payment_reference.transfer_reference(
        code, attempt
    ) != payment_reference.transfer_reference(other, other_attempt)


@pytest.mark.parametrize(
    ("code", "attempt", "reason"),
    [
        ("261123-1004", 0, "dossier_code_invalid"),
        ("000.00.01.H26-261332-1004", 0, "dossier_code_invalid"),
        ("", 0, "dossier_code_invalid"),
        (CODE, -1, "payment_reference_attempt"),
        (CODE, payment_reference.MAX_ATTEMPT + 1, "payment_reference_attempt"),
        (CODE, True, "payment_reference_attempt"),
    ],
)
def test_reference_refuses_bad_input(code: str, attempt: Any, reason: str) -> None:
    with pytest.raises(DomainError) as caught:
        payment_reference.transfer_reference(code, attempt)
    assert caught.value.code == reason


@pytest.mark.parametrize("text", ["", "26112310043", "2611231004!7RMANY00", "261399100437RMANY00"])
def test_read_reference_refuses_what_is_not_one(text: str) -> None:
    with pytest.raises(DomainError) as caught:
        payment_reference.read_transfer_reference(text)
    assert caught.value.code == "payment_reference_invalid"


# --- banks ---------------------------------------------------------------------------

DOMAIN_BINS = {
    "Vietcombank": "970436", "VietinBank": "970415", "BIDV": "970418", "Agribank": "970405",
    "Techcombank": "970407", "MB": "970422", "ACB": "970416", "VPBank": "970432",
    "TPBank": "970423", "Sacombank": "970403", "HDBank": "970437", "SHB": "970443",
    "VIB": "970441", "MSB": "970426", "SeABank": "970440", "OCB": "970448",
    "Eximbank": "970431", "LPBank": "970449",
}  # fmt: skip


@pytest.fixture(scope="module")
def banks() -> list[bank_table.Bank]:
    data = json.loads((resource_dir() / "banks.json").read_text(encoding="utf-8"))
    return bank_table.banks_from_data(data)


def test_bank_table_is_the_domain_list(banks: list[bank_table.Bank]) -> None:
    assert {bank.short_name: bank.bin for bank in banks} == DOMAIN_BINS
    assert all(bank.name.startswith("Ngân hàng") for bank in banks)


def test_check_bin(banks: list[bank_table.Bank]) -> None:
    assert bank_table.check_bin("970436", banks).short_name == "Vietcombank"
    for bad, reason in [
        ("970499", "vietqr_bin_unknown"),
        ("9704", "vietqr_bin"),
        ("", "vietqr_bin"),
    ]:
        with pytest.raises(DomainError) as caught:
            bank_table.check_bin(bad, banks)
        assert caught.value.code == reason


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"banks": {}},
        {"banks": [{"bin": "970436", "short_name": "VCB"}]},
        {"banks": [{"bin": "97043", "short_name": "VCB", "name": "x"}]},
        {"banks": [{"bin": "970436", "short_name": "A", "name": "x"}] * 2},
        {"banks": ["970436"]},
    ],
)
def test_bad_bank_table_is_refused(data: object) -> None:
    with pytest.raises(DomainError) as caught:
        bank_table.banks_from_data(data)
    assert caught.value.code in {"vietqr_banks", "vietqr_bin"}
