"""The hash chain of an event log: the one rule the counter and the server both apply.

Each event's hash is ``sha256(prev_hash + canonical(fields))`` over its id, type,
aggregate, payload (the canonical JSON text itself), creation time, device and officer;
the first event follows :data:`GENESIS`. A changed, removed or reordered event breaks
the chain from that point: the counter's ``db check`` and the server's ingest both
find it with :func:`event_hash`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

GENESIS = "0" * 64
HASHED_FIELDS = (
    "id",
    "type",
    "aggregate_type",
    "aggregate_id",
    "payload",
    "created_at",
    "device_id",
    "officer",
)


def canonical(value: Any) -> str:
    """The one JSON spelling of a value that the hash is taken over."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def event_hash(prev_hash: str, event: Mapping[str, Any]) -> str:
    """The hash an event with these fields must carry after ``prev_hash``.

    ``event["payload"]`` is the canonical JSON text, exactly as it was stored.
    """
    fields = {key: event[key] for key in HASHED_FIELDS}
    return hashlib.sha256((prev_hash + canonical(fields)).encode("utf-8")).hexdigest()
