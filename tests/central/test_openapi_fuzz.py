"""Schemathesis against the OpenAPI document a real server serves, on each database.

Every operation of ``/openapi.json`` goes through schemathesis' phases (the document's
examples, its coverage cases: boundaries, missing parameters, unexpected methods; then
generated requests, valid and invalid), once with an enrolled counter's token and once
without any, and every answer through all its checks: no 5xx; a documented status, the
documented content type, headers and a body that follows the documented schema; invalid
requests refused; a missing token a 401.

To reach past the first refusals, some valid pushes are rewritten to continue the
enrolled counter's hash chain (so random event contents are stored and projected), and
bank notifications are signed with the server's bank secret (so random bodies reach the
matching). What a fuzzer does not write (a valid chain around a hostile payload) is
tested case by case below.

Schemathesis' pytest plugin (``schemathesis.pytest.from_fixture``) does not run under
pytest 9 (it sets ``Function._nodeid``), so each operation's test is built with the
function the plugin uses, ``build_operation_test``, and run as a subtest.
"""

from __future__ import annotations

import json
import socket
import time
import uuid
import zlib
from collections import Counter as Tally
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import requests
import schemathesis
from pydantic import ValidationError
from schemathesis import Case
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.pytest._test_builder import build_operation_test

from counter_app.domain.event_chain import GENESIS, event_hash
from counter_app.domain.payment_reference import transfer_reference
from counter_app.sync.wire import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    ErrorBody,
    ErrorCode,
    PushRequest,
    PushResponse,
)
from tests.central.bank_helpers import notification, notify, signature
from tests.central.fixtures import BACKENDS
from tests.central.server import CentralServer
from tests.central.sync_helpers import DAY, WARD_A, Counter, issue_code, now

if TYPE_CHECKING:
    from tests.central.postgres import Postgres

EXAMPLES = 25  # generated requests per operation; the coverage cases come on top
EVENTS = "/v1/events"
BANK = "/v1/bank/notifications"
OPERATIONS = {
    "GET /v1/health",
    "POST /v1/enrol",
    "POST /v1/displays/enrol",
    f"POST {EVENTS}",
    "GET /v1/changes",
    "GET /v1/me",
    f"POST {BANK}",
    "GET /v1/queue/status",
    "GET /v1/queue/setup",
    "GET /v1/queue/stats",
    "GET /v1/queue/stream",
    "POST /v1/queue/tickets",
    "POST /v1/queue/call-next",
    "POST /v1/queue/tickets/{label}/call",
    "POST /v1/queue/tickets/{label}/rating",
    "POST /v1/queue/counters/{counter}/{action}",
}
# The live stream never ends by itself: tests/central/test_queue.py reads it.
ENDLESS = {"GET /v1/queue/stream"}
# What the schema cannot say is refused 422: seq not increasing or an id twice in one
# batch; a bank's paid_at that is not an ISO 8601 time with its offset.
MORE_THAN_SCHEMA = ["2xx", "401", "403", "409", "422"]
# HTTP's own framing, which the client library writes: a generated value (a
# Content-Length of "bn<-Ls") is refused by the HTTP parser with a plain 400 before any
# route sees the request. Taken out of the generated headers; tested on its own below.
FRAMING = frozenset({"content-length", "transfer-encoding", "host", "connection"})


def fuzz_config(token: str | None) -> SchemathesisConfig:
    """All phases but the stateful one (no links between operations), all checks."""
    config: dict[str, Any] = {
        "generation": {
            "mode": "all",
            "max-examples": EXAMPLES,
            "deterministic": True,  # the same requests on every run: a failure reproduces
            "database": "none",  # no .hypothesis folder
            # Every text refuses NUL (422, tested below), which JSON Schema does not say.
            "allow-x00": False,
        },
        "phases": {"stateful": {"enabled": False}},
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "409"]},
        },
        "operations": [
            {
                "include-path": [EVENTS, BANK],
                "checks": {"positive_data_acceptance": {"expected-statuses": MORE_THAN_SCHEMA}},
            },
            {
                # Strict documents: 5.0 is not the integer 5 (JSON Schema says it is).
                "include-path-regex": "^/v1/queue/",
                "checks": {"positive_data_acceptance": {"expected-statuses": MORE_THAN_SCHEMA}},
            },
        ],
        "request-timeout": 30,
    }
    if token is not None:
        config["auth"] = {"openapi": {"HTTPBearer": {"bearer": token}}}
    return SchemathesisConfig.from_dict(config)


@dataclass
class Fuzzed:
    """A server with one ward, one enrolled counter and a bank secret; what it answered."""

    central: CentralServer
    counter: Counter
    bank_secret: str
    head_seq: int = 0  # the counter's chain at the server, continued by rewritten pushes
    head_hash: str = GENESIS
    answers: dict[str, Tally[int]] = field(default_factory=dict)

    def send(self, case: Case) -> None:
        """The case, checked; a valid push may continue the chain, a notification is signed."""
        for name in [name for name in case.headers or {} if name.lower() in FRAMING]:
            del case.headers[name]
        chained = case.path == EVENTS and self._continue_chain(case.body)
        signed = {"auth": BankSignature(self.bank_secret)} if case.path == BANK else {}
        response = case.call_and_validate(**signed)
        self.answers.setdefault(case.operation.label, Tally())[response.status_code] += 1
        if chained and response.status_code == 200:  # else refused for another reason
            acked = PushResponse.model_validate_json(response.content).acked_through
            assert acked == case.body["events"][-1]["seq"], "a continued chain is stored whole"
            self.head_seq, self.head_hash = acked, case.body["events"][-1]["hash"]

    def _continue_chain(self, body: Any) -> bool:
        """Rewrite a valid push (about half of them, chosen by their content) into the
        next events of the counter's chain; whether it was."""
        if not _valid_push(body) or not body["events"] or zlib.crc32(_text(body)) % 2:
            return False
        prev = self.head_hash
        body["device_id"] = self.counter.device_id
        for index, event in enumerate(body["events"]):
            event.update(
                device_id=self.counter.device_id,
                seq=self.head_seq + 1 + index,
                id=str(uuid.uuid4()),
                prev_hash=prev,
            )
            event["hash"] = prev = event_hash(prev, event)
        return True


def _valid_push(body: Any) -> bool:
    try:
        PushRequest.model_validate_json(_text(body))
    except (ValidationError, TypeError, ValueError):
        return False
    return True


def _text(body: Any) -> bytes:
    return json.dumps(body, sort_keys=True).encode()


class BankSignature(requests.auth.AuthBase):
    """Signs the bytes ``requests`` is about to send, as the bank connector does."""

    def __init__(self, secret: str) -> None:
        self.secret = secret

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body or b""
        raw = body.encode() if isinstance(body, str) else body
        moment = str(int(time.time()))
        request.headers[TIMESTAMP_HEADER] = moment
        request.headers[SIGNATURE_HEADER] = signature(self.secret, moment, raw)
        return request


@dataclass(frozen=True)
class Site:
    """One server for the whole module on each database (starting one is the slow part):
    a ward, the bank secret."""

    central: CentralServer
    bank_secret: str

    def enrolled(self) -> Counter:
        """A new counter of the ward, enrolled (a test of its own has a chain of its own)."""
        counter = Counter(self.central.url)
        assert counter.enrol(issue_code(self.central, WARD_A)).status_code == 200
        return counter


@pytest.fixture(scope="module", params=BACKENDS)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("fuzz")
    cluster: Postgres | None = None
    if request.param == "sqlite":
        db = f"sqlite:///{folder / 'central.db'}"
    else:
        cluster = request.getfixturevalue("postgres")
        db = cluster.create_database()
    # Fuzzing fails thousands of times from one address: the limits have their own tests.
    unlimited = [f"--rate-limit={rule}=1000000/1" for rule in ("enrol", "bank", "token")]
    central = CentralServer(db, folder / "server.log", tuple(unlimited)).start()
    try:
        yield Site(central, _ward_and_bank_secret(db))
    finally:
        central.kill()
        if cluster is not None:
            cluster.drop_database(db)


def _ward_and_bank_secret(db: str) -> str:
    """What ``ward add`` and ``bank secret set`` do, in this process (the commands have
    their own tests); the secret."""
    from central import bank, database, wards

    engine = database.open_engine(db)
    try:
        with database.write(engine) as conn:
            wards.add_ward(conn, WARD_A, "Phường Thử Nghiệm", now())
            secret = bank.new_secret()
            bank.set_secret(conn, secret, now())
    finally:
        engine.dispose()
    return secret


@pytest.fixture
def fuzzed(site: Site) -> Fuzzed:
    return Fuzzed(site.central, site.enrolled(), site.bank_secret)


def fuzz_every_operation(fuzzed: Fuzzed, token: str | None, subtests: pytest.Subtests) -> None:
    """Each operation's phases as one subtest: a failure is shrunk to its smallest
    request (with a curl line to replay it) and names its operation."""
    url = f"{fuzzed.central.url}/openapi.json"
    schema = schemathesis.openapi.from_url(url, config=fuzz_config(token))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {operation.label for operation in operations} == OPERATIONS
    for operation in operations:
        if operation.label in ENDLESS:
            continue
        with subtests.test(msg=operation.label):
            build_operation_test(
                config=schema.config,
                operation=operation,
                test_func=fuzzed.send,
                given_kwargs={},
                feedback=FeedbackSources(),
            )()


def test_every_operation_with_a_device_token(fuzzed: Fuzzed, subtests: pytest.Subtests) -> None:
    fuzz_every_operation(fuzzed, fuzzed.counter.token, subtests)
    answers = fuzzed.answers
    # The token got past authentication, and random events were stored in the chain.
    assert answers["GET /v1/me"][200] and answers["GET /v1/changes"][200]
    assert answers[f"POST {EVENTS}"][200] and fuzzed.head_seq > 0
    assert answers[f"POST {BANK}"][200] or answers[f"POST {BANK}"][422]  # signed


def test_every_operation_without_a_token(fuzzed: Fuzzed, subtests: pytest.Subtests) -> None:
    fuzz_every_operation(fuzzed, None, subtests)
    # 422: a made-up token and a malformed query (looked up after the query is read).
    for label in ("GET /v1/me", "GET /v1/changes", f"POST {EVENTS}"):
        assert set(fuzzed.answers[label]) <= {401, 405, 422}, (label, fuzzed.answers[label])
        assert fuzzed.answers[label][401], label


# --- what a fuzzer does not write: valid chains and signatures around hostile values --


def refused(response: httpx.Response, status: int, where: str) -> None:
    assert response.status_code == status, response.text
    body = ErrorBody.model_validate_json(response.content)
    assert body.error is ErrorCode.INVALID and where in body.detail, body.detail


def test_a_nul_character_is_refused_with_where_it_is(fuzzed: Fuzzed) -> None:
    """PostgreSQL cannot store one; both databases answer 422, never 500."""
    central, counter = fuzzed.central, fuzzed.counter
    event = counter.write("officer.logged_in", {"n": 1})
    event["officer"] = "ad\x00min"
    event["hash"] = event_hash(event["prev_hash"], event)
    refused(counter.push([event]), 422, "events.0.officer")
    body = {"code": issue_code(central, WARD_A), "device_id": "pc\x00", "device_name": "x"}
    refused(httpx.post(f"{central.url}/v1/enrol", json=body), 422, "device_id")
    mail = notification("QMC chuyen tien", 10_000, "tx\x00")
    refused(notify(central, mail, fuzzed.bank_secret), 422, "bank_transaction_id")
    counter.log.clear()
    # Inside the payload text it is an escape the device hashed: stored like any other.
    counter.write("officer.logged_in", {"note": "a\x00b"})
    assert counter.push(counter.log).status_code == 200


def test_hostile_payloads_are_stored_and_never_break_the_push(fuzzed: Fuzzed) -> None:
    """Projections skip what they cannot read (docs/sync-protocol.md): times beyond
    what UTC can hold, amounts beyond 64 bits, NUL characters in what would be stored."""
    counter = fuzzed.counter
    code = f"{WARD_A}-{DAY}-{counter.counter_number * 1000 + 1:04d}"
    reference = transfer_reference(code)
    early, late = "0001-01-01T00:00+14:00", "9999-12-31T23:59-14:00"
    counter.write("dossier.received", {"code": code, "status": "received", "received_at": early})
    counter.write("dossier.rescheduled", {"code": code, "to": late})
    counter.write("dossier.status_changed", {"code": "a\x00b", "to": "returned"})
    payment = {"reference": reference, "amount": 2**70, "state": "pending"}
    counter.write("payment.started", payment)
    counter.write("payment.started", {**payment, "reference": "\x00" * 19, "amount": 1})
    counter.write("payment.paid", {**payment, "amount": 5, "paid_at": early})
    counter.write("payment.paid", {**payment, "amount": 5, "paid_by": "bank\x00"})
    response = counter.push(counter.log)
    assert response.status_code == 200, response.content
    assert PushResponse.model_validate_json(response.content).acked_through == 7


def test_a_bank_time_out_of_range_is_refused(site: Site) -> None:
    """Both are in year 1 or 9999 as written, not in UTC, where the server keeps them."""
    for paid_at in ("0001-01-01T03:00+07:00", "9999-12-31T23:59-14:00"):
        mail = notification("QMC chuyen tien", 10_000, "tx-1", paid_at=paid_at)
        refused(notify(site.central, mail, site.bank_secret), 422, "paid_at")


def test_a_request_without_a_token_is_refused_before_its_query_is_read(site: Site) -> None:
    for path in ("/v1/changes?since=0.5&limit=x", "/v1/me?x=1"):
        response = httpx.get(f"{site.central.url}{path}")
        assert response.status_code == 401, response.text
        assert ErrorBody.model_validate_json(response.content).error is ErrorCode.UNAUTHENTICATED


def test_a_request_http_cannot_frame_is_refused_and_the_server_stays_up(site: Site) -> None:
    """What the fuzzer's framing headers would have sent: the HTTP parser answers 400
    and closes that connection; the next request is served."""
    host, port = site.central.url.removeprefix("http://").split(":")
    for length in ("bn<-Lsb}jZ=", "-1", "1, 2"):
        request = f"GET /v1/health HTTP/1.1\r\nHost: {host}\r\nContent-Length: {length}\r\n\r\n"
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(request.encode("latin-1"))
            status = sock.recv(4096).split(b"\r\n", 1)[0]
        assert status.startswith(b"HTTP/1.1 400"), (length, status)
    assert httpx.get(f"{site.central.url}/v1/health").status_code == 200


def test_a_control_character_in_a_header_is_the_parsers_400_and_the_server_stays_up(
    site: Site,
) -> None:
    """A control character in ``Authorization`` (or any header) is refused by uvicorn's
    HTTP parser (httptools; h11 alike) before the application sees the request: its
    plain-text 400, not an ``ErrorBody`` (docs/sync-protocol.md, Endpoints). That
    connection is closed; the next request is served. A tab is allowed in a header
    value: that one reaches the application and is its JSON 401."""
    host, port = site.central.url.removeprefix("http://").split(":")

    def sent(header: bytes) -> tuple[bytes, bytes]:
        request = b"GET /v1/me HTTP/1.1\r\nHost: x\r\n" + header + b"\r\n\r\n"
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(request)
            answer = b""
            while chunk := sock.recv(4096):  # the server closes the connection
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        return head.split(b"\r\n", 1)[0], body

    for header in (b"Authorization: Bearer a\x01b", b"Authorization: Bearer \x1b[2J", b"X-A: \x7f"):
        status, body = sent(header)
        assert status == b"HTTP/1.1 400 Bad Request", (header, status)
        assert body == b"Invalid HTTP request received.", (header, body)
        assert httpx.get(f"{site.central.url}/v1/health").status_code == 200
    status, body = sent(b"Authorization: Bearer a\tb\r\nConnection: close")
    assert status.startswith(b"HTTP/1.1 401")
    assert ErrorBody.model_validate_json(body).error is ErrorCode.UNAUTHENTICATED
