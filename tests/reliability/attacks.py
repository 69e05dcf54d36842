"""Forged requests against a real ``counter-central serve``: none may succeed.

Each attack sends what an intruder (or a confused device) could send with what it
holds: another ward's device id, a revoked token, a screen's token, a badly signed bank
notification, an old batch again, an altered one. An attack is *refused* when the
server answers as planned AND its database is unchanged where it matters (the events,
dossier codes, paid payments and notifications it stores).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from counter_app.domain.event_chain import canonical, event_hash
from tests.central.bank_helpers import notification, notify, push, set_secret, start_payment
from tests.central.server import CentralServer
from tests.central.sync_helpers import DAY, WARD_A, WARD_B, Counter, enrolment_code, sql

STATE = (
    "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM dossier_codes),"
    " (SELECT count(*) FROM payment_states WHERE state = 'paid'),"
    " (SELECT count(*) FROM bank_notifications)"
)


@dataclass
class Cast:
    """The server and who holds what: counters of wards A and B, a revoked counter, a
    screen, the bank's secret and a payment waiting for its transfer."""

    central: CentralServer
    a: Counter
    b: Counter
    revoked: Counter
    display: Counter
    secret: str
    reference: str


@dataclass(frozen=True)
class Attack:
    name: str
    kind: str
    send: Callable[[Cast], httpx.Response]
    expected: tuple[int, ...]
    keeps_events: bool = True  # False: a stored, parked event is the planned answer


def counter(central: CentralServer, ward: str) -> Counter:
    one = Counter(central.url)
    assert one.enrol(enrolment_code(central, ward)).status_code == 200
    return one


def display(central: CentralServer) -> Counter:
    screen = Counter(central.url)
    code = enrolment_code(central, WARD_A, "--display")
    body = {"code": code, "device_id": screen.device_id, "device_name": "Kiosk"}
    answer = httpx.post(f"{central.url}/v1/displays/enrol", json=body, timeout=30)
    assert answer.status_code == 200, answer.text
    screen.token = answer.json()["token"]
    return screen


def cast(central: CentralServer) -> Cast:
    for ward, name in ((WARD_A, "Phường Hàng Bạc"), (WARD_B, "Phường Cửa Nam")):
        central.run_cli("ward", "add", "--code", ward, "--name", name)
    a, b, revoked = (counter(central, w) for w in (WARD_A, WARD_B, WARD_A))
    central.run_cli("device", "revoke", revoked.device_id)
    a.receive_next()
    reference = start_payment(a, _code(a), 30_000)
    push(a)
    return Cast(central, a, b, revoked, display(central), set_secret(central), reference)


def _code(counter: Counter) -> str:
    return str(json.loads(counter.log[-1]["payload"])["code"])


def _tampered(event: dict[str, Any], rehash: bool) -> dict[str, Any]:
    changed = {**event, "payload": canonical({**json.loads(event["payload"]), "forged": 1})}
    if rehash:
        changed["hash"] = event_hash(changed["prev_hash"], changed)
    return changed


def _altered_batch(c: Cast, rehash: bool) -> httpx.Response:
    """A fresh event of A's, altered in transit (its hash kept, or made again) and sent
    with the event after it."""
    first = c.a.write("unit.note", {"n": len(c.a.log)})
    second = c.a.write("unit.note", {"n": len(c.a.log)})
    answer = c.a.push([_tampered(first, rehash), second])
    c.a.log[-2:] = []  # the true events were never sent
    return answer


def _forked(c: Cast) -> httpx.Response:
    restored = Counter(c.central.url, device_id=c.a.device_id, token=c.a.token)
    restored.write("unit.note", {"another": "history"})
    return restored.push(restored.log)


def _bank(c: Cast, **how: Any) -> httpx.Response:
    body = notification(c.reference, 30_000, f"FT-FORGED-{time.monotonic_ns()}")
    if how.get("altered"):
        raw = json.dumps(body).encode()
        return notify(c.central, {**body, "amount": 30}, c.secret, sign_as=raw)
    if how.get("stale"):
        return notify(c.central, body, c.secret, timestamp=int(time.time()) - 3600)
    return notify(c.central, body, "not-the-secret-" * 3)


def _pull(holder: Counter) -> httpx.Response:
    with holder.client() as client:
        return client.get("/v1/changes")


ATTACKS = [
    Attack(
        "ward A's token pushes as ward B's device",
        "other ward",
        lambda c: c.a.push([c.b.write("unit.note", {"n": 1})], device_id=c.b.device_id),
        (403,),
    ),
    Attack(
        "ward A's token pushes ward B's event",
        "other ward",
        lambda c: c.a.push([c.b.log[-1]]),
        (403,),
    ),
    Attack(
        "ward A's counter claims a ward B dossier code",
        "other ward",
        lambda c: c.a.push([c.a.receive(f"{WARD_B}-{DAY}-{1000 + len(c.a.log):04d}")]),
        (200,),
        keeps_events=False,
    ),
    Attack(
        "revoked token pushes",
        "revoked token",
        lambda c: c.revoked.push([c.revoked.write("unit.note", {"n": 1})]),
        (401,),
    ),
    Attack("revoked token pulls", "revoked token", lambda c: _pull(c.revoked), (401,)),
    Attack(
        "display device pushes events",
        "display device",
        lambda c: c.display.push([c.display.write("unit.note", {"n": 1})]),
        (403,),
    ),
    Attack("display device pulls changes", "display device", lambda c: _pull(c.display), (403,)),
    Attack("bank notification, wrong secret", "bank signature", lambda c: _bank(c), (401, 403)),
    Attack(
        "bank notification altered after signing",
        "bank signature",
        lambda c: _bank(c, altered=True),
        (401, 403),
    ),
    Attack(
        "bank notification replayed an hour late",
        "bank signature",
        lambda c: _bank(c, stale=True),
        (401, 403),
    ),
    Attack("stored batch replayed", "replayed batch", lambda c: c.a.push(c.a.log), (200,)),
    Attack(
        "event altered in transit (hash kept)",
        "chain_broken",
        lambda c: _altered_batch(c, rehash=False),
        (409,),
    ),
    Attack(
        "event altered in transit (hash recomputed)",
        "chain_broken",
        lambda c: _altered_batch(c, rehash=True),
        (409,),
    ),
    Attack("another history at stored seqs", "chain_broken", _forked, (409,)),
]


@dataclass
class AttackResult:
    attack: Attack
    status: int
    refused: bool
    detail: str


def run_attacks(work: Path, rounds: int = 1) -> list[AttackResult]:
    """Every attack ``rounds`` times against a fresh server on SQLite in ``work``."""
    work.mkdir(parents=True, exist_ok=True)
    central = CentralServer(f"sqlite:///{work / 'attacks.db'}", work / "attacks.log").start()
    results = []
    try:
        c = cast(central)
        for _ in range(rounds):
            for attack in ATTACKS:
                results.append(_try(c, attack))
    finally:
        central.kill()
    return results


def _try(c: Cast, attack: Attack) -> AttackResult:
    before = sql(c.central, STATE)[0]
    answer = attack.send(c)
    after = sql(c.central, STATE)[0]
    if not attack.keeps_events:  # the parked event is stored; nothing else may change
        before, after = before[1:], after[1:]
    refused = answer.status_code in attack.expected and before == after
    if attack.keeps_events is False and refused:
        parked = answer.json().get("parked", [])
        refused = bool(parked) and parked[-1]["reason"] == "other_ward"
    detail = f"HTTP {answer.status_code}; stored {before} -> {after}"
    return AttackResult(attack, answer.status_code, refused, detail)
