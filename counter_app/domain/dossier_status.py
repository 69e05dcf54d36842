"""The status machine of a dossier: its states, the moves between them, and which
moves must say why (DOMAIN.md §2).

Kept apart from the dossier itself so that the command line's parser can offer the
states without loading the rest of the domain model.
"""

from __future__ import annotations

from enum import StrEnum

from counter_app.domain.errors import DomainError
from counter_app.domain.text import clean


class Status(StrEnum):
    RECEIVED = "received"
    IN_PROCESSING = "in_processing"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    RESULT_READY = "result_ready"
    RETURNED = "returned"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"


# National status codes reported to the national portal (DOMAIN.md §2).
NATIONAL_STATUS: dict[Status, int] = {
    Status.RECEIVED: 2,
    Status.IN_PROCESSING: 4,
    Status.SUPPLEMENT_REQUESTED: 5,
    Status.RESULT_READY: 9,
    Status.RETURNED: 10,
    Status.REFUSED: 3,  # Không được tiếp nhận
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,  # Dừng xử lý
}

# Same-day procedures (certifications) go straight from received to result ready.
# Two ways a dossier ends without a result (Decree 118/2025/NĐ-CP, Circular
# 03/2025/TT-VPCP): a refusal at the counter (form 03, "không được tiếp nhận"),
# possible only before the dossier goes on to be handled; and a stop of a dossier
# received and being handled (form 05, "dừng xử lý").
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset(
        {
            Status.IN_PROCESSING,
            Status.SUPPLEMENT_REQUESTED,
            Status.RESULT_READY,
            Status.REFUSED,
            Status.WITHDRAWN,
        }
    ),
    Status.IN_PROCESSING: frozenset(
        {Status.SUPPLEMENT_REQUESTED, Status.RESULT_READY, Status.STOPPED, Status.WITHDRAWN}
    ),
    Status.SUPPLEMENT_REQUESTED: frozenset(
        {Status.IN_PROCESSING, Status.STOPPED, Status.WITHDRAWN}
    ),
    Status.RESULT_READY: frozenset({Status.RETURNED}),
    Status.RETURNED: frozenset(),
    Status.REFUSED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.STOPPED: frozenset(),
}

# A change into these states must say why (what is missing, why refused or stopped...).
REASON_REQUIRED = frozenset(
    {Status.SUPPLEMENT_REQUESTED, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED}
)


MAX_REASON = 500
"""The longest reason a status change keeps (a form prints it; the server cuts there too)."""


def check_transition(current: Status, target: Status, reason: str) -> None:
    """Refuse a status change the machine does not allow, or one missing its reason."""
    if target not in TRANSITIONS[current]:
        raise DomainError(
            "status_transition_invalid",
            f"A dossier in state '{current}' cannot move to '{target}'.",
            current=current.value,
            target=target.value,
        )
    if target in REASON_REQUIRED and not clean(reason):
        raise DomainError(
            "status_reason_required",
            f"Moving a dossier to '{target}' needs a reason.",
            target=target.value,
        )
    if len(clean(reason)) > MAX_REASON:
        raise DomainError(
            "status_reason_too_long",
            f"The reason has {len(clean(reason))} characters; at most {MAX_REASON} are kept.",
            length=len(clean(reason)),
            limit=MAX_REASON,
        )
