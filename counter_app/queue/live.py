"""The ward's queue as the kiosk and the board follow it, without Qt (DESIGN.md §9).

The windows reach the ward server only through this module, as the rest of the UI
reaches storage through the services: the server's failures become two typed errors
(:class:`QueueOffline`: try again later; :class:`TicketRefused`: the server said no), and
:class:`CallWatch` holds the board's one rule, which calls are new enough to be said aloud.

The wire types the windows show are re-exported here for them (``__all__``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from counter_app.domain.records import field, record
from counter_app.sync.client import Refused, SyncError
from counter_app.sync.queue_client import QueueClient
from counter_app.sync.queue_wire import (
    Priority,
    QueueSetup,
    QueueStatus,
    TakenTicket,
    Ticket,
    TicketSource,
)

__all__ = [
    "CATCH_UP_S",
    "CallWatch",
    "ClientFactory",
    "Priority",
    "QueueOffline",
    "QueueSetup",
    "QueueStatus",
    "TakenTicket",
    "Ticket",
    "TicketRefused",
    "moment",
    "read_setup",
    "statuses",
    "take_at_kiosk",
]

ClientFactory = Callable[[], QueueClient]
# A call older than this when the board first sees it (it was made while the board was
# cut off) is shown but not said: a board coming back must not read out a backlog.
CATCH_UP_S = 60.0


class QueueOffline(Exception):
    """The ward server cannot be reached, or does not let this device in: wait, try again."""


class TicketRefused(Exception):
    """The server refused the ticket (an area that no longer exists...); English text."""


def statuses(client: QueueClient) -> Iterator[QueueStatus]:
    """The queue now, then after every change, until the connection ends (QueueOffline).

    A refusal (a revoked token) is offline too for a window: it has nobody to ask, and
    tries again until its administrator enrols it afresh.
    """
    try:
        yield from client.statuses()
    except SyncError as error:
        raise QueueOffline(str(error)) from None


def read_setup(client: QueueClient) -> QueueSetup:
    """The ward's areas (with their procedures' codes) and counters."""
    try:
        return client.setup()
    except SyncError as error:
        raise QueueOffline(str(error)) from None


def take_at_kiosk(client: QueueClient, area: str, priority: Priority | None) -> TakenTicket:
    """A new ticket of the area, taken at the kiosk (nothing about the citizen is asked)."""
    try:
        return client.take(area, priority, TicketSource.KIOSK)
    except Refused as refused:
        raise TicketRefused(refused.detail) from None
    except SyncError as error:
        raise QueueOffline(str(error)) from None


def moment(iso: str) -> datetime:
    """A wire time (ISO 8601 with its offset, Vietnam time)."""
    return datetime.fromisoformat(iso)


@record
class CallWatch:
    """Which of the latest calls are news since the last status the board saw.

    A call is news when its ticket was not in the last status's calls, or was called
    again since (``calls`` or ``last_called_at`` changed): a recall is said again. The
    first status only sets what is known (a board switched on says nothing of the past),
    and a call older than ``catch_up_s`` by the server's time is shown but not said.
    """

    catch_up_s: float = CATCH_UP_S
    _seen: dict[str, tuple[int, str | None]] | None = field(default=None, init=False)

    def news(self, status: QueueStatus) -> list[Ticket]:
        """The calls to announce, the oldest first."""
        seen = self._seen
        self._seen = {t.label: (t.calls, t.last_called_at) for t in status.recent_calls}
        if seen is None:
            return []
        now = moment(status.server_time)
        return [
            ticket
            for ticket in reversed(status.recent_calls)
            if ticket.counter is not None
            and seen.get(ticket.label) != (ticket.calls, ticket.last_called_at)
            and self._fresh(ticket, now)
        ]

    def _fresh(self, ticket: Ticket, now: datetime) -> bool:
        if ticket.last_called_at is None:
            return False
        return (now - moment(ticket.last_called_at)).total_seconds() <= self.catch_up_s
