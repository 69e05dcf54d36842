"""Walking an event log's hash chain and naming each place where it breaks.

The counter's ``counter-app audit verify`` and the server's ``counter-central audit
verify`` feed their stored events, in ``seq`` order, through one :class:`ChainWalk`, so
both say the same thing about the same log. Three things can be wrong at an event:

- ``seq_gap``: its ``seq`` is not the one after the event before it (the log must be
  1, 2, 3… without a hole): events were removed;
- ``link_broken``: its ``prev_hash`` is not the stored hash of the event before it (or,
  for the first event, not :data:`GENESIS`): an event before it was removed, inserted,
  reordered, or edited and given a new hash;
- ``content_changed``: its fields no longer give the hash it carries: the row itself
  was edited.

After a break the walk goes on from the event as it is stored, so one removed event
breaks one link, not every link after it.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from counter_app.domain.event_chain import GENESIS, event_hash
from counter_app.domain.records import record


class BreakKind(StrEnum):
    SEQ_GAP = "seq_gap"
    LINK_BROKEN = "link_broken"
    CONTENT_CHANGED = "content_changed"


@record(frozen=True)
class ChainBreak:
    """One thing wrong at one event: where (``seq``, event id), what and in words."""

    seq: int
    event_id: str
    kind: BreakKind
    detail: str

    def to_data(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "event_id": self.event_id,
            "kind": self.kind.value,
            "detail": self.detail,
        }


class ChainWalk:
    """Feed the events in ``seq`` order with :meth:`step`; each returns its breaks.

    An event is a mapping with ``seq``, the hashed fields (``event_chain.HASHED_FIELDS``,
    the payload as its stored text), ``prev_hash`` and ``hash``.
    """

    def __init__(self) -> None:
        self.events = 0
        self.last_seq = 0  # the seq of the last event fed; 0 before the first
        self._prev_hash = GENESIS

    def step(self, event: Mapping[str, Any]) -> list[ChainBreak]:
        seq, event_id = int(event["seq"]), str(event["id"])
        found: list[ChainBreak] = []
        if seq != self.last_seq + 1:
            found.append(ChainBreak(seq, event_id, BreakKind.SEQ_GAP, self._gap(seq)))
        if event["prev_hash"] != self._prev_hash:
            found.append(ChainBreak(seq, event_id, BreakKind.LINK_BROKEN, self._link()))
        if not _hash_holds(event):
            found.append(
                ChainBreak(
                    seq,
                    event_id,
                    BreakKind.CONTENT_CHANGED,
                    "the row's content no longer matches its hash (the row was edited)",
                )
            )
        self.events += 1
        self.last_seq, self._prev_hash = seq, str(event["hash"])
        return found

    def _gap(self, seq: int) -> str:
        if seq <= self.last_seq:
            return f"seq {seq} comes after seq {self.last_seq}: the log is out of order"
        first, last = self.last_seq + 1, seq - 1
        missing = f"event {first} is" if first == last else f"events {first}…{last} are"
        if self.last_seq == 0:
            return f"the log starts at seq {seq}: {missing} missing"
        return f"seq jumps from {self.last_seq} to {seq}: {missing} missing"

    def _link(self) -> str:
        if self.events == 0:
            return "prev_hash is not the start of a chain: events before it were removed"
        return (
            f"prev_hash is not the hash of event {self.last_seq} (an event was removed, "
            "inserted or reordered, or an edited event was given a new hash)"
        )


def _hash_holds(event: Mapping[str, Any]) -> bool:
    try:
        return bool(event_hash(str(event["prev_hash"]), event) == event["hash"])
    except (TypeError, ValueError):  # a value edited into something JSON cannot write
        return False
