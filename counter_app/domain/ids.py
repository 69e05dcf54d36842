"""Event ids that sort by the time they were made (UUID version 7, RFC 9562).

An event id is unique everywhere: the server keeps a unique index on it, in a table
that grows by millions of rows. Random ids (version 4) land anywhere in that index, so
each stored batch rewrites pages all over it, and more of them the larger it grows.
Ids that begin with the time land at its end, as the events do. On the server's SQLite,
storing a batch after 500,000 events went three to four times as fast, and no longer
slows as the table grows (``bench/event_ids.py``; ``bench/README.md``, "Ingest").

The id is the millisecond of the Unix time in its first 48 bits, then the version and
variant, and 74 random bits: two ids of one millisecond differ by chance alone, with
odds of a clash far below those of a hardware fault. A counter whose clock is wrong
still makes unique ids; they only sort less well.

No ``uuid`` import: it loads ``platform`` and ``ctypes``, which a reading start of the
command line does not need.
"""

from __future__ import annotations

import os
import time

_VERSION = 0x7 << 76
_VARIANT = 0b10 << 62
_RAND_A = 0xFFF  # 12 random bits after the version
_RAND_B = (1 << 62) - 1  # 62 random bits after the variant


def time_ordered_id(unix_ms: int | None = None) -> str:
    """A new UUID version 7 in its usual text form (36 characters, lower case);
    ``unix_ms``: the millisecond it carries, now by default."""
    ms = time.time_ns() // 1_000_000 if unix_ms is None else unix_ms
    if not 0 <= ms < 1 << 48:
        raise ValueError(f"a UUID version 7 holds a time of 0 to 2**48 - 1 ms, not {ms}")
    random = int.from_bytes(os.urandom(10), "big")  # 80 bits, 74 of them used
    value = ms << 80 | _VERSION | (random >> 64 & _RAND_A) << 64 | _VARIANT | random & _RAND_B
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
