"""Reference data down the tree: what the operator publishes for the wards' devices.

Each kind is checked with the counter's own rules (``counter_app.domain``) before
anything is written, then goes to one ward or to every ward as changes for all of its
devices, through :func:`central.changes.publish`, in the caller's transaction: all of it
or nothing. A change equal to the last one of its kind and key published to that ward
is left out, so running a command again costs the devices nothing. The payloads are
those of ``wire.ChangeKind`` (docs/publishing.md); how the counter applies them without
losing its own work is ``counter_app/services/sync_changes.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from central import changes, schema
from central.errors import Refused
from central.wards import Ward
from counter_app.domain import bank_table
from counter_app.domain.calendar import CalendarOverride
from counter_app.domain.calendar_facts import DayFact, YearConfirmation, YearFacts
from counter_app.domain.errors import DomainError
from counter_app.domain.json_document import JsonDocumentError, read_document
from counter_app.domain.limits import check_day
from counter_app.domain.procedures import Catalogue
from counter_app.domain.records import record
from counter_app.domain.text import clean
from counter_app.domain.time_limits import WorkingHours
from counter_app.sync.wire import ChangeKind

# As the counter checks them (counter_app.services.accounts).
ROLES = ("officer", "head", "admin")
USERNAME = re.compile(r"^[a-z][a-z0-9._-]{2,31}$")
# The shipped NAPAS table: the wheel's counter_app/resources, or the checkout's resources/.
_ROOT = Path(__file__).resolve().parent.parent
BANK_TABLES = (_ROOT / "counter_app" / "resources" / "banks.json", _ROOT / "resources/banks.json")
Key = Callable[[ChangeKind, dict[str, Any]], Hashable]
CALENDAR_DAYS = (ChangeKind.CALENDAR_DAY, ChangeKind.CALENDAR_DAY_CLEARED)


@record(frozen=True)
class Published:
    """What one ward got: changes written, and those left out as already there."""

    ward: str
    published: int
    unchanged: int

    def line(self) -> str:
        return f"ward {self.ward}: {self.published} published, {self.unchanged} unchanged"


def refused(exc: DomainError | ValueError) -> Refused:
    return Refused(" ".join(str(exc).split()))


def send(
    conn: Connection,
    targets: list[Ward],
    items: list[tuple[ChangeKind, dict[str, Any]]],
    key: Key,
    now: datetime,
) -> list[Published]:
    """Publish ``items`` to every ward of ``targets``, each unless the ward's last change
    of the same key is the same."""
    kinds = sorted({kind for kind, _ in items} | _siblings(items))
    done = []
    for ward in targets:
        latest = _latest(conn, ward.id, kinds, key)
        published = 0
        for kind, payload in items:
            if latest.get(key(kind, payload)) == (kind, payload):
                continue
            changes.publish(conn, ward.id, kind, payload, now=now)
            latest[key(kind, payload)] = (kind, payload)
            published += 1
        done.append(Published(ward.code, published, len(items) - published))
    return done


def _siblings(items: list[tuple[ChangeKind, dict[str, Any]]]) -> set[ChangeKind]:
    """Kinds that share keys: a day set and a day cleared."""
    return set(CALENDAR_DAYS) if any(kind in CALENDAR_DAYS for kind, _ in items) else set()


def _latest(
    conn: Connection, ward_id: int, kinds: list[ChangeKind], key: Key
) -> dict[Hashable, tuple[ChangeKind, dict[str, Any]]]:
    table = schema.changes
    rows = conn.execute(
        select(table.c.kind, table.c.payload)
        .where(
            table.c.ward_id == ward_id,
            table.c.device_id.is_(None),
            table.c.kind.in_([kind.value for kind in kinds]),
        )
        .order_by(table.c.id)
    )
    latest: dict[Hashable, tuple[ChangeKind, dict[str, Any]]] = {}
    for row in rows:
        kind = ChangeKind(row.kind)
        try:
            latest[key(kind, row.payload)] = (kind, row.payload)
        except (KeyError, TypeError):
            continue  # a payload of an older shape: never equal to a new one
    return latest


MAX_FILE_BYTES = 8_000_000
"""The largest ``--file`` read. The shipped catalogue holds 14 procedures in 29 KB, about
2 KB each: this is some 3,800 of them, several times a ward's whole catalogue. Anything
larger is refused after reading one byte more than this, never read whole."""


def read_json(path: str) -> Any:
    """The JSON document of a ``--file``, not over :data:`MAX_FILE_BYTES`, read as
    counter-app reads its own (``json_document.read_document``: a leading byte order
    mark, which Windows Notepad writes, skipped)."""

    def read(count: int) -> bytes:
        with Path(path).open("rb") as file:
            return file.read(count)

    try:
        return read_document(path, read, MAX_FILE_BYTES)
    except JsonDocumentError as exc:
        raise Refused(str(exc)) from None


# --- the catalogue -----------------------------------------------------------------------


def catalogue(data: Any) -> list[tuple[ChangeKind, dict[str, Any]]]:
    """One change per procedure version record of a ``procedures.json``, as written there
    (each read with ``Procedure.from_data``; versions of a code must not overlap)."""
    try:
        Catalogue.from_data(data)
    except DomainError as exc:
        raise refused(exc) from None
    return [(ChangeKind.PROCEDURE, dict(record)) for record in data["procedures"]]


def procedure_key(_kind: ChangeKind, payload: dict[str, Any]) -> Hashable:
    return ("procedure", payload["code"], payload["version"])


# --- the calendar ------------------------------------------------------------------------


def holidays(data: Any) -> tuple[list[tuple[ChangeKind, dict[str, Any]]], list[int]]:
    """A day change per day of a calendar file; and the years left out.

    The file is the shipped table's format (``resources/calendar/vietnam.json``: the
    days of its announced years; an expected year's entries are estimates, left out) or
    ``{"days": [{day, working, name, source}, …]}``.
    """
    facts, skipped = _days(data, announced_only=True)
    return [(ChangeKind.CALENDAR_DAY, _day_payload(fact)) for fact in facts], skipped


def day(day_text: str, working: bool, name: str, source: str) -> dict[str, Any]:
    fact = _fact({"day": day_text, "working": working, "name": name, "source": source})
    return _day_payload(fact)


def day_cleared(day_text: str) -> dict[str, Any]:
    fact = _fact({"day": day_text, "working": False, "name": "-"})
    return {"day": fact.day.isoformat()}


def year_confirmed(year: int, data: Any, source: str) -> dict[str, Any]:
    """A year's complete list of days off and make-up days, vouched for by the city: the
    days of ``year`` in a calendar file (either format)."""
    facts, _ = _days(data, announced_only=False)
    days = tuple(fact for fact in facts if fact.day.year == year)
    if not source and isinstance(data, Mapping) and "years" in data:
        source = next((str(y["source"]) for y in data["years"] if y["year"] == year), "")
    if not days:
        raise Refused(f"the file lists no day of {year}")
    try:
        confirmed = YearConfirmation(year, days, source)
    except DomainError as exc:
        raise refused(exc) from None
    return {
        "year": year,
        "source": confirmed.source,
        "days": [fact.to_data() for fact in confirmed.days],
    }


def calendar_key(kind: ChangeKind, payload: dict[str, Any]) -> Hashable:
    if kind is ChangeKind.CALENDAR_YEAR:
        return ("year", payload["year"])
    return ("day", payload["day"])


def _days(data: Any, announced_only: bool) -> tuple[list[DayFact], list[int]]:
    try:
        if isinstance(data, Mapping) and "years" in data:
            return _table_days(data, announced_only)
        if isinstance(data, Mapping) and set(data) == {"days"} and isinstance(data["days"], list):
            return _listed_days(data["days"]), []
    except DomainError as exc:
        raise refused(exc) from None
    raise Refused('a calendar file is the shipped table\'s format or {"days": [...]}')


def _listed_days(items: list[Any]) -> list[DayFact]:
    """The days of a ``{"days": [...]}`` list, each once: of a day given twice, off and
    working, the ward would keep whichever came last (the shipped table's format is
    checked so by ``CalendarTable``)."""
    facts: dict[date, DayFact] = {}
    for item in items:
        fact = _fact(item)
        if fact.day in facts:
            raise Refused(f"the day {fact.day.isoformat()} is given twice: give each day once")
        facts[fact.day] = fact
    return list(facts.values())


def _table_days(data: Mapping[str, Any], announced_only: bool) -> tuple[list[DayFact], list[int]]:
    from counter_app.domain.calendar_facts import CalendarTable

    CalendarTable.from_data(data)  # the whole table checked first
    facts: list[DayFact] = []
    skipped: list[int] = []
    for item in data["years"]:
        year = YearFacts.from_data(item)
        if announced_only and not year.announced:
            skipped.append(year.year)
        else:
            facts += [_fact(fact.to_data()) for fact in year.days]
    return facts, skipped


def _fact(item: Any) -> DayFact:
    """A day, checked as a day list's entry and as the counter's calendar entry, in the
    range of days the counter takes (a 9999-12-31 stored there could be neither listed
    nor cleared by its administrator)."""
    try:
        fact = DayFact.from_data(item)
        CalendarOverride(fact.day, fact.working, fact.name, fact.source)
        check_day(fact.day)  # the counter's own entries are refused outside 1900-2100
    except DomainError as exc:
        raise refused(exc) from None
    return fact


def _day_payload(fact: DayFact) -> dict[str, Any]:
    return fact.to_data()


# --- office hours, the bank account, officers --------------------------------------------


def hours(periods: str) -> dict[str, Any]:
    try:
        return {"periods": WorkingHours.parse(periods.strip()).to_text()}
    except DomainError as exc:
        raise refused(exc) from None


def bank_account(bin_code: str, account: str, name: str) -> dict[str, Any]:
    """The ward's receiving account, checked as the counter checks it (a known NAPAS BIN,
    6–19 digits, the name in capitals without diacritics as the bank writes it)."""
    bin_code = bin_code.strip()
    try:
        banks = _bank_table()
        if banks is None:
            from counter_app.domain.vietqr import check_bin_format

            check_bin_format(bin_code)
        else:
            bank_table.check_bin(bin_code, banks)
    except DomainError as exc:
        raise refused(exc) from None
    account = clean(account).replace(" ", "")
    if not (account.isascii() and account.isdigit() and 6 <= len(account) <= 19):
        raise Refused("an account number has 6–19 digits")
    name = clean(name).upper()
    if not name or len(name) > 50 or not name.isascii():
        raise Refused("give the account name as the bank writes it: capitals without diacritics")
    return {"bin": bin_code, "account": account, "name": name}


def _bank_table() -> list[bank_table.Bank] | None:
    for path in BANK_TABLES:
        if path.is_file():
            return bank_table.banks_from_data(json.loads(path.read_text(encoding="utf-8")))
    return None


def officer(username: str, full_name: str, role: str, active: bool) -> dict[str, Any]:
    """An officer of the ward's counters (never a password: the ward's administrator
    sets it on the counter)."""
    username = username.strip()
    if not USERNAME.match(username):
        raise Refused(
            "a username has 3–32 lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter"
        )
    full_name = clean(full_name)
    if not 2 <= len(full_name) <= 100:
        raise Refused("give the officer's full name (2–100 characters)")
    if role not in ROLES:
        raise Refused(f"a role is one of {', '.join(ROLES)}")
    return {"username": username, "full_name": full_name, "role": role, "active": active}


def single_key(kind: ChangeKind, _payload: dict[str, Any]) -> Hashable:
    """Office hours and the bank account: one value per ward."""
    return kind.value


def officer_key(_kind: ChangeKind, payload: dict[str, Any]) -> Hashable:
    return ("officer", payload["username"])
