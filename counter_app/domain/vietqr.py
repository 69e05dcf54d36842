"""VietQR: the NAPAS 24/7 transfer QR (EMVCo merchant-presented), built and read.

A payload is TLV text: a 2-digit id, a 2-digit length, the value (DOMAIN.md §7).
:func:`build` writes the canonical form every banking app reads; :func:`parse` reads
what phones and other issuers actually print (tags in another order, a lower-case CRC,
unknown tags 80–99, a static code with an amount, QRPUSH merchant codes without a
service) and refuses anything broken with a :class:`DomainError` whose stable code
names the reason:

``vietqr_non_ascii``   a character outside printable ASCII (diacritics, control chars)
``vietqr_length``      TLV framing: a length that overruns, a truncated field, a value
                       longer than its field allows
``vietqr_duplicate``   the same id twice at the top level or in 62
``vietqr_crc``         CRC missing, not last, or not the CRC-16/CCITT-FALSE of the text
``vietqr_format``      00 not "01", 01 not "11"/"12", 52 not 4 digits
``vietqr_not_napas``   no tag 38, or 38/00 is not A000000727
``vietqr_unexpected_key`` an id inside 38 or 38/01 that NAPAS does not define (or twice),
                       or a top-level id in the EMVCo-reserved 65–79
``vietqr_missing``     a mandatory field absent (00, 38/01, BIN, account, 53, 58)
``vietqr_bin``         a BIN that is not 6 digits
``vietqr_account``     an account/card number that is empty, too long or not alphanumeric
``vietqr_service``     38/02 not one of the NAPAS services
``vietqr_currency``    53 not "704" (đồng);  ``vietqr_country``  58 not "VN"
``vietqr_amount``      54 not a positive whole number of đồng of at most 13 digits

The module also holds the bank table (data read by the caller from
``resources/banks.json``) and :func:`transfer_reference`, the payment reference put in
62/08 so the bank's notification can be matched to the dossier.
"""

from __future__ import annotations

from counter_app.domain.errors import DomainError
from counter_app.domain.records import record

NAPAS_GUID = "A000000727"
SERVICE_ACCOUNT = "QRIBFTTA"  # transfer to an account
SERVICE_CARD = "QRIBFTTC"  # transfer to a card
# NAPAS v1.5.2 also names the merchant payment and ATM cash-out services.
SERVICES = frozenset({SERVICE_ACCOUNT, SERVICE_CARD, "QRPUSH", "QRCASH"})
STATIC, DYNAMIC = "11", "12"
CURRENCY_VND, COUNTRY_VN = "704", "VN"
MAX_AMOUNT_DIGITS = 13
MAX_ACCOUNT = 19
MAX_ADDITIONAL = 25  # each 62 sub-field
MAX_NAME, MAX_CITY = 25, 15
_DIGITS = frozenset("0123456789")
_ALNUM = _DIGITS | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_HEX = frozenset("0123456789ABCDEFabcdef")


def _fail(code: str, message: str, **params: object) -> DomainError:
    return DomainError(code, message, **params)


def _is_digits(text: str) -> bool:
    return bool(text) and set(text) <= _DIGITS


# --- CRC and TLV -------------------------------------------------------------------


def crc16(text: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection) as 4 upper-case hex.

    Over the UTF-8 bytes, so that a payload with diacritics still gets its CRC checked
    the way its issuer computed it (and is then refused for its text, not its CRC). A
    lone surrogate (no UTF-8 has one) counts as the bytes Python would give it.
    """
    crc = 0xFFFF
    for byte in text.encode("utf-8", "surrogatepass"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def tlv(tag: str, value: str) -> str:
    """One field: id, 2-digit length, value (the value is at most 99 characters)."""
    if len(value) > 99:
        raise _fail("vietqr_length", f"Field {tag} is longer than 99 characters.", tag=tag)
    return f"{tag}{len(value):02d}{value}"


def split_tlv(text: str, where: str = "the payload") -> list[tuple[str, str]]:
    """The (id, value) pairs of a TLV string, in order; framing errors are refused."""
    fields: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        head = text[position : position + 4]
        if len(head) < 4 or not _is_digits(head):
            raise _fail(
                "vietqr_length",
                f"The text of {where} breaks off at character {position + 1}: "
                "expected a 2-digit id and a 2-digit length.",
                where=where,
                position=position,
            )
        tag, length = head[:2], int(head[2:])
        value = text[position + 4 : position + 4 + length]
        if len(value) != length:
            raise _fail(
                "vietqr_length",
                f"Field {tag} in {where} says {length} characters but only {len(value)} follow.",
                where=where,
                tag=tag,
            )
        fields.append((tag, value))
        position += 4 + length
    return fields


# --- building ----------------------------------------------------------------------


def _check_text(value: str, label: str, limit: int) -> str:
    if not value:
        raise _fail("vietqr_length", f"The {label} is empty.", field=label)
    if not all(" " <= ch <= "~" for ch in value):
        raise _fail(
            "vietqr_non_ascii",
            f"The {label} must be printable ASCII (no diacritics): {value!r}.",
            field=label,
        )
    if len(value) > limit:
        raise _fail(
            "vietqr_length",
            f"The {label} has {len(value)} characters; at most {limit} fit.",
            field=label,
            limit=limit,
        )
    return value


def check_bin_format(bin_code: str) -> str:
    if not (len(bin_code) == 6 and _is_digits(bin_code)):
        raise _fail("vietqr_bin", f"A bank BIN has 6 digits, not {bin_code!r}.", bin=bin_code)
    return bin_code


def _check_account(number: str, card: bool) -> str:
    allowed = _DIGITS if card else _ALNUM
    label = "card number" if card else "account number"
    if not number or len(number) > MAX_ACCOUNT or not set(number) <= allowed:
        kind = "digits" if card else "letters and digits"
        raise _fail(
            "vietqr_account",
            f"The {label} must be 1–{MAX_ACCOUNT} {kind}, not {number!r}.",
            account=number,
        )
    return number


def _check_amount(amount: int) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise _fail("vietqr_amount", f"The amount must be whole đồng, not {amount!r}.")
    if not 0 < amount < 10**MAX_AMOUNT_DIGITS:
        raise _fail(
            "vietqr_amount",
            f"The amount must be 1 to {MAX_AMOUNT_DIGITS} digits of đồng, not {amount}.",
            amount=amount,
        )
    return amount


def build(
    bin: str,
    account: str | None = None,
    card: str | None = None,
    amount: int | None = None,
    bill_number: str | None = None,
    purpose: str | None = None,
    static: bool = False,
    *,
    mcc: str | None = None,
    merchant_name: str | None = None,
    merchant_city: str | None = None,
) -> str:
    """The canonical payload: 00, 01, 38, 52, 53, 54, 58, 59, 60, 62, 63.

    Dynamic ("12", one transaction) when an amount is given unless ``static``; 52, 59,
    60 and 62 only when given. ``purpose`` (62/08) is the transfer content that reaches
    the bank statement: put :func:`transfer_reference` there.
    """
    if (account is None) == (card is None):
        raise _fail("vietqr_account", "Give either an account number or a card number.")
    is_card = card is not None
    number = _check_account(card if card is not None else account or "", card=is_card)
    service = SERVICE_CARD if is_card else SERVICE_ACCOUNT
    beneficiary = tlv("00", check_bin_format(bin)) + tlv("01", number)
    napas = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", service)
    method = DYNAMIC if amount is not None and not static else STATIC
    text = tlv("00", "01") + tlv("01", method) + tlv("38", napas)
    if mcc is not None:
        text += tlv("52", _check_mcc(mcc))
    text += tlv("53", CURRENCY_VND)
    if amount is not None:
        text += tlv("54", str(_check_amount(amount)))
    text += tlv("58", COUNTRY_VN)
    if merchant_name is not None:
        text += tlv("59", _check_text(merchant_name, "merchant name", MAX_NAME))
    if merchant_city is not None:
        text += tlv("60", _check_text(merchant_city, "merchant city", MAX_CITY))
    additional = ""
    if bill_number is not None:
        additional += tlv("01", _check_text(bill_number, "bill number", MAX_ADDITIONAL))
    if purpose is not None:
        additional += tlv("08", _check_text(purpose, "purpose", MAX_ADDITIONAL))
    if additional:
        text += tlv("62", additional)
    text += "6304"
    return text + crc16(text)


def _check_mcc(mcc: str) -> str:
    if not (len(mcc) == 4 and _is_digits(mcc)):
        raise _fail("vietqr_format", f"A merchant category code has 4 digits, not {mcc!r}.")
    return mcc


# --- parsing -----------------------------------------------------------------------


@record(frozen=True)
class VietQr:
    """What a payload says. ``account`` is the card number when ``service`` is QRIBFTTC."""

    bin: str
    account: str
    service: str | None
    amount: int | None
    bill_number: str | None
    purpose: str | None
    dynamic: bool
    crc_ok: bool
    mcc: str | None = None
    merchant_name: str | None = None
    merchant_city: str | None = None
    tags: tuple[tuple[str, str], ...] = ()  # top-level (id, value), as they came
    additional_data: tuple[tuple[str, str], ...] = ()  # 62's (sub-id, value)

    @property
    def is_card(self) -> bool:
        return self.service == SERVICE_CARD

    def to_data(self) -> dict[str, object]:
        return {
            "bin": self.bin,
            "account": self.account,
            "service": self.service,
            "amount": self.amount,
            "bill_number": self.bill_number,
            "purpose": self.purpose,
            "dynamic": self.dynamic,
            "crc_ok": self.crc_ok,
        }


def parse(payload: str, *, verify_crc: bool = True) -> VietQr:
    """Read a VietQR payload strictly (see the module docstring for each refusal).

    With ``verify_crc=False`` a wrong CRC is reported as ``crc_ok=False`` instead of
    refused (for diagnosing a damaged print); everything else stays strict.
    """
    _check_characters(payload)
    fields = split_tlv(payload)
    tags = _unique(fields, "the payload", "vietqr_duplicate")
    crc_ok = _check_crc(payload, fields, refuse=verify_crc)
    _check_header(tags)
    bin_code, account, service = _napas_account(tags)
    _check_fixed(tags)
    additional = _unique(split_tlv(tags.get("62", ""), "field 62"), "field 62", "vietqr_duplicate")
    for sub, value in additional.items():
        _check_text(value, f"field 62/{sub}", MAX_ADDITIONAL)
    return VietQr(
        bin=bin_code,
        account=account,
        service=service,
        amount=_parse_amount(tags.get("54")),
        bill_number=additional.get("01"),
        purpose=additional.get("08"),
        dynamic=tags.get("01") == DYNAMIC,
        crc_ok=crc_ok,
        mcc=tags.get("52"),
        merchant_name=tags.get("59"),
        merchant_city=tags.get("60"),
        tags=tuple(fields),
        additional_data=tuple(additional.items()),
    )


def _check_characters(payload: str) -> None:
    if not payload:
        raise _fail("vietqr_length", "The payload is empty.")
    for index, ch in enumerate(payload):
        if not " " <= ch <= "~":
            raise _fail(
                "vietqr_non_ascii",
                f"Character {index + 1} ({ch!r}) is not printable ASCII; "
                "VietQR text carries no diacritics.",
                position=index,
            )


def _unique(fields: list[tuple[str, str]], where: str, code: str) -> dict[str, str]:
    seen: dict[str, str] = {}
    for tag, value in fields:
        if tag in seen:
            raise _fail(code, f"Field {tag} appears twice in {where}.", tag=tag, where=where)
        seen[tag] = value
    return seen


def _check_crc(payload: str, fields: list[tuple[str, str]], *, refuse: bool) -> bool:
    tag, value = fields[-1]
    if tag != "63":
        raise _fail("vietqr_crc", "The CRC (field 63) is missing or not the last field.")
    if len(value) != 4 or not set(value) <= _HEX:
        raise _fail("vietqr_crc", f"The CRC must be 4 hex digits, not {value!r}.", crc=value)
    expected = crc16(payload[:-4])
    if value.upper() == expected:
        return True
    if refuse:
        raise _fail(
            "vietqr_crc",
            f"The CRC is {value} but the text gives {expected}: the code is damaged or altered.",
            crc=value,
            expected=expected,
        )
    return False


def _check_header(tags: dict[str, str]) -> None:
    if "00" not in tags:
        raise _fail("vietqr_missing", "The payload format indicator (field 00) is missing.")
    if tags["00"] != "01":
        raise _fail("vietqr_format", f"Field 00 must be 01, not {tags['00']!r}.")
    if "01" in tags and tags["01"] not in (STATIC, DYNAMIC):
        raise _fail("vietqr_format", f"Field 01 must be 11 or 12, not {tags['01']!r}.")
    for tag in tags:
        if 65 <= int(tag) <= 79:
            raise _fail(
                "vietqr_unexpected_key",
                f"Field {tag} is reserved by EMVCo and has no place in a VietQR.",
                tag=tag,
            )


def _napas_account(tags: dict[str, str]) -> tuple[str, str, str | None]:
    """BIN, account and service from 38, the NAPAS template."""
    if "38" not in tags:
        raise _fail("vietqr_not_napas", "This is not a NAPAS VietQR: it has no field 38.")
    napas = split_tlv(tags["38"], "field 38")
    guid = dict(napas).get("00")
    if guid != NAPAS_GUID:
        raise _fail(
            "vietqr_not_napas",
            f"This is not a NAPAS VietQR: 38/00 is {guid!r}, not {NAPAS_GUID}.",
            guid=guid,
        )
    template = _only_keys(napas, {"00", "01", "02"}, "38")
    if "01" not in template:
        raise _fail("vietqr_missing", "The beneficiary (field 38/01) is missing.")
    beneficiary = _only_keys(split_tlv(template["01"], "field 38/01"), {"00", "01"}, "38/01")
    if "00" not in beneficiary or "01" not in beneficiary:
        raise _fail("vietqr_missing", "Field 38/01 needs both the BIN (00) and the account (01).")
    service = template.get("02")
    if service is not None and service not in SERVICES:
        raise _fail("vietqr_service", f"{service!r} is not a NAPAS service.", service=service)
    bin_code = check_bin_format(beneficiary["00"])
    return bin_code, _check_account(beneficiary["01"], card=service == SERVICE_CARD), service


def _only_keys(fields: list[tuple[str, str]], allowed: set[str], where: str) -> dict[str, str]:
    for tag, _ in fields:
        if tag not in allowed:
            raise _fail(
                "vietqr_unexpected_key",
                f"Field {where} holds an unexpected key {tag}.",
                tag=tag,
                where=where,
            )
    return _unique(fields, f"field {where}", "vietqr_unexpected_key")


def _check_fixed(tags: dict[str, str]) -> None:
    if "53" not in tags or "58" not in tags:
        missing = "53 (currency)" if "53" not in tags else "58 (country)"
        raise _fail("vietqr_missing", f"Field {missing} is missing.", tag=missing[:2])
    if tags["53"] != CURRENCY_VND:
        raise _fail("vietqr_currency", f"The currency must be 704 (đồng), not {tags['53']!r}.")
    if tags["58"] != COUNTRY_VN:
        raise _fail("vietqr_country", f"The country must be VN, not {tags['58']!r}.")
    if "52" in tags:
        _check_mcc(tags["52"])
    if "59" in tags:
        _check_text(tags["59"], "merchant name", MAX_NAME)
    if "60" in tags:
        _check_text(tags["60"], "merchant city", MAX_CITY)


def _parse_amount(text: str | None) -> int | None:
    if text is None:
        return None
    if not _is_digits(text) or len(text) > MAX_AMOUNT_DIGITS or int(text) == 0:
        raise _fail(
            "vietqr_amount",
            f"The amount must be 1 to {MAX_AMOUNT_DIGITS} digits of whole đồng, not {text!r}.",
            amount=text,
        )
    return int(text)
