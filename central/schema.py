"""The server's tables, in one place (SQLAlchemy Core); Alembic's migrations create them.

Who writes what:

- ``wards``, ``devices``, ``enrolment_codes``: the operator's commands and enrolment
  (``central.wards``, ``central.devices``).
- ``events``: every device's event log as pushed, once each (``central.ingest``). A row
  with ``parked_reason`` set is stored and acknowledged but must not be applied: readers
  (statistics, back offices) skip it. ``pos`` orders rows of one process's inserts only:
  with several processes on PostgreSQL a smaller ``pos`` may commit later, so a reader
  that follows the log uses ``(device_id, seq)``, which each device fills without gaps.
- ``dossier_codes``: which device holds each dossier code (UNIQUE), so two devices never
  both own one.
- ``device_blocks``: every dossier-number block a counter was given, from the day it was
  given (enrolment, ``central.back_office.set_counter``), so that a code in another
  device's block is not claimed (``central.ingest``).
- ``changes``: what goes down to devices, written only through
  :func:`central.changes.publish` (its per-ward lock keeps ids in commit order).
- ``forward_heads``, ``upstream_cursors``, ``leases``: the ward role's forwarding state
  (``central.upstream``).
- ``rate_limits``: failed attempts per client address (``central.rate_limits``).

Times are timezone-aware UTC (:class:`UtcDateTime`); an event's ``created_at`` is kept as
the text the device hashed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

# SQLite makes an INTEGER PRIMARY KEY the rowid; PostgreSQL gets a 64-bit identity.
Serial = BigInteger().with_variant(Integer(), "sqlite")
Payload = JSON().with_variant(JSONB(), "postgresql")

ID = 64  # device and event ids (wire.Id)
HASH = 64
TEXT = 500
VERSION = 40  # a device's app version (wire.EnrolRequest)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC: ``timestamptz`` on PostgreSQL, naive UTC text on
    SQLite (fixed width, so it compares in SQL), always read back aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

wards = Table(
    "wards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(35), nullable=False, unique=True),  # the agency id
    Column("name", String(TEXT), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(ID), primary_key=True),  # chosen by the device, kept for life
    Column("ward_id", Integer, ForeignKey("wards.id"), nullable=False, index=True),
    Column("role", String(10), nullable=False),  # wire.DeviceRole
    Column("name", String(TEXT), nullable=False, server_default=""),
    Column("app_version", String(VERSION), nullable=False, server_default=""),
    # The counter number and its dossier-number block; NULL for a relay, for a device
    # only seen through a relay, and for a revoked device whose number was given again.
    Column("counter_number", Integer),
    Column("sequence_first", Integer),
    Column("sequence_last", Integer),
    Column("token_hash", String(HASH), unique=True),  # sha256 hex of the bearer token
    Column("via_relay", Boolean, nullable=False, server_default=text("false")),
    Column("created_at", UtcDateTime, nullable=False),
    Column("enrolled_at", UtcDateTime),
    Column("last_seen_at", UtcDateTime),
    Column("revoked_at", UtcDateTime),
    UniqueConstraint("ward_id", "counter_number"),
)

enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    Column("code_hash", String(HASH), primary_key=True),
    Column("ward_id", Integer, ForeignKey("wards.id"), nullable=False),
    # May give the device a counter number of a device revoked on an earlier day.
    Column("reuse", Boolean, nullable=False, server_default=text("false")),
    # wire.DeviceRole: "counter", or "display" for a kiosk or board screen.
    Column("role", String(10), nullable=False, server_default="counter"),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime),
    Column("used_by", String(ID)),
)

events = Table(
    "events",
    metadata,
    Column("pos", Serial, primary_key=True),
    Column("event_id", String(ID), nullable=False, unique=True),
    Column("ward_id", Integer, ForeignKey("wards.id"), nullable=False),
    Column("device_id", String(ID), ForeignKey("devices.id"), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("type", String(80), nullable=False),
    Column("aggregate_type", String(80), nullable=False),
    Column("aggregate_id", String(200), nullable=False),
    Column("payload", Text, nullable=False),  # the canonical JSON text the device hashed
    Column("created_at", String(40), nullable=False),
    Column("officer", String(64), nullable=False),
    Column("prev_hash", String(HASH), nullable=False),
    Column("hash", String(HASH), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("parked_reason", String(20)),  # wire.ParkReason; NULL: applied
    Column("parked_detail", String(TEXT)),
    UniqueConstraint("device_id", "seq"),
    Index(
        "ix_events_parked",
        "ward_id",
        "pos",
        sqlite_where=text("parked_reason IS NOT NULL"),
        postgresql_where=text("parked_reason IS NOT NULL"),
    ),
)

dossier_codes = Table(
    "dossier_codes",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("ward_id", Integer, ForeignKey("wards.id"), nullable=False),
    Column("device_id", String(ID), ForeignKey("devices.id"), nullable=False),
    Column("event_id", String(ID), nullable=False),
)

device_blocks = Table(
    "device_blocks",
    metadata,
    Column("device_id", String(ID), ForeignKey("devices.id"), primary_key=True),
    Column("sequence_first", Integer, primary_key=True),
    Column("sequence_last", Integer, primary_key=True),
    Column("ward_id", Integer, ForeignKey("wards.id"), nullable=False, index=True),
    Column("from_day", Date, nullable=False),  # Việt Nam's day the device was given it
)

changes = Table(
    "changes",
    metadata,
    Column("id", Serial, primary_key=True),
    Column("ward_id", Integer, ForeignKey("wards.id"), nullable=False),
    Column("device_id", String(ID)),  # NULL: every device of the ward
    Column("kind", String(40), nullable=False),  # wire.ChangeKind
    Column("payload", Payload, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_changes_ward_id_id", "ward_id", "id"),
    sqlite_autoincrement=True,  # ids never step back, even if the newest rows go
)

# --- the ward role ---------------------------------------------------------------------

forward_heads = Table(
    "forward_heads",
    metadata,
    Column("device_id", String(ID), ForeignKey("devices.id"), primary_key=True),
    Column("upstream", String(TEXT), primary_key=True),
    Column("acked_through", BigInteger, nullable=False),  # what the city holds
    Column("updated_at", UtcDateTime, nullable=False),
    Column("last_error", String(TEXT)),
)

upstream_cursors = Table(
    "upstream_cursors",
    metadata,
    Column("upstream", String(TEXT), primary_key=True),
    Column("cursor", BigInteger, nullable=False),  # the city's changes applied here
    Column("updated_at", UtcDateTime, nullable=False),
)

leases = Table(
    "leases",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("holder", String(80), nullable=False),
    Column("expires_at", Float, nullable=False),  # Unix seconds
)

# Failed attempts per rule and client address (``central.rate_limits``), in a fixed window
# that ends at ``resets_at``: every server process sharing the database counts in one row.
rate_limits = Table(
    "rate_limits",
    metadata,
    Column("key", String(200), primary_key=True),  # "enrol:203.0.113.7"
    Column("attempts", Integer, nullable=False),
    Column("resets_at", Float, nullable=False, index=True),  # Unix seconds
)

# --- projections, bank notifications and the dashboard (central.projections, central.bank,
# central.stats, central.dashboard) ---------------------------------------------------------
#
# ``dossier_states`` and ``payment_states`` are the devices' dossiers and payments as their
# applied events left them, kept up to date inside the push's transaction (never written
# otherwise): the bank's matching and the statistics read them instead of the events. A row
# is its device's alone (``device_id``): a device that does not hold a dossier or a payment
# never moves it.

dossier_states = Table(
    "dossier_states",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("ward_id", Integer, ForeignKey("wards.id"), nullable=False),
    Column("device_id", String(ID), ForeignKey("devices.id"), nullable=False),
    Column("status", String(24), nullable=False),  # dossier_status.Status
    Column("received_at", UtcDateTime, nullable=False),
    Column("due_at", UtcDateTime),
    Column("seq", BigInteger, nullable=False),  # the device's last event applied here
    Index("ix_dossier_states_ward_id_status_due_at", "ward_id", "status", "due_at"),
    Index("ix_dossier_states_ward_id_received_at", "ward_id", "received_at"),
)

payment_states = Table(
    "payment_states",
    metadata,
    Column("reference", String(19), primary_key=True),  # payment_reference: one per payment
    Column("ward_id", Integer, ForeignKey("wards.id"), nullable=False),
    Column("device_id", String(ID), ForeignKey("devices.id"), nullable=False),
    Column("payment_id", String(200), nullable=False),  # the events' aggregate id
    Column("dossier_code", String(40)),
    Column("amount", BigInteger, nullable=False),  # whole đồng
    Column("method", String(10), nullable=False),  # payments.Method
    Column("state", String(12), nullable=False),  # payments.PaymentState
    Column("started_at", UtcDateTime, nullable=False),
    Column("paid_at", UtcDateTime),
    Column("paid_by", String(10)),
    Column("bank_transaction", String(64)),
    Column("seq", BigInteger, nullable=False),
    Index("ix_payment_states_ward_id_state", "ward_id", "state"),
    Index("ix_payment_states_ward_id_started_at", "ward_id", "started_at"),
    Index("ix_payment_states_ward_id_paid_at", "ward_id", "paid_at"),
)

# Every bank notification once (its bank transaction id), with what became of it. The
# outcome of one that named no known payment changes when that payment's events arrive.
bank_notifications = Table(
    "bank_notifications",
    metadata,
    Column("id", Serial, primary_key=True),
    Column("bank_transaction_id", String(64), nullable=False, unique=True),
    Column("amount", BigInteger, nullable=False),
    Column("content", String(TEXT), nullable=False),
    Column("paid_at", UtcDateTime, nullable=False),
    Column("bin", String(6)),
    Column("account", String(19)),
    Column("received_at", UtcDateTime, nullable=False),
    Column("reference", String(19)),  # the transfer reference found in the content
    Column("ward_id", Integer, ForeignKey("wards.id")),  # the reference's ward, when known
    Column("device_id", String(ID)),  # the device of the payment
    Column("outcome", String(20), nullable=False),  # wire.NotificationOutcome
    Column("reason", String(24)),  # why not matched: bank.Reason
    Column("expected_amount", BigInteger),  # the payment's amount, when it differs
    Column("change_id", BigInteger),  # the PAYMENT_CONFIRMED change
    Column("matched_at", UtcDateTime),
    Index("ix_bank_notifications_reference", "reference"),
    Index("ix_bank_notifications_outcome_id", "outcome", "id"),
    # One matched notification per payment: a second transfer is the accountant's.
    Index(
        "ix_bank_notifications_matched",
        "reference",
        unique=True,
        sqlite_where=text("outcome = 'matched'"),
        postgresql_where=text("outcome = 'matched'"),
    ),
)

# The secrets the bank signs notifications with: the newest unretired one and the one
# before it. Kept as given: an HMAC key cannot be stored as a hash, so the database is the
# trust boundary (docs/bank-notifications.md).
bank_secrets = Table(
    "bank_secrets",
    metadata,
    Column("id", Serial, primary_key=True),
    Column("secret", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("retired_at", UtcDateTime),
    sqlite_autoincrement=True,
)

# Who may open the read-only dashboard: a token per person or screen, stored as its hash.
dashboard_tokens = Table(
    "dashboard_tokens",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("token_hash", String(HASH), nullable=False, unique=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime),
)

# The statistics count a ward's events, and those received on a day.
Index("ix_events_ward_id_received_at", events.c.ward_id, events.c.received_at)

# --- the queue (central.queue) -------------------------------------------------------------
#
# A ward's queue is served by one server, which writes its actions as the events of a
# device of its own (``queue_logs``): a chain like a counter's, forwarded to the city by
# the ward role. ``queue_tickets`` is the live queue there; at the city, the same rows are
# projected from those events (``central.projections``).

queue_logs = Table(
    "queue_logs",
    metadata,
    Column("ward_id", Integer, ForeignKey("wards.id"), primary_key=True),
    Column("device_id", String(ID), ForeignKey("devices.id"), nullable=False, unique=True),
    Column("created_at", UtcDateTime, nullable=False),
)

queue_areas = Table(
    "queue_areas",
    metadata,
    Column("ward_id", Integer, ForeignKey("wards.id"), primary_key=True),
    Column("prefix", String(2), primary_key=True),
    Column("name", String(TEXT), nullable=False),
    Column("procedures", Payload, nullable=False),  # procedure codes, a JSON list
    Column("position", Integer, nullable=False),
)

queue_counters = Table(
    "queue_counters",
    metadata,
    Column("ward_id", Integer, ForeignKey("wards.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("name", String(TEXT), nullable=False, server_default=""),
    Column("areas", Payload, nullable=False),  # the prefixes it calls, a JSON list
)

queue_tickets = Table(
    "queue_tickets",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("ward_id", Integer, ForeignKey("wards.id"), nullable=False),
    Column("device_id", String(ID), ForeignKey("devices.id"), nullable=False),  # the log's
    Column("day", String(10), nullable=False),  # YYYY-MM-DD in Vietnam
    Column("prefix", String(2), nullable=False),
    Column("number", Integer, nullable=False),
    Column("label", String(8), nullable=False),
    Column("area", String(2), nullable=False),
    Column("target_counter", Integer),
    Column("priority", String(12)),  # queue_wire.Priority
    Column("rank", Integer, nullable=False),  # 0 for a priority ticket, else 1
    Column("source", String(10), nullable=False),
    Column("state", String(10), nullable=False),  # queue_wire.TicketState
    Column("counter_number", Integer),
    Column("officer", String(64)),
    Column("queued_at", UtcDateTime, nullable=False),  # its place in the line
    Column("taken_at", UtcDateTime, nullable=False),
    Column("called_at", UtcDateTime),
    Column("last_called_at", UtcDateTime),
    Column("calls", Integer, nullable=False),
    Column("started_at", UtcDateTime),
    Column("finished_at", UtcDateTime),
    Column("dossier_code", String(40)),
    Column("procedure_code", String(40)),
    Column("rating", String(40)),
    Column("rating_reason", String(TEXT)),
    Column("seq", BigInteger, nullable=False),  # the log's last event applied here
    UniqueConstraint("device_id", "day", "prefix", "number"),
    Index("ix_queue_tickets_ward_id_day_state", "ward_id", "day", "state"),
    # Call next: the first waiting ticket in the line's order, read straight off the index.
    Index(
        "ix_queue_tickets_device_id_day_state_rank",
        "device_id",
        "day",
        "state",
        "rank",
        "queued_at",
        "label",
    ),
    # A counter's current ticket.
    Index("ix_queue_tickets_device_id_day_counter_number", "device_id", "day", "counter_number"),
    # The latest calls, for the board.
    Index("ix_queue_tickets_device_id_day_last_called_at", "device_id", "day", "last_called_at"),
)
