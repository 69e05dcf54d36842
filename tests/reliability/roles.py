"""Out-of-role requests: every guarded action tried by every role that lacks its right.

Shared by ``tests/services/test_permissions.py`` (each permission, each role) and the
reliability report: on a real installation, a refused action must raise
``not_permitted``, log one ``access.refused`` event and change nothing else.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.dossiers import Dossier, Status
from counter_app.domain.errors import DomainError
from counter_app.domain.reception import parse_reception
from counter_app.services.permissions import Permission, allowed
from counter_app.services.queue import DEFAULT_SCALE, scale_to_json

PASSWORD = "mat-khau-dai"
ACCOUNTS = {"cb.lan": "officer", "tp.minh": "head", "qt.hoa": "admin"}
PATERNITY = "1.001022"  # its fee is set by the unit
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=VIETNAM)


def set_up_ward(services: Services) -> Services:
    """The unit's three kinds of account, and the ward's bank account."""
    for username, role in ACCOUNTS.items():
        services.accounts.add_officer(username, f"Cán Bộ {username}", role, PASSWORD, "admin")
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG THU NGHIEM", "admin")
    return services


def received(services: Services, officer: str = "admin") -> Dossier:
    document = copy.deepcopy(EXAMPLE_RECEPTION)
    return services.reception.receive(parse_reception(document), officer)


def _paid(services: Services) -> str:
    return services.payments.record_cash(received(services).code, "admin").reference


def _pending(services: Services) -> str:
    return services.payments.start_qr(received(services).code, "admin").reference


# One guarded action per permission: what the role tries, on the state it needs.
ACTIONS: dict[Permission, Callable[[Services, str], object]] = {
    Permission.UNIT: lambda s, who: s.accounts.set_lock_minutes(5, who),
    Permission.PRINTER: lambda s, who: s.printing.configure(None, 9600, "epson-tm-t82", who),
    Permission.SCANNER: lambda s, who: s.scanning.configure("/dev/ttyACM0", 9600, who),
    Permission.BANK_ACCOUNT: lambda s, who: s.payments.set_bank_account(
        "970436", "0011001234567", "UBND PHUONG MOI", who
    ),
    Permission.CATALOGUE: lambda s, who: s.catalogue.set_fee(PATERNITY, 15_000, who),
    Permission.CALENDAR: lambda s, who: s.reference.set_day(
        date(2026, 12, 31), False, "Nghỉ bù", who
    ),
    Permission.REFUND: lambda s, who: s.payments.refund(_paid(s), who, "Thu nhầm"),
    Permission.CONFIRM_PAYMENT: lambda s, who: s.payments.confirm(
        _pending(s), who, "Đã thấy tiền vào tài khoản"
    ),
    Permission.OTHERS_DOSSIERS: lambda s, who: s.dossiers.change_status(
        received(s).code, Status.WITHDRAWN, "Công dân rút hồ sơ", who
    ),
    Permission.OTHERS_WORK: lambda s, who: s.payments.report(s.clock.now(), who),
    Permission.ACCOUNTS: lambda s, who: s.accounts.add_officer(
        "cb.moi", "Cán Bộ Mới", "officer", PASSWORD, who
    ),
    Permission.ENROLMENT: lambda s, who: s.sync.enrol(
        "http://127.0.0.1:9", "ABCD-EFGH-JKMN", "quay", who
    ),
    Permission.QUEUE_SETTINGS: lambda s, who: s.queue.set_rating_scale(
        scale_to_json(DEFAULT_SCALE), who
    ),
}


def attempt(services: Services, permission: Permission, who: str) -> DomainError | None:
    """The action's refusal, or None when it went past the check (done, or stopped later
    for another reason: an action that needs a server, say)."""
    try:
        ACTIONS[permission](services, who)
    except DomainError as error:
        return error
    except Exception:
        return None
    return None


@dataclass(frozen=True)
class Refusal:
    permission: Permission
    username: str
    role: str | None
    refused: bool  # not_permitted, with its access.refused event
    unchanged: bool  # nothing but that event written
    detail: str


def _fingerprint(services: Services) -> str:
    """Every table but the event log, row by row (the refusal's event is checked apart)."""
    digest = hashlib.sha256()
    names = services.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('events')"
        " AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    for (name,) in names:
        rows = sorted(repr(row) for row in services.db.execute(f'SELECT * FROM "{name}"'))
        digest.update(repr((name, rows)).encode())
    return digest.hexdigest()


def try_out_of_role(folder: Path, permission: Permission, username: str) -> Refusal:
    """One out-of-role attempt on a fresh installation, after what the action needs."""
    services = set_up_ward(app.build(folder, FakeClock(MONDAY)))
    try:
        role = ACCOUNTS.get(username)
        before_events = services.db.execute("SELECT count(*) FROM events").fetchone()[0]
        fingerprint = _fingerprint(services)
        error = attempt(services, permission, username)
        refused = error is not None and error.code == "not_permitted"
        logged = services.db.execute(
            "SELECT count(*) FROM events WHERE type = 'access.refused'"
        ).fetchone()[0]
        events = services.db.execute("SELECT count(*) FROM events").fetchone()[0]
        # A refusal writes its event only; what the action needed first (a dossier, a
        # payment) is set up before the check and counted apart.
        unchanged = logged == 1 and (
            _fingerprint(services) == fingerprint or permission in NEEDS_STATE
        )
        detail = "" if refused and unchanged else f"{error!r}, {events - before_events} events"
        return Refusal(permission, username, role, refused and logged == 1, unchanged, detail)
    finally:
        services.close()


# Actions that first make what they act on (a dossier, a payment): the table check is
# theirs to skip; the refusal and its single event are still checked.
NEEDS_STATE = frozenset({Permission.REFUND, Permission.CONFIRM_PAYMENT, Permission.OTHERS_DOSSIERS})


def out_of_role() -> list[tuple[Permission, str]]:
    """Every permission with every user who lacks it (an unknown name included)."""
    return [
        (permission, username)
        for permission in Permission
        for username in [*ACCOUNTS, "nobody"]
        if not allowed(ACCOUNTS.get(username), permission)
    ]
