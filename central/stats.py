"""What the city sees: each ward's devices, events, dossiers and payments for a day.

The figures of ``counter-central stats`` and of the dashboard, keyed by ward code. A day
``D`` is a calendar day in Asia/Ho_Chi_Minh; ``at`` is the moment the current figures
stand at: now for today, the end of ``D`` (00:00 the next day) for an earlier day.

- ``devices``: the ward's devices with counter, role, last seen and revocation.
- ``events``: ``received_on_date``, the events this server stored during ``D`` (kept
  aside ones included); ``total`` stored; ``parked``, those kept aside.
- ``dossiers``: ``received_on_date``, the dossiers received (their ``received_at``)
  during ``D``, and ``received_on_date_by_status`` by their status now; ``by_status``,
  every dossier of the ward by its status now; ``open``, those received, in processing
  or waiting for documents now.
- ``overdue``: open dossiers whose promised time (``due_at``, rescheduled included) is
  before ``at``.
- ``payments``: ``by_state``, every payment by its state now (count and amount in đồng);
  ``started_on_date``, those started during ``D`` by their state now; ``paid_on_date``,
  those paid during ``D`` that are still paid (a refund takes one out); and
  ``unmatched_notifications``, the bank notifications of the ward that paid nothing.
- ``queue``: the tickets of ``D`` (``counter_app.domain.queue_stats``): counts, wait,
  walk and service times, the share served within the target wait, ratings; for the
  whole day and per area, counter, officer and procedure.

Statuses come from the devices' applied events (``central.projections``): what the
counters have pushed, so a counter that is offline shows its state at its last push.
Every figure is one indexed ``GROUP BY`` over all wards, whatever their number.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Select, func, select

from central import devices, queue, schema, wards
from counter_app.domain import queue_stats
from counter_app.domain.clock import VIETNAM
from counter_app.domain.dossiers import Status
from counter_app.domain.payments import PaymentState
from counter_app.sync.wire import NotificationOutcome

# As the counter's "overdue" filter counts (services.dossiers.OPEN).
OPEN = (Status.RECEIVED, Status.IN_PROCESSING, Status.SUPPLEMENT_REQUESTED)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), VIETNAM)
    return start, start + timedelta(days=1)


def compute(
    conn: Connection, day: date, now: datetime, ward_id: int | None = None
) -> dict[str, dict[str, Any]]:
    """The figures of every ward (or of ``ward_id``) for ``day``, as of ``now``."""
    start, end = day_bounds(day)
    at = min(now, end)
    found = [w for w in wards.list_wards(conn) if ward_id is None or w.id == ward_id]
    figures = {w.id: _empty(w, day, at) for w in found}
    for device in devices.list_devices(conn, ward_id):
        if device.ward_id in figures:
            figures[device.ward_id]["devices"].append(_device(device))
    _events(conn, figures, start, end)
    _dossiers(conn, figures, start, end, at)
    _payments(conn, figures, start, end)
    queues = queue.day_figures(conn, day.isoformat(), ward_id)
    for ward, ward_figures in figures.items():
        ward_figures["queue"] = queues.get(ward) or queue_stats.figures([])
    return {w.code: figures[w.id] for w in found}


def _empty(ward: wards.Ward, day: date, at: datetime) -> dict[str, Any]:
    def money() -> dict[str, dict[str, int]]:
        return {state.value: {"count": 0, "amount": 0} for state in PaymentState}

    return {
        "name": ward.name,
        "date": day.isoformat(),
        "at": at.astimezone(VIETNAM).isoformat(timespec="seconds"),
        "devices": [],
        "events": {"received_on_date": 0, "total": 0, "parked": 0},
        "dossiers": {
            "received_on_date": 0,
            "received_on_date_by_status": {status.value: 0 for status in Status},
            "by_status": {status.value: 0 for status in Status},
            "open": 0,
        },
        "overdue": 0,
        "payments": {
            "by_state": money(),
            "started_on_date": money(),
            "paid_on_date": {"count": 0, "amount": 0},
            "unmatched_notifications": 0,
        },
    }


def _device(device: devices.Device) -> dict[str, Any]:
    def moment(value: datetime | None) -> str | None:
        return None if value is None else value.astimezone(VIETNAM).isoformat(timespec="seconds")

    return {
        "id": device.id,
        "counter": device.counter_number,
        "role": device.role.value,
        "name": device.name,
        "via_relay": device.via_relay,
        "last_seen": moment(device.last_seen_at),
        "revoked": moment(device.revoked_at),
    }


Figures = dict[int, dict[str, Any]]


def _counted(conn: Connection, figures: Figures, query: Select[Any]) -> Iterable[Any]:
    """The rows of a query grouped by ward (its first column), for the wards asked."""
    if len(figures) == 1:  # one ward: only its rows are read
        query = query.where(query.selected_columns[0] == next(iter(figures)))
    return (row for row in conn.execute(query) if row[0] in figures)


def _events(conn: Connection, figures: Figures, start: datetime, end: datetime) -> None:
    e = schema.events
    queries = {
        "total": select(e.c.ward_id, func.count()),
        "received_on_date": select(e.c.ward_id, func.count()).where(
            e.c.received_at >= start, e.c.received_at < end
        ),
        "parked": select(e.c.ward_id, func.count()).where(e.c.parked_reason.is_not(None)),
    }
    for name, query in queries.items():
        for ward, count in _counted(conn, figures, query.group_by(e.c.ward_id)):
            figures[ward]["events"][name] = int(count)


def _dossiers(
    conn: Connection, figures: Figures, start: datetime, end: datetime, at: datetime
) -> None:
    d = schema.dossier_states
    by_status = select(d.c.ward_id, d.c.status, func.count()).group_by(d.c.ward_id, d.c.status)
    for ward, status, count in _counted(conn, figures, by_status):
        figures[ward]["dossiers"]["by_status"][status] = int(count)
    of_day = by_status.where(d.c.received_at >= start, d.c.received_at < end)
    for ward, status, count in _counted(conn, figures, of_day):
        figures[ward]["dossiers"]["received_on_date_by_status"][status] = int(count)
    overdue = (
        select(d.c.ward_id, func.count())
        .where(d.c.status.in_([s.value for s in OPEN]), d.c.due_at < at)
        .group_by(d.c.ward_id)
    )
    for ward, count in _counted(conn, figures, overdue):
        figures[ward]["overdue"] = int(count)
    for ward in figures.values():
        dossiers = ward["dossiers"]
        dossiers["received_on_date"] = sum(dossiers["received_on_date_by_status"].values())
        dossiers["open"] = sum(dossiers["by_status"][s.value] for s in OPEN)


def _payments(conn: Connection, figures: Figures, start: datetime, end: datetime) -> None:
    p = schema.payment_states
    by_state = select(p.c.ward_id, p.c.state, func.count(), func.sum(p.c.amount)).group_by(
        p.c.ward_id, p.c.state
    )
    of_day = by_state.where(p.c.started_at >= start, p.c.started_at < end)
    for name, query in (("by_state", by_state), ("started_on_date", of_day)):
        for ward, state, count, amount in _counted(conn, figures, query):
            figures[ward]["payments"][name][state] = {"count": int(count), "amount": int(amount)}
    paid = (
        select(p.c.ward_id, func.count(), func.sum(p.c.amount))
        .where(
            p.c.state == PaymentState.PAID.value,
            p.c.paid_at >= start,
            p.c.paid_at < end,
        )
        .group_by(p.c.ward_id)
    )
    for ward, count, amount in _counted(conn, figures, paid):
        figures[ward]["payments"]["paid_on_date"] = {"count": int(count), "amount": int(amount)}
    n = schema.bank_notifications
    waiting = (
        select(n.c.ward_id, func.count())
        .where(n.c.outcome != NotificationOutcome.MATCHED.value)
        .group_by(n.c.ward_id)
    )
    for ward, count in _counted(conn, figures, waiting):
        figures[ward]["payments"]["unmatched_notifications"] = int(count)
