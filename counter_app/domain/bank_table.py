"""The banks a VietQR can pay into: NAPAS BINs, shipped as data in ``resources/banks.json``."""

from __future__ import annotations

from collections.abc import Iterable

from counter_app.domain.errors import DomainError
from counter_app.domain.records import record
from counter_app.domain.vietqr import check_bin_format


def _fail(code: str, message: str, **params: object) -> DomainError:
    return DomainError(code, message, **params)


@record(frozen=True)
class Bank:
    bin: str
    short_name: str
    name: str


def banks_from_data(data: object) -> list[Bank]:
    """The bank table from the parsed ``resources/banks.json`` (``{"banks": [...]}``)."""
    rows = data.get("banks") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise _fail("vietqr_banks", "The bank table must be an object with a list 'banks'.")
    banks: list[Bank] = []
    for row in rows:
        values = [row.get(key) if isinstance(row, dict) else None for key in Bank.__annotations__]
        if not all(isinstance(value, str) and value for value in values):
            raise _fail("vietqr_banks", f"Bank entry {row!r} needs bin, short_name and name.")
        bank = Bank(*(str(value) for value in values))
        check_bin_format(bank.bin)
        if any(other.bin == bank.bin for other in banks):
            raise _fail("vietqr_banks", f"BIN {bank.bin} appears twice in the bank table.")
        banks.append(bank)
    return banks


def bank_for(bin_code: str, banks: Iterable[Bank]) -> Bank | None:
    return next((bank for bank in banks if bank.bin == bin_code), None)


def check_bin(bin_code: str, banks: Iterable[Bank]) -> Bank:
    """The bank of a BIN from the table, or a refusal (``vietqr_bin``/``vietqr_bin_unknown``)."""
    bank = bank_for(check_bin_format(bin_code), banks)
    if bank is None:
        raise _fail(
            "vietqr_bin_unknown", f"{bin_code} is not the BIN of a known bank.", bin=bin_code
        )
    return bank
