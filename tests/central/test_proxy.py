"""The fault-injecting proxy does each thing it promises, over real loopback TCP.

The server behind it here is the standard library's: it records what reaches it, and
answers with how many requests it has had, so a test sees which answer the client got.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tests.central.fixtures import ProxyFactory
from tests.central.processes import free_port
from tests.central.proxy import Fault, FaultProxy


@dataclass
class Backend:
    url: str
    received: list[tuple[str, str, bytes]] = field(default_factory=list)

    def wait_for(self, count: int, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(self.received) == count, self.received


@pytest.fixture
def backend() -> Iterator[Backend]:
    received: list[tuple[str, str, bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._answer(b"")

        def do_POST(self) -> None:
            self._answer(self.rfile.read(int(self.headers["Content-Length"])))

        def _answer(self, body: bytes) -> None:
            received.append((self.command, self.path, body))
            payload = json.dumps({"n": len(received), "echo": body.decode()}).encode()
            self.send_response(201 if self.command == "POST" else 200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield Backend(f"http://127.0.0.1:{httpd.server_address[1]}", received)
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def proxy(backend: Backend, fault_proxy: ProxyFactory) -> FaultProxy:
    return fault_proxy(backend.url)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as http:
        yield http


def test_passes_requests_and_answers_through(
    proxy: FaultProxy, backend: Backend, client: httpx.Client
) -> None:
    body = json.dumps({"hồ sơ": "000.00.00.Z99-261123-0001"})
    answer = client.post(proxy.url + "/v1/push?x=1", content=body.encode())
    assert answer.status_code == 201
    assert answer.json() == {"n": 1, "echo": body}
    assert client.get(proxy.url + "/v1/health").json()["n"] == 2
    assert backend.received[0] == ("POST", "/v1/push?x=1", body.encode())
    assert [(e.path, e.fault, e.statuses, e.answered) for e in proxy.exchanges] == [
        ("/v1/push?x=1", None, [201], 201),
        ("/v1/health", None, [200], 200),
    ]


def test_answers_an_error_for_the_next_n_requests(
    proxy: FaultProxy, backend: Backend, client: httpx.Client
) -> None:
    proxy.fail(times=2)
    assert client.get(proxy.url + "/a").status_code == 500
    assert client.get(proxy.url + "/a").status_code == 500
    assert client.get(proxy.url + "/a").status_code == 200
    proxy.fail(status=503)
    assert client.get(proxy.url + "/a").status_code == 503
    assert len(backend.received) == 1
    assert proxy.forwarded() == 1


def test_faults_can_target_one_path_and_last_until_cleared(
    proxy: FaultProxy, backend: Backend, client: httpx.Client
) -> None:
    proxy.fail(times=None, path="/v1/push")
    for _ in range(3):
        assert client.post(proxy.url + "/v1/push", content=b"{}").status_code == 500
        assert client.get(proxy.url + "/v1/health").status_code == 200
    proxy.pass_through()
    assert client.post(proxy.url + "/v1/push", content=b"{}").status_code == 201
    assert [p for _, p, _ in backend.received] == ["/v1/health"] * 3 + ["/v1/push"]


def test_delays_a_request_and_still_delivers_it_after_the_client_gave_up(
    proxy: FaultProxy, backend: Backend, client: httpx.Client
) -> None:
    proxy.delay(0.4)
    started = time.monotonic()
    assert client.get(proxy.url + "/slow").status_code == 200
    assert time.monotonic() - started >= 0.4
    proxy.delay(0.5)
    with pytest.raises(httpx.ReadTimeout):
        client.post(proxy.url + "/push", content=b"late", timeout=0.1)
    assert len(backend.received) == 1
    backend.wait_for(2)  # a slow network: the server acts on it after all
    assert backend.received[1] == ("POST", "/push", b"late")


def test_drops_the_connection_before_forwarding(
    proxy: FaultProxy, backend: Backend, client: httpx.Client
) -> None:
    proxy.drop_request()
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(proxy.url + "/push", content=b"x")
    assert backend.received == []
    assert client.post(proxy.url + "/push", content=b"x").status_code == 201
    assert [e.fault for e in proxy.exchanges] == [Fault.DROP_REQUEST, None]


def test_loses_the_answer_of_a_request_the_server_carried_out(
    proxy: FaultProxy, backend: Backend, client: httpx.Client
) -> None:
    proxy.lose_response()
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(proxy.url + "/push", content=b"batch 1")
    assert backend.received == [("POST", "/push", b"batch 1")]
    lost = proxy.exchanges[0]
    assert (lost.fault, lost.statuses, lost.answered) == (Fault.LOSE_RESPONSE, [201], None)


def test_delivers_a_request_twice_and_returns_the_second_answer(
    proxy: FaultProxy, backend: Backend, client: httpx.Client
) -> None:
    proxy.duplicate()
    answer = client.post(proxy.url + "/push", content=b"batch 1")
    assert answer.json() == {"n": 2, "echo": "batch 1"}
    assert backend.received == [("POST", "/push", b"batch 1")] * 2
    assert proxy.forwarded("/push") == 2


def test_rewrites_the_json_of_an_answer_once(
    proxy: FaultProxy, backend: Backend, client: httpx.Client
) -> None:
    proxy.rewrite(lambda body: {**body, "phường": "Hàng Bạc"}, path="/v1/changes")
    assert client.get(proxy.url + "/v1/health").json() == {"n": 1, "echo": ""}
    answer = client.get(proxy.url + "/v1/changes?since=0")
    assert answer.json() == {"n": 2, "echo": "", "phường": "Hàng Bạc"}  # its length set again
    assert client.get(proxy.url + "/v1/changes").json() == {"n": 3, "echo": ""}
    assert [e.fault for e in proxy.exchanges] == [None, Fault.REWRITE, None]


def test_answers_502_while_the_server_is_down(fault_proxy: ProxyFactory) -> None:
    proxy = fault_proxy(f"http://127.0.0.1:{free_port()}")
    with httpx.Client(timeout=5) as client:
        answer = client.get(proxy.url + "/v1/health")
    assert answer.status_code == 502
    assert proxy.exchanges[0].statuses == []


def test_refuses_what_it_cannot_frame(proxy: FaultProxy, backend: Backend) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"streamed"

    with httpx.Client(timeout=5) as client:
        assert client.post(proxy.url + "/push", content=chunks()).status_code == 501
    with socket.create_connection(("127.0.0.1", int(proxy.url.rsplit(":", 1)[1]))) as raw:
        raw.sendall(b"NONSENSE\r\n\r\n")
        assert raw.recv(100).startswith(b"HTTP/1.1 501 ")
    assert backend.received == []


def test_closes_promptly_with_a_request_held(backend: Backend) -> None:
    proxy = FaultProxy(backend.url)
    proxy.delay(30)
    with httpx.Client(timeout=10) as client:
        waiting = threading.Thread(target=_ignore_errors, args=(client, proxy.url + "/held"))
        waiting.start()
        while not proxy.exchanges:
            time.sleep(0.01)
        started = time.monotonic()
        proxy.close()
        waiting.join()
    assert time.monotonic() - started < 5
    assert backend.received == []


def _ignore_errors(client: httpx.Client, url: str) -> None:
    with contextlib.suppress(httpx.HTTPError):
        client.get(url)
