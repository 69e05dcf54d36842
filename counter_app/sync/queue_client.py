"""The ward's queue over HTTP (``/v1/queue``), for the counter, the kiosk and the board.

The same transport and refusals as the sync (:class:`SyncClient`): a server that cannot
be reached raises :class:`ServerUnreachable`, a refusal :class:`Refused` with the
server's code (``queue_conflict`` for an action that does not fit the ticket).
:meth:`QueueClient.statuses` follows the queue live (server-sent events) until the
connection drops; the caller connects again (``QueueFollower`` in the windows).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx

from counter_app.sync import queue_wire as qw
from counter_app.sync import wire
from counter_app.sync.client import ServerUnreachable, SyncClient, _refusal
from counter_app.sync.wire import Wire

STREAM_READ_TIMEOUT = 30.0  # the server writes at least every 10 s


def _no_constant(name: str) -> Any:
    """NaN and Infinity are no JSON: printed again, they would not read back (jq)."""
    raise ValueError(f"{name} is not JSON")


def _figures(found: Any) -> bool:
    """The shape every answer of ``/queue/stats`` has (``queue_stats.figures`` and its
    day): any other JSON object, a captive portal's or an older server's, is no figures."""
    if not isinstance(found, dict) or not isinstance(found.get("date"), str):
        return False
    whole = found.get("all")
    return isinstance(whole, dict) and type(whole.get("tickets")) is int


class QueueClient(SyncClient):
    def enrol_display(self, request: wire.EnrolRequest) -> wire.DisplayEnrolResponse:
        """A kiosk's or board's one-time code for its token (no token needed)."""
        response = self._send("POST", "/displays/enrol", content=request.model_dump_json())
        return self._read(response, wire.DisplayEnrolResponse)

    def status(self) -> qw.QueueStatus:
        return self._read(self._send("GET", "/queue/status"), qw.QueueStatus)

    def setup(self) -> qw.QueueSetup:
        return self._read(self._send("GET", "/queue/setup"), qw.QueueSetup)

    def stats(self, day: str | None = None) -> dict[str, Any]:
        """The ward's figures of ``day`` (YYYY-MM-DD, default today), as JSON."""
        params = {"date": day} if day else None
        response = self._send("GET", "/queue/stats", params=params)
        try:
            found = json.loads(response.content, parse_constant=_no_constant)
        except ValueError:
            found = None
        if not _figures(found):
            raise ServerUnreachable("answer_invalid", f"{self.base_url} sent no figures")
        figures: dict[str, Any] = found
        return figures

    def take(
        self,
        area: str,
        priority: qw.Priority | None = None,
        source: qw.TicketSource = qw.TicketSource.COUNTER,
    ) -> qw.TakenTicket:
        body = qw.TakeRequest(area=area, priority=priority, source=source).model_dump_json()
        return self._read(self._send("POST", "/queue/tickets", content=body), qw.TakenTicket)

    def call_next(self, counter: int, officer: str = "") -> qw.CallAnswer:
        body = qw.CallRequest(counter=counter, officer=officer).model_dump_json()
        return self._read(self._send("POST", "/queue/call-next", content=body), qw.CallAnswer)

    def call(self, label: str, counter: int, officer: str = "") -> qw.CallAnswer:
        body = qw.CallRequest(counter=counter, officer=officer).model_dump_json()
        response = self._send("POST", f"/queue/tickets/{label}/call", content=body)
        return self._read(response, qw.CallAnswer)

    def rate(self, label: str, counter: int, rating: str, reason: str = "") -> qw.Ticket:
        body = qw.RateRequest(counter=counter, rating=rating, reason=reason).model_dump_json()
        response = self._send("POST", f"/queue/tickets/{label}/rating", content=body)
        return self._read(response, qw.Ticket)

    def recall(self, counter: int, officer: str = "") -> qw.Ticket:
        return self._act(counter, "recall", qw.CallRequest(counter=counter, officer=officer))

    def skip(self, counter: int, officer: str = "") -> qw.Ticket:
        return self._act(counter, "skip", qw.CallRequest(counter=counter, officer=officer))

    def start(self, counter: int, officer: str = "") -> qw.Ticket:
        return self._act(counter, "start", qw.CallRequest(counter=counter, officer=officer))

    def finish(
        self,
        counter: int,
        officer: str = "",
        dossier_code: str | None = None,
        procedure_code: str | None = None,
    ) -> qw.Ticket:
        body = qw.FinishRequest(
            counter=counter,
            officer=officer,
            dossier_code=dossier_code,
            procedure_code=procedure_code,
        )
        return self._act(counter, "finish", body)

    def transfer(
        self,
        counter: int,
        officer: str = "",
        to_area: str | None = None,
        to_counter: int | None = None,
    ) -> qw.Ticket:
        body = qw.TransferRequest(
            counter=counter, officer=officer, to_area=to_area, to_counter=to_counter
        )
        return self._act(counter, "transfer", body)

    def _act(self, counter: int, action: str, body: Wire) -> qw.Ticket:
        response = self._send(
            "POST", f"/queue/counters/{counter}/{action}", content=body.model_dump_json()
        )
        return self._read(response, qw.Ticket)

    def statuses(self) -> Iterator[qw.QueueStatus]:
        """The queue now, then after every change, until the connection ends (then it
        raises :class:`ServerUnreachable`)."""
        timeout = httpx.Timeout(STREAM_READ_TIMEOUT, connect=5.0)
        try:
            with self._http.stream("GET", "queue/stream", timeout=timeout) as response:
                if response.status_code >= 400:
                    response.read()
                    raise _refusal(response)
                data: list[str] = []
                for line in response.iter_lines():
                    if line.startswith("data:"):
                        data.append(line[5:].strip())
                    elif not line and data:
                        yield qw.QueueStatus.model_validate_json("\n".join(data))
                        data = []
        except httpx.TransportError as error:
            reason = str(error) or type(error).__name__
            raise ServerUnreachable("unreachable", f"{self.base_url}: {reason}") from None
        raise ServerUnreachable("stream_ended", f"{self.base_url} closed the queue stream")
