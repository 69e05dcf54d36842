"""Demo dossiers grow a believable past: processed, ready, returned, a few refused.

The status changes go through the real :class:`DossierService`; the demo owns a
:class:`FakeClock` given to that service by the composition root and sets it to
each change's moment, so history times and events look as they would have.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timedelta

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import Dossier, Status
from counter_app.services.dossiers import DossierService

Step = tuple[datetime, str, int, Status, str]
MISSING = "Thiếu bản sao giấy tờ chứng minh nơi cư trú"
WITHDRAWN = "Công dân xin rút hồ sơ để bổ sung sau"
REFUSED = "Hồ sơ không thuộc thẩm quyền giải quyết của đơn vị"
STOPPED = "Công dân không bổ sung hồ sơ theo yêu cầu"


class DemoProgress:
    def __init__(
        self,
        dossiers: DossierService,
        clock: FakeClock,
        calendar: WorkingCalendar,
        officer: str,
        seed: int,
    ) -> None:
        self._dossiers = dossiers
        self._clock = clock
        self._calendar = calendar
        self._officer = officer
        self._rng = random.Random(seed)

    def advance(self, received: Iterable[Dossier], now: datetime) -> int:
        """Apply every planned change that would have happened by ``now``."""
        steps = sorted(step for dossier in received for step in self._plan(dossier))
        done = 0
        for at, code, _, target, reason in steps:
            if at > now:
                continue
            self._clock.set(at)
            self._dossiers.change_status(code, target, reason, self._officer)
            done += 1
        self._clock.set(now)
        return done

    def _plan(self, dossier: Dossier) -> list[Step]:
        """The changes of one dossier, each strictly after the one before."""
        roll = self._rng.random()
        if roll < 0.02:
            plan = [(1.0, Status.REFUSED, REFUSED)]
        elif roll < 0.04:
            plan = [(2.0, Status.WITHDRAWN, WITHDRAWN)]
        elif roll < 0.05:
            plan = [
                (1.0, Status.IN_PROCESSING, ""),
                (2.0, Status.SUPPLEMENT_REQUESTED, MISSING),
                (50.0, Status.STOPPED, STOPPED),
            ]
        else:
            plan = self._processing_plan(dossier, supplement=roll < 0.10)
        steps: list[Step] = []
        moment = dossier.received_at
        for index, (hours, target, reason) in enumerate(plan):
            candidate = self._calendar.next_working_start(moment + timedelta(hours=hours))
            moment = max(candidate, moment + timedelta(minutes=1))
            steps.append((moment, dossier.code, index, target, reason))
        return steps

    def _processing_plan(
        self, dossier: Dossier, supplement: bool
    ) -> list[tuple[float, Status, str]]:
        """Hours after the previous step: processing, maybe a supplement, ready, returned."""
        plan = [(1.0, Status.IN_PROCESSING, "")]
        if supplement:
            plan += [(2.0, Status.SUPPLEMENT_REQUESTED, MISSING), (26.0, Status.IN_PROCESSING, "")]
        # Most results are ready a little before the promise; one in ten is a day late.
        elapsed = sum(hours for hours, _, _ in plan)
        ready = dossier.due_at - dossier.received_at - timedelta(hours=elapsed)
        ready += timedelta(hours=26 if self._rng.random() < 0.1 else -self._rng.randint(1, 6))
        plan.append((max(ready.total_seconds() / 3600, 0.5), Status.RESULT_READY, ""))
        plan.append((float(self._rng.randint(1, 40)), Status.RETURNED, ""))
        return plan
