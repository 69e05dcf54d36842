"""How long the counter keeps what the law does not ask it to keep, declared once.

Decree 13/2023/NĐ-CP asks personal data to be kept no longer than its purpose needs.
Four things on a counter outlive their purpose: a reception form left half-typed
(``drafts``), the rendered bytes of a paper already printed (``print_bytes``: the
job's row, what was printed, when and for which dossier, stays), a walk-in ticket
the ward server already holds (``walkin_tickets``) and an old daily backup
(``daily_backups``). Each has a period in days, a default and bounds; the
administrator changes them (``counter-app db retention --set KEY=DAYS``).

Never purged, whatever the settings: the event log (the audit trail), the dossiers
and their status history (the register book, form 07 of Circular 03/2025/TT-VPCP,
is printed from them) and the payments (finance records).
"""

from __future__ import annotations

import re

from counter_app.domain.errors import DomainError
from counter_app.domain.records import record


@record(frozen=True)
class RetentionRule:
    """One kind of data kept for a period: its key, setting and bounds in days."""

    key: str
    default: int
    least: int
    most: int
    english: str

    @property
    def setting(self) -> str:
        """The key of the ``settings`` table that holds the period."""
        return f"retention_{self.key}_days"


DRAFTS = "drafts"
PRINT_BYTES = "print_bytes"
WALKIN_TICKETS = "walkin_tickets"
DAILY_BACKUPS = "daily_backups"

RULES: dict[str, RetentionRule] = {
    rule.key: rule
    for rule in (
        # A form left for a week is abandoned: the citizen has gone, or come back and
        # been received again. A long weekend and a holiday still fit in the minimum.
        RetentionRule(DRAFTS, 7, 1, 90, "reception drafts not saved"),
        # The bytes are only needed until the printer has taken them; a month lets a
        # dispute about a paper be looked into.
        RetentionRule(PRINT_BYTES, 30, 1, 365, "rendered bytes of papers already printed"),
        # The ward server holds them (and the figures made of them) once synced.
        RetentionRule(WALKIN_TICKETS, 30, 1, 365, "walk-in tickets the ward server holds"),
        # A week, as the counter always kept; at least two days, so that a database
        # damaged today is never the only copy left.
        RetentionRule(DAILY_BACKUPS, 7, 2, 365, "daily backups"),
    )
}
PURGED = (DRAFTS, PRINT_BYTES, WALKIN_TICKETS)
"""What ``db purge`` removes; old daily backups go when a newer one is written."""

_DAYS = re.compile(r"[0-9]{1,6}")


def rule(key: str) -> RetentionRule:
    found = RULES.get(key)
    if found is None:
        raise DomainError(
            "retention_unknown",
            f"'{key[:40]}' is no retention setting: one of {', '.join(RULES)}.",
            key=key[:40],
        )
    return found


def check_days(key: str, days: int) -> int:
    """``days`` if it is within the bounds of ``key``'s rule, else a refusal."""
    found = rule(key)
    if not found.least <= days <= found.most:
        raise DomainError(
            "retention_out_of_range",
            f"{key} must be from {found.least} to {found.most} days, not {days}.",
            key=key,
            low=found.least,
            high=found.most,
        )
    return days


def parse_assignment(text: str) -> tuple[str, int]:
    """``"drafts=14"`` → ``("drafts", 14)``, checked; a one-line refusal otherwise."""
    key, sign, value = text.partition("=")
    key, value = key.strip(), value.strip()
    if not sign:
        raise DomainError(
            "retention_syntax", f"'{text[:40]}' is not KEY=DAYS, like drafts=14.", text=text[:40]
        )
    rule(key)
    if _DAYS.fullmatch(value) is None:
        raise DomainError(
            "retention_not_days",
            f"{key}: '{value[:40]}' is not a whole number of days.",
            key=key,
            value=value[:40],
        )
    return key, check_days(key, int(value))


def from_settings(values: dict[str, str]) -> dict[str, int]:
    """Every period, from the stored settings; a default where none (or a bad one) is."""
    periods = {}
    for key, found in RULES.items():
        stored = values.get(found.setting, "")
        days = int(stored) if _DAYS.fullmatch(stored) else found.default
        periods[key] = days if found.least <= days <= found.most else found.default
    return periods
