"""Bank notifications against a real server on each backend: signed, matched to the right
payment and device, listed for the accountant when they pay nothing, refused when
forged or replayed, and a secret that rotates without a refused notification."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest

from central.bank import find_references
from counter_app.domain.clock import VIETNAM
from counter_app.domain.payment_reference import transfer_reference
from counter_app.sync.wire import (
    REPLAY_WINDOW_S,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    ErrorBody,
    ErrorCode,
    ParkReason,
    PushResponse,
)
from tests.central.bank_helpers import (
    PAID_AT,
    confirmations,
    dossier_code,
    notification,
    notify,
    payment_payload,
    push,
    set_secret,
    set_secret_by_command,
    start_payment,
    unmatched,
)
from tests.central.fixtures import ServerFactory
from tests.central.server import CentralServer
from tests.central.sync_helpers import (
    WARD_A,
    WARD_B,
    Counter,
    add_ward,
    eventually,
    issue_code,
    sql,
)


@pytest.fixture
def central(server: ServerFactory) -> CentralServer:
    started = server()
    add_ward(started, WARD_A, "Phường Hàng Bạc")
    add_ward(started, WARD_B, "Phường Cửa Nam")
    return started


def enrolled(central: CentralServer, ward: str) -> Counter:
    counter = Counter(central.url)
    assert counter.enrol(issue_code(central, ward)).status_code == 200
    return counter


@pytest.fixture
def counters(central: CentralServer) -> tuple[Counter, Counter, Counter]:
    """Two counters of ward A, one of ward B."""
    return enrolled(central, WARD_A), enrolled(central, WARD_A), enrolled(central, WARD_B)


def refused(response: object, code: ErrorCode) -> str:
    assert getattr(response, "status_code", None) == 401, getattr(response, "text", response)
    body = ErrorBody.model_validate_json(response.content)  # type: ignore[attr-defined]
    assert body.error is code
    return body.detail


def test_a_signed_notification_pays_the_right_device(
    central: CentralServer, counters: tuple[Counter, Counter, Counter]
) -> None:
    first, second, other_ward = counters
    code = dossier_code(first, WARD_A)
    first.receive(code)
    reference = start_payment(first, code, 50_000)
    push(first)
    secret = set_secret(central)
    content = f"MBVCB.8812345.{reference.lower()} thanh toan le phi.CT tu 0123 NGUYEN VAN AN"
    answer = notify(central, notification(content, 50_000, "FT26334000001"), secret)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"outcome": "matched", "reference": reference}
    (change,) = confirmations(first)
    assert change["device_id"] == first.device_id
    assert change["payload"] == {
        "reference": reference,
        "amount": 50_000,
        "bank_transaction": "FT26334000001",
        "paid_at": PAID_AT,
    }
    assert confirmations(second) == [] and confirmations(other_ward) == []
    assert unmatched(central) == []


def test_payments_that_do_not_match_are_listed_for_the_accountant(
    central: CentralServer, counters: tuple[Counter, Counter, Counter]
) -> None:
    first, _second, _other = counters
    code = dossier_code(first, WARD_A)
    first.receive(code)
    reference = start_payment(first, code, 50_000)
    push(first)
    secret = set_secret(central)
    partial = notify(central, notification(reference, 20_000, "FT-PARTIAL"), secret)
    over = notify(central, notification(f"QMC {reference}", 80_000, "FT-OVER"), secret)
    assert partial.json() == over.json() == {"outcome": "amount_mismatch", "reference": reference}
    nobody = transfer_reference(f"{WARD_B}-261130-1001")
    unknown = notify(central, notification(nobody, 10_000, "FT-UNKNOWN"), secret)
    assert unknown.json() == {"outcome": "unmatched", "reference": nobody}
    noise = notify(central, notification("chuyen tien an trua", 10_000, "FT-NOISE"), secret)
    assert noise.json() == {"outcome": "unmatched", "reference": None}
    listed = {item["bank_transaction_id"]: item for item in unmatched(central)}
    assert [(i["outcome"], i["reason"]) for i in listed.values()] == [
        ("amount_mismatch", "partial"),
        ("amount_mismatch", "over"),
        ("unmatched", "no_payment"),
        ("unmatched", "no_reference"),
    ]
    assert listed["FT-PARTIAL"]["expected_amount"] == 50_000
    assert listed["FT-PARTIAL"]["amount"] == 20_000
    assert listed["FT-PARTIAL"]["dossier_code"] == code
    assert listed["FT-PARTIAL"]["ward"] == WARD_A
    assert listed["FT-UNKNOWN"]["ward"] == WARD_B  # the reference names ward B's dossier
    assert listed["FT-NOISE"]["ward"] is None
    assert [i["bank_transaction_id"] for i in unmatched(central, "--ward", WARD_A)] == [
        "FT-PARTIAL",
        "FT-OVER",
    ]
    assert confirmations(first) == []


def test_a_repeated_notification_is_a_duplicate(
    central: CentralServer, counters: tuple[Counter, Counter, Counter]
) -> None:
    first = counters[0]
    code = dossier_code(first, WARD_A)
    reference = start_payment(first, code, 30_000)
    push(first)
    secret = set_secret(central)
    body = notification(reference, 30_000, "FT-ONCE")
    assert notify(central, body, secret).json()["outcome"] == "matched"
    again = notify(central, body, secret)  # the connector did not see the first answer
    assert again.status_code == 200
    assert again.json() == {"outcome": "duplicate", "reference": reference}
    other_content = notification("something else", 1, "FT-ONCE")  # the id decides
    assert notify(central, other_content, secret).json()["outcome"] == "duplicate"
    assert len(confirmations(first)) == 1


def test_a_second_transfer_for_a_paid_payment_is_listed(
    central: CentralServer, counters: tuple[Counter, Counter, Counter]
) -> None:
    first = counters[0]
    reference = start_payment(first, dossier_code(first, WARD_A), 30_000)
    push(first)
    secret = set_secret(central)
    assert notify(central, notification(reference, 30_000, "FT-1"), secret).json()["outcome"] == (
        "matched"
    )
    second = notify(central, notification(reference, 30_000, "FT-2"), secret).json()
    assert second["outcome"] == "unmatched"
    assert [(i["bank_transaction_id"], i["reason"]) for i in unmatched(central)] == [
        ("FT-2", "already_matched")
    ]
    first.write("payment.paid", payment_payload(reference, 30_000, "paid", paid_by="bank"))
    push(first)
    third = notify(central, notification(reference, 30_000, "FT-3"), secret).json()
    assert third["outcome"] == "unmatched"
    assert unmatched(central)[-1]["reason"] == "not_payable"
    assert len(confirmations(first)) == 1


def test_no_device_can_take_a_payment_before_the_dossier_s_counter_pushes_it(
    central: CentralServer, counters: tuple[Counter, Counter, Counter]
) -> None:
    """References follow from dossier codes: another ward's device, or another counter
    of the same ward, pushing a payment of a dossier it never received is parked, and
    the bank's money still goes to the counter that received the dossier."""
    first, second, other_ward = counters
    code = dossier_code(first, WARD_A, 6)  # first's next dossier, not yet pushed
    reference = transfer_reference(code)
    squatted = payment_payload(reference, 10_000, "pending")
    for squatter in (other_ward, second):
        squatter.write("payment.started", squatted)
        answer = PushResponse.model_validate_json(squatter.push(squatter.log).content)
        [parked] = answer.parked
        expected = ParkReason.OTHER_WARD if squatter is other_ward else ParkReason.NOT_ITS_DOSSIER
        assert parked.reason is expected
        assert code in parked.detail
    start_payment(second, dossier_code(second, WARD_A), 5_000)  # its own dossier's: applied
    again = PushResponse.model_validate_json(second.push(second.log).content)
    assert [event.seq for event in again.parked] == [1]  # the squatted one, still parked

    the_bank_pays_its_counter(central, first, code, reference, [second, other_ward])


def test_a_counter_cannot_squat_another_counter_s_next_dossier_and_its_payment(
    central: CentralServer, counters: tuple[Counter, Counter, Counter]
) -> None:
    """Another counter of the ward pushes first counter's next dossier code (today, in
    first's block) with a payment of it: both are parked, and the dossier, its payment
    and the bank's money stay first's."""
    first, second, _other = counters
    code = dossier_code(first, WARD_A, 7, day=f"{datetime.now(VIETNAM):%y%m%d}")
    reference = start_payment(second, code, 10_000)  # second "receives" it, then bills it
    squat = PushResponse.model_validate_json(second.push(second.log).content)
    assert [(p.seq, p.reason) for p in squat.parked] == [
        (1, ParkReason.NOT_ITS_BLOCK),
        (2, ParkReason.NOT_ITS_DOSSIER),
    ]
    the_bank_pays_its_counter(central, first, code, reference, [second])


def the_bank_pays_its_counter(
    central: CentralServer, owner: Counter, code: str, reference: str, others: list[Counter]
) -> None:
    """The dossier's own counter bills it (the squatted reference) and pushes; the bank's
    notification is matched, and its confirmation goes to that counter alone."""
    assert start_payment(owner, code, 10_000) == reference
    push(owner)
    secret = set_secret(central)
    paid = notify(central, notification(f"CK {reference} le phi", 10_000, "FT-OWN"), secret)
    assert paid.json()["outcome"] == "matched"
    assert len(confirmations(owner)) == 1
    assert all(confirmations(other) == [] for other in others)


def test_a_payment_of_a_dossier_another_counter_holds_is_parked(
    central: CentralServer, counters: tuple[Counter, Counter, Counter]
) -> None:
    first, second, _other = counters
    code = dossier_code(first, WARD_A)
    start_payment(first, code, 10_000)
    push(first)
    second.write("payment.started", payment_payload(transfer_reference(code, 1), 10_000, "pending"))
    [parked] = PushResponse.model_validate_json(second.push(second.log).content).parked
    assert parked.reason is ParkReason.CODE_TAKEN
    assert f"held by device {first.device_id}" in parked.detail


def test_a_payment_of_no_fee_is_not_a_payment_the_bank_can_pay(
    central: CentralServer, counters: tuple[Counter, Counter, Counter]
) -> None:
    first = counters[0]
    references = [
        start_payment(first, dossier_code(first, WARD_A, number), amount)
        for number, amount in ((1, 0), (2, -5))
    ]
    push(first)  # stored; the projection skips them
    secret = set_secret(central)
    for number, reference in enumerate(references):
        answer = notify(central, notification(reference, 10_000, f"FT-NONE-{number}"), secret)
        assert answer.json()["outcome"] == "unmatched", reference
    assert [row["reason"] for row in unmatched(central)] == ["no_payment", "no_payment"]


def test_a_notification_before_its_payment_is_matched_when_the_payment_arrives(
    central: CentralServer, counters: tuple[Counter, Counter, Counter]
) -> None:
    """The counter was offline when the citizen paid: its payment reaches the server
    after the bank's notification, and the confirmation follows it down."""
    first, second, _other = counters
    code = dossier_code(first, WARD_A)
    reference = transfer_reference(code)
    secret = set_secret(central)
    early = notify(central, notification(reference, 40_000, "FT-EARLY"), secret)
    assert early.json() == {"outcome": "unmatched", "reference": reference}
    assert unmatched(central)[0]["reason"] == "no_payment"
    cash_code = dossier_code(first, WARD_A, 2)
    cash = transfer_reference(cash_code)
    notify(central, notification(cash, 10_000, "FT-CASH-TOO"), secret)
    first.receive(code)
    start_payment(first, code, 40_000)
    first.write("payment.expired", payment_payload(reference, 40_000, "expired"))
    first.receive(cash_code)
    first.write("payment.paid", payment_payload(cash, 10_000, "paid", method="cash"))
    push(first)  # pending, then expired: the bank's money still pays it
    (change,) = confirmations(first)
    assert change["payload"]["bank_transaction"] == "FT-EARLY"  # type: ignore[index]
    assert confirmations(second) == []
    assert [(i["bank_transaction_id"], i["reason"]) for i in unmatched(central)] == [
        ("FT-CASH-TOO", "not_payable")  # paid in cash, and by transfer too
    ]


def test_forged_stale_and_unsigned_notifications_are_refused(
    central: CentralServer, counters: tuple[Counter, Counter, Counter]
) -> None:
    first = counters[0]
    reference = start_payment(first, dossier_code(first, WARD_A), 30_000)
    push(first)
    secret = set_secret(central)
    body = notification(reference, 30_000, "FT-FORGED")
    raw = json.dumps(body).encode()
    refused(notify(central, body, "not-the-secret-" * 3), ErrorCode.SIGNATURE_INVALID)
    tampered = json.dumps({**body, "amount": 30}).encode()
    refused(notify(central, tampered, secret, sign_as=raw), ErrorCode.SIGNATURE_INVALID)
    now = int(time.time())
    refused(notify(central, body, secret, timestamp=now - REPLAY_WINDOW_S - 60), ErrorCode.STALE)
    refused(notify(central, body, secret, timestamp=now + REPLAY_WINDOW_S + 60), ErrorCode.STALE)
    for headers in ({}, {TIMESTAMP_HEADER: str(now)}, {SIGNATURE_HEADER: "00" * 32}):
        detail = refused(
            notify(central, body, secret, headers=headers), ErrorCode.SIGNATURE_INVALID
        )
        assert SIGNATURE_HEADER in detail
    odd = {TIMESTAMP_HEADER: "yesterday", SIGNATURE_HEADER: "00" * 32}
    refused(notify(central, body, secret, headers=odd), ErrorCode.SIGNATURE_INVALID)
    assert unmatched(central) == [] and confirmations(first) == []
    # Signed but not a notification: refused as invalid, after the signature.
    bad = notify(central, {**body, "amount": "30000"}, secret)
    assert bad.status_code == 422
    no_offset = notify(central, {**body, "paid_at": "2026-11-30T09:05:00"}, secret)
    assert no_offset.status_code == 422
    assert notify(central, body, secret).json()["outcome"] == "matched"


def test_the_secret_rotates_without_a_refusal(
    central: CentralServer, counters: tuple[Counter, Counter, Counter]
) -> None:
    first = counters[0]
    references = [start_payment(first, dossier_code(first, WARD_A, n), 10_000) for n in (1, 2, 3)]
    push(first)
    old = set_secret_by_command(central)
    new = set_secret_by_command(central)
    assert new != old
    ok = [
        notify(central, notification(references[0], 10_000, "FT-OLD"), old),
        notify(central, notification(references[1], 10_000, "FT-NEW"), new),
    ]
    assert [r.json()["outcome"] for r in ok] == ["matched", "matched"]
    said = central.run_cli("bank", "secret", "retire").stdout
    assert said.startswith("1 older secret retired")
    late = notify(central, notification(references[2], 10_000, "FT-LATE"), old)
    refused(late, ErrorCode.SIGNATURE_INVALID)
    assert notify(central, notification(references[2], 10_000, "FT-LATE"), new).status_code == 200
    assert len(confirmations(first)) == 3


def test_without_a_secret_notifications_wait(central: CentralServer) -> None:
    answer = notify(central, notification("x", 1, "FT-1"), "s" * 40)
    assert answer.status_code == 503
    assert ErrorBody.model_validate_json(answer.content).error is ErrorCode.UNAVAILABLE
    given = central.run_cli("bank", "secret", "set", "--stdin", input="short\n", check=False)
    assert given.returncode == 2 and given.stderr.count("\n") == 1
    assert "32–200" in given.stderr


def test_a_confirmation_reaches_a_counter_behind_a_ward_server(
    server: ServerFactory, tmp_path: Path
) -> None:
    """The bank posts to the city; the counter is enrolled with its ward's server, which
    forwards its payment up and relays the confirmation down."""
    city = server()
    add_ward(city, WARD_A, "Phường Hàng Bạc")
    relay_token = city.run_cli("relay-token", "--ward", WARD_A).stdout.splitlines()[-1]
    ward_db = f"sqlite:///{tmp_path / 'ward.db'}"
    add_ward(ward_db, WARD_A, "Phường Hàng Bạc")
    ward = server("--upstream", city.url, "--upstream-token", relay_token, db=ward_db)
    counter = enrolled(ward, WARD_A)
    code = dossier_code(counter, WARD_A)
    counter.receive(code)
    reference = start_payment(counter, code, 25_000)
    push(counter)
    query = "SELECT state FROM payment_states WHERE reference = :r"
    eventually(lambda: sql(city, query, r=reference) == [("pending",)], "the city has it")
    secret = set_secret(city)
    answer = notify(city, notification(reference, 25_000, "FT-RELAYED"), secret)
    assert answer.json()["outcome"] == "matched"
    (change,) = eventually(lambda: confirmations(counter), "the confirmation is relayed")
    assert change["device_id"] == counter.device_id
    assert change["payload"]["bank_transaction"] == "FT-RELAYED"  # type: ignore[index]


@pytest.mark.slow
def test_notifications_at_once_in_two_processes_pay_once(server: ServerFactory) -> None:
    """The same transfer sent eight times at once, and two transfers of one payment at
    once, to a server of two processes: one match each time."""
    central = server("--workers", "2")
    add_ward(central, WARD_A, "Phường Hàng Bạc")
    counter = enrolled(central, WARD_A)
    first = start_payment(counter, dossier_code(counter, WARD_A, 1), 10_000)
    second = start_payment(counter, dossier_code(counter, WARD_A, 2), 10_000)
    push(counter)
    secret = set_secret(central)
    same = notification(first, 10_000, "FT-SAME")
    rivals = [notification(second, 10_000, f"FT-RIVAL-{n}") for n in (1, 2)]
    with ThreadPoolExecutor(10) as pool:
        answers = list(pool.map(lambda body: notify(central, body, secret), [same] * 8 + rivals))
    outcomes = [answer.json()["outcome"] for answer in answers]
    assert sorted(outcomes[:8]) == ["duplicate"] * 7 + ["matched"]
    assert sorted(outcomes[8:]) == ["matched", "unmatched"]
    assert [item["reason"] for item in unmatched(central)] == ["already_matched"]
    paid = sorted(c["payload"]["reference"] for c in confirmations(counter))  # type: ignore[index]
    assert paid == sorted([first, second])


def test_references_are_found_however_the_bank_writes_the_content() -> None:
    reference = transfer_reference("001.02.03.H26-261130-1001")
    assert find_references(reference) == [reference]
    assert find_references(f"IBFT {reference.lower()} Lệ phí hộ tịch") == [reference]
    assert find_references(f"MBVCB.123.THANHTOAN{reference}XYZ.CT") == [reference]
    assert find_references(f"ĐÓNG PHÍ-{reference}-NGUYỄN VĂN ĐỨC") == [reference]
    assert find_references("chuyen tien 1234567890123456789012345") == []
    other = transfer_reference("004.05.06.H26-261130-2001", 3)
    assert find_references(f"{reference} {other}") == [reference, other]
