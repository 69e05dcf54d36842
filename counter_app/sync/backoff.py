"""How long to wait before asking an unreachable server again.

Exponential backoff with full jitter: the n-th retry in a row waits a random time
up to ``min(cap, base · 2ⁿ)``, so the counters of a ward that lost the server
together do not all come back at the same second when it returns. ``floor`` keeps a
draw near zero from asking again at once. The random source is injected (tests).
"""

from __future__ import annotations

import random as _random
from collections.abc import Callable

BASE_S = 2.0
CAP_S = 300.0
FLOOR_S = 1.0


class Backoff:
    def __init__(
        self,
        base: float = BASE_S,
        cap: float = CAP_S,
        floor: float = FLOOR_S,
        random: Callable[[], float] = _random.random,
    ) -> None:
        self.base = base
        self.cap = cap
        self.floor = floor
        self._random = random
        self.failures = 0

    def ceiling(self) -> float:
        """The longest wait after the failures so far."""
        return min(self.cap, self.base * 2.0 ** min(self.failures, 32))

    def next_delay(self) -> float:
        """One more failure: the seconds to wait before the next attempt."""
        ceiling = self.ceiling()
        self.failures += 1
        return max(min(self.floor, ceiling), self._random() * ceiling)

    def reset(self) -> None:
        """A success: the next failure starts again from ``base``."""
        self.failures = 0
