"""Helpers of the bank notification tests: the secret, a signed POST as a bank connector
makes it (docs/bank-notifications.md), a counter's payment events, its pulled changes."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import httpx

from counter_app.domain.payment_reference import transfer_reference
from counter_app.sync.wire import SIGNATURE_HEADER, TIMESTAMP_HEADER
from tests.central.server import CentralServer
from tests.central.sync_helpers import DAY, Counter, now

ENDPOINT = "/v1/bank/notifications"
PAID_AT = "2026-11-30T09:05:00+07:00"


def set_secret(central: CentralServer) -> str:
    """What ``bank secret set`` does, in this process (``set_secret_by_command`` runs the
    command itself, for the tests about it): a new secret, the previous one still valid."""
    from central import bank, database

    secret = bank.new_secret()
    engine = database.open_engine(central.db)
    try:
        with database.write(engine) as conn:
            bank.set_secret(conn, secret, now())
    finally:
        engine.dispose()
    return secret


def set_secret_by_command(central: CentralServer) -> str:
    """``counter-central bank secret set``: the generated secret is its output's last line."""
    return central.run_cli("bank", "secret", "set").stdout.splitlines()[-1]


def publish_account(central: CentralServer, ward: str) -> None:
    """The ward's fee account, published as the city does (``publish bank-account``)."""
    args = ("--bin", "970436", "--account", "1017595600", "--name", "UBND Phuong Hang Bac")
    central.run_cli("publish", "bank-account", "--ward", ward, *args)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Written out here as the connector's documentation says, not taken from the server."""
    message = timestamp.encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def notification(content: str, amount: int, transaction: str, **more: Any) -> dict[str, Any]:
    return {
        "bank_transaction_id": transaction,
        "amount": amount,
        "content": content,
        "paid_at": PAID_AT,
        **more,
    }


def notify(
    central: CentralServer,
    body: dict[str, Any] | bytes,
    secret: str,
    *,
    timestamp: int | None = None,
    sign_as: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """POST a notification signed with ``secret`` (over ``sign_as`` if given: a body
    changed after signing), at ``timestamp`` (default now)."""
    raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    moment = str(int(time.time()) if timestamp is None else timestamp)
    sent = {
        "Content-Type": "application/json",
        TIMESTAMP_HEADER: moment,
        SIGNATURE_HEADER: signature(secret, moment, raw if sign_as is None else sign_as),
    }
    if headers is not None:
        sent = {**{"Content-Type": "application/json"}, **headers}
    return httpx.post(central.url + ENDPOINT, content=raw, headers=sent, timeout=30)


def dossier_code(counter: Counter, ward: str, number: int = 1, day: str = DAY) -> str:
    return f"{ward}-{day}-{counter.counter_number * 1000 + number:04d}"


def start_payment(counter: Counter, code: str, amount: int, attempt: int = 0) -> str:
    """The counter's ``payment.started`` event (PaymentService's payload), after the
    dossier's reception unless the counter received it already; its reference."""
    if not any(_received_code(event) == code for event in counter.log):
        counter.receive(code)
    reference = transfer_reference(code, attempt)
    counter.write("payment.started", payment_payload(reference, amount, "pending"))
    return reference


def _received_code(event: dict[str, Any]) -> str | None:
    if event["type"] != "dossier.received":
        return None
    return str(json.loads(event["payload"]).get("code"))


def payment_payload(reference: str, amount: int, state: str, **more: Any) -> dict[str, Any]:
    return {
        "reference": reference,
        "dossier_id": "4b0c6a52-0000-4000-8000-000000000001",
        "amount": amount,
        "method": "qr",
        "state": state,
        "reason": "",
        "paid_by": None,
        "qr_payload": "000201010212…",
        "expires_at": "2026-11-30T09:15:00+07:00",
        "paid_at": None,
        "confirmed_by": None,
        "bank_transaction": None,
        **more,
    }


def push(counter: Counter) -> None:
    """Push the counter's whole log (the server keeps each event once)."""
    response = counter.push(counter.log)
    assert response.status_code == 200, response.text


def pulled(counter: Counter, since: int = 0) -> list[dict[str, Any]]:
    with counter.client() as client:
        response = client.get("/v1/changes", params={"since": since})
    assert response.status_code == 200, response.text
    changes: list[dict[str, Any]] = response.json()["changes"]
    return changes


def confirmations(counter: Counter) -> list[dict[str, object]]:
    """The bank's confirmations the counter pulls (``payment.confirmed`` changes)."""
    return [c for c in pulled(counter) if c["kind"] == "payment.confirmed"]


def unmatched(central: CentralServer, *args: str) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = json.loads(
        central.run_cli("payments", "unmatched", *args).stdout
    )
    return listed
