"""What the sync has stored of itself (``sync --status``, and whether this counter is
enrolled), read without the sync's client: ``counter-app sync --status`` reads a few
rows and need not load httpx and the wire schemas (about 0.3 s of a start).

The keys of the sync's state (``storage/outbox.py``) are named here; the sync
(``services/sync.py``) writes them.
"""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.errors import DomainError
from counter_app.domain.text import whole_number
from counter_app.services.unit import Unit, load_unit
from counter_app.storage import outbox
from counter_app.storage.connection import Database

SERVER_KEY, TOKEN_KEY = "server", "token"
CA_KEY = "server_ca"  # the PEM of the ward's own certificate authority (enrol --ca)
WARD_CODE_KEY, WARD_NAME_KEY, ENROLLED_AT_KEY = "ward_code", "ward_name", "enrolled_at"
ATTEMPT_KEY, SUCCESS_KEY = "last_attempt", "last_success"
ERROR_KEY, PROBLEM_KEY, OUTCOME_KEY = "last_error", "problem", "last_outcome"
CURSOR_KEY = "cursor"  # the last change pulled (``services/sync_changes.py``)
LISTED = 20  # parked events and held changes listed by the status


def not_enrolled() -> DomainError:
    return DomainError(
        "sync_not_enrolled",
        "this counter is not enrolled with a sync server: run 'counter-app enrol --server URL "
        "--code CODE' with a one-time code from the server's operator",
    )


def enrolled(db: Database) -> bool:
    return bool(outbox.get(db, TOKEN_KEY))


# The state is written by this program only, but it is a table anyone can edit: a value
# that does not read is reported as unknown (None), never a traceback; the next sync
# writes it again.


def read_cursor(text: str | None) -> int | None:
    """The pull cursor as stored (0 before the first pull); None when it is not one."""
    return 0 if text is None else whole_number(text)


def last_success(db: Database) -> datetime | None:
    """When the last sync succeeded; None before it, or when the stored time does not read."""
    text = outbox.get(db, SUCCESS_KEY)
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def status(db: Database, running: Unit) -> dict[str, object]:
    """The state for ``sync --status`` and the window: no token, no personal data.
    ``running``: the unit as this program loaded it (a change applies from a restart)."""
    state = outbox.state(db)
    attempt = state.get(ATTEMPT_KEY)
    ward = None
    if state.get(WARD_CODE_KEY):
        ward = {"code": state[WARD_CODE_KEY], "name": state.get(WARD_NAME_KEY, "")}
    stored = load_unit(db)
    return {
        "enrolled": bool(state.get(TOKEN_KEY)),
        "server": state.get(SERVER_KEY),
        "ward": ward,
        "counter_number": stored.counter_number,
        "sequence_block": [stored.block.first, stored.block.last],
        "restart_needed": _differs(stored, running),
        "online": None if attempt is None else state.get(OUTCOME_KEY) == "ok",
        "waiting": outbox.waiting(db),
        "parked": outbox.parked_count(db),
        "held": outbox.held_count(db),
        "cursor": read_cursor(state.get(CURSOR_KEY)),
        "last_attempt": attempt,
        "last_success": state.get(SUCCESS_KEY),
        "last_error": state.get(ERROR_KEY),
        "problem": state.get(PROBLEM_KEY),
        "parked_events": [
            {"seq": p.seq, "event_id": p.event_id, "reason": p.reason, "detail": p.detail}
            for p in outbox.parked(db, LISTED)
        ],
        "held_changes": [
            {"change": h.change_id, "kind": h.kind, "reason": h.reason, "detail": h.detail}
            for h in outbox.held(db, limit=LISTED)
        ],
    }


def _differs(stored: Unit, running: Unit) -> bool:
    """Whether the unit changed since this program loaded it (it applies from a restart)."""
    keys = ("agency_id", "counter_number", "block")
    return any(getattr(stored, key) != getattr(running, key) for key in keys)
