"""The whole way of a bank transfer: a real counter (its services, its sync, its citizen
screen) enrolled with a real server; the bank posts a signed notification; the next sync
turns the payment to paid and the citizen's screen to "Đã thanh toán"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.payments import PaidBy, PaymentState
from counter_app.domain.reception import parse_reception
from counter_app.ui.citizen_display import CitizenDisplay
from tests.central.bank_helpers import (
    notification,
    notify,
    publish_account,
    set_secret,
    unmatched,
)
from tests.central.fixtures import ServerFactory
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, add_ward, issue_code

pytestmark = pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def central(server: ServerFactory) -> CentralServer:
    started = server()
    add_ward(started, WARD_A, "Phường Hàng Bạc")
    return started


@pytest.fixture
def counter(services: Services, central: CentralServer, clock: FakeClock) -> Iterator[Services]:
    """An enrolled counter, started again as the ward's (the agency applies from a start)."""
    services.sync.enrol(central.url, issue_code(central, WARD_A), "quay-1")
    started = app.build(services.path.parent, clock)
    yield started
    started.sync.close()
    started.close()


def test_a_signed_notification_pays_on_the_counter_within_one_sync(
    counter: Services, central: CentralServer, qtbot: Any
) -> None:
    publish_account(central, WARD_A)
    counter.sync.sync_once()  # the ward's account comes down
    assert counter.payments.bank_account() is not None
    dossier = counter.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    assert dossier.code.startswith(WARD_A)
    payment = counter.payments.start_qr(dossier.code, "admin")
    display = CitizenDisplay(counter)
    qtbot.addWidget(display)
    display.show_payment(payment, dossier)
    counter.sync.sync_once()  # the payment goes up
    secret = set_secret(central)
    content = f"IBFT {payment.reference} NOP LE PHI HO SO"
    body = notification(content, payment.amount, "FT26334812345")
    assert notify(central, body, secret).json()["outcome"] == "matched"
    report = counter.sync.sync_once()  # one cycle: the confirmation comes down
    assert report.changes.payments_paid == 1
    paid = counter.payments.get(payment.reference)
    assert (paid.state, paid.paid_by, paid.bank_transaction) == (
        PaymentState.PAID,
        PaidBy.BANK,
        "FT26334812345",
    )
    display.tick()
    assert display.pages.currentIndex() == 2  # "Đã thanh toán"
    display.close()
    assert unmatched(central) == []
    counter.sync.sync_once()  # the counter's payment.paid goes up; nothing is held
    assert counter.sync.status()["held"] == 0
