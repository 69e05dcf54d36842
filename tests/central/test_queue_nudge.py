"""A queue stream wakes when an action of its process is stored, not at its next round."""

from __future__ import annotations

import asyncio
import time

from central.api import Nudge


def test_a_nudge_wakes_every_waiter_at_once_and_only_those_waiting() -> None:
    async def main() -> tuple[list[float], float]:
        nudge = Nudge()
        began = time.monotonic()

        async def waiter() -> float:
            await nudge.wait(30)
            return time.monotonic() - began

        waiting = [asyncio.ensure_future(waiter()) for _ in range(3)]
        await asyncio.sleep(0.05)
        nudge.notify()
        woken = list(await asyncio.gather(*waiting))
        later = time.monotonic()
        await nudge.wait(0.2)  # the notify before it does not count: the round ends it
        return woken, time.monotonic() - later

    woken, waited = asyncio.run(main())
    assert all(seconds < 10 for seconds in woken)  # woken by the notify, not the 30 s round
    assert waited >= 0.2
