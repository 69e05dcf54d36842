"""The counter's side of the ward's queue (DESIGN.md §9, docs/queue.md): call, serve, rate.

Two objects, because of threads. :class:`QueueService` lives on the window's thread with
the installation's database: whether this counter is enrolled with a ward server, the
rating scale, and :meth:`QueueService.desk`, which reads the server, the token and the
counter's number once and hands them to a :class:`QueueDesk`. The desk holds plain values
only, so its actions (HTTP calls to the ward server) run off the GUI thread without
touching the database connection.

The desk turns the client's failures into :class:`DomainError` with a stable code (the
window says it in Vietnamese): ``queue_offline`` for a server that cannot be reached,
``queue_not_allowed`` for a token the server no longer accepts, and one code per common
``queue_conflict`` of the server (whose detail is English and is kept only in the
message, for the log); anything else the server refuses is ``queue_refused``.

A reception saved while a ticket is called or served is linked to it
(:meth:`QueueDesk.link_reception`): the link is kept in memory and sent with the
ticket's next finish, whether the officer presses "finish" or calls the next citizen
(the desk then finishes the ticket with its dossier first: the server's own finish on a
call carries no dossier). A ticket carries one dossier on the server: the first
reception saved while serving it is the one linked. A transfer drops the link (another
counter finishes the ticket), and so does closing the window.

The HTTP client is imported on first use: the window starts without it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from counter_app.domain.clock import Clock
from counter_app.domain.errors import DomainError
from counter_app.domain.records import record
from counter_app.domain.text import clean
from counter_app.services.permissions import Guard, Permission
from counter_app.storage import outbox, settings
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction

if TYPE_CHECKING:
    from counter_app.sync.queue_client import QueueClient
    from counter_app.sync.queue_wire import CallAnswer, QueueSetup, QueueStatus, Ticket

ACTION_TIMEOUT = 10.0  # seconds: an officer waiting longer would rather try again
SETTLE_S = 1.0  # how long an action's answer outranks older statuses of the live queue
MAX_OFFICER = 64  # the wire's limit on an officer's name
RATING_SCALE_KEY = "rating_scale"

# The server's English details of a queue_conflict (central/queue.py), to our codes.
CONFLICTS = (
    ("has no ticket called now", "queue_no_current"),
    ("cannot be skipped", "queue_skip_serving"),
    ("already being served", "queue_already_serving"),
    ("called by another counter", "queue_called_elsewhere"),
    ("cannot be called now", "queue_cannot_call"),
    ("has no service area", "queue_no_area"),
    ("has no counter", "queue_no_counter"),
    ("at this counter already", "queue_same_counter"),
    ("rated already", "queue_rated_already"),
    ("was not finished at counter", "queue_not_finished_here"),
)


@record(frozen=True)
class RatingChoice:
    key: str  # what the server stores and the figures count (``rat_hai_long``)
    label: str  # what the citizen reads
    unhappy: bool = False  # asks for a reason


@record(frozen=True)
class RatingScale:
    """The answers the citizen's screen offers after a service, and the reasons it offers
    after an unhappy one (DOMAIN.md §9: the scale is configurable)."""

    choices: tuple[RatingChoice, ...]
    reasons: tuple[str, ...]

    def choice(self, key: str) -> RatingChoice:
        for choice in self.choices:
            if choice.key == key:
                return choice
        raise DomainError("rating_unknown", f"the rating scale has no answer {key}", key=key)


DEFAULT_SCALE = RatingScale(
    choices=(
        RatingChoice("rat_hai_long", "Rất hài lòng"),
        RatingChoice("hai_long", "Hài lòng"),
        RatingChoice("binh_thuong", "Bình thường"),
        RatingChoice("khong_hai_long", "Không hài lòng", unhappy=True),
    ),
    reasons=("Chờ lâu", "Thái độ", "Hướng dẫn chưa rõ", "Khác"),
)


MAX_SCALE_TEXT = 10_000


def parse_rating_scale(text: str) -> RatingScale:
    """A scale from JSON: ``{"choices": [{"key", "label", "unhappy"?}...], "reasons": [...]}``.

    Keys are what the server accepts (a-z, 0-9, _; up to 40), 2 to 7 answers, unique;
    labels are NFC text for a big button; 0 to 8 reasons.
    """
    import re
    import unicodedata

    if len(text) > MAX_SCALE_TEXT:
        raise DomainError(
            "rating_scale_invalid", f"a rating scale is at most {MAX_SCALE_TEXT} characters"
        )
    try:
        data = json.loads(text)
        choices = tuple(
            RatingChoice(
                _given(c["key"], str),
                clean(_given(c["label"], str)),  # a label of zero-width spaces is empty
                _given(c.get("unhappy", False), bool),
            )
            for c in data["choices"]
        )
        reasons = tuple(clean(_given(r, str)) for r in data.get("reasons", []))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as error:
        raise DomainError(
            "rating_scale_invalid",
            f"the rating scale is not valid ({type(error).__name__}): it must be "
            '{"choices": [{"key": "...", "label": "...", "unhappy": false}, ...], '
            '"reasons": ["..."]}',
        ) from None
    keys = [c.key for c in choices]
    labels = [c.label for c in choices] + list(reasons)
    if (
        not 2 <= len(choices) <= 7
        or len(set(keys)) != len(keys)
        or not all(re.fullmatch(r"[a-z0-9_]{1,40}", key) for key in keys)
        or not all(0 < len(label.strip()) <= 40 for label in labels)
        or len(reasons) > 8
    ):
        raise DomainError(
            "rating_scale_invalid",
            "a rating scale has 2-7 answers with unique keys (a-z, 0-9, _) and labels of "
            "1-40 characters, and at most 8 reasons",
        )
    nfc = [
        RatingChoice(c.key, unicodedata.normalize("NFC", c.label.strip()), c.unhappy)
        for c in choices
    ]
    return RatingScale(tuple(nfc), tuple(unicodedata.normalize("NFC", r.strip()) for r in reasons))


def _given(value: Any, kind: type[Any]) -> Any:
    """``value`` if it is of ``kind``: a label of 5 or ["A"] is a mistake, not "5"."""
    if not isinstance(value, kind):
        raise TypeError(f"{kind.__name__} expected")
    return value


def scale_to_json(scale: RatingScale) -> str:
    choices = [{"key": c.key, "label": c.label, "unhappy": c.unhappy} for c in scale.choices]
    return json.dumps({"choices": choices, "reasons": list(scale.reasons)}, ensure_ascii=False)


class QueueService:
    """The queue as this installation knows it: enrolled or not, and the rating scale."""

    def __init__(
        self,
        db: Database,
        clock: Clock | None = None,
        device_id: str = "",
        timeout: float = ACTION_TIMEOUT,
    ) -> None:
        self._db = db
        self._clock = clock
        self._device_id = device_id
        self._timeout = timeout

    def enabled(self) -> bool:
        """Whether this counter is enrolled with a ward server (which holds the queue)."""
        state = outbox.state(self._db)
        return bool(state.get("server") and state.get("token"))

    def desk(self, officer: str) -> QueueDesk:
        """The officer's desk at this counter, for actions off the GUI thread."""
        state = outbox.state(self._db)
        server, token = state.get("server"), state.get("token")
        if not server or not token:
            raise DomainError(
                "queue_not_enrolled",
                "this counter is not enrolled with a ward server, which holds the queue",
            )
        counter = int(settings.get(self._db, "counter_number") or "1")
        desk = QueueDesk(server, token, counter, officer, self._timeout, state.get("server_ca"))
        desk.may_see_figures = self._guard().may(officer, Permission.OTHERS_WORK)
        return desk

    def _guard(self) -> Guard:
        from counter_app.domain.clock import SystemClock

        return Guard(self._db, self._clock or SystemClock(), self._device_id)

    def rating_scale(self) -> RatingScale:
        """The installation's scale (setting ``rating_scale``), else the default one."""
        stored = settings.get(self._db, RATING_SCALE_KEY)
        return DEFAULT_SCALE if not stored else parse_rating_scale(stored)

    def set_rating_scale(self, text: str, officer: str) -> RatingScale:
        """Store a scale given as JSON (checked first), with its event; it shows from
        the next rating."""
        from counter_app.domain.clock import SystemClock
        from counter_app.storage import events

        self._guard().require(officer, Permission.QUEUE_SETTINGS, RATING_SCALE_KEY)
        scale = parse_rating_scale(text)
        stored = scale_to_json(scale)
        now = (self._clock or SystemClock()).now()
        with transaction(self._db):
            settings.put(self._db, RATING_SCALE_KEY, stored)
            events.append(
                self._db,
                events.EventContext(self._device_id, officer),
                "unit.rating_scale_set",
                ("unit", self._device_id),
                json.loads(stored),
                now,
            )
        return scale


@record(frozen=True)
class Link:
    """A reception saved while ``label`` was at the counter."""

    label: str
    dossier_code: str
    procedure_code: str


class QueueDesk:
    """One counter's actions on the ward's queue, as one officer; safe off the GUI thread.

    Each action makes its own short-lived client (nothing is shared between threads);
    ``current`` is the counter's ticket as the last answer or status showed it.
    """

    def __init__(
        self,
        server: str,
        token: str,
        counter: int,
        officer: str,
        timeout: float,
        ca: str | None = None,  # the ward's own certificate authority (enrol --ca)
    ) -> None:
        self.server = server
        self._ca = ca
        self.counter = counter
        self.officer = officer[:MAX_OFFICER]
        self._token = token
        self._timeout = timeout
        self._lock = threading.Lock()
        self._current: Ticket | None = None
        self.may_see_figures = False  # set by QueueService.desk from the officer's role
        self._link: Link | None = None
        self._expected: tuple[tuple[str, str] | None, float] = (None, 0.0)

    # --- what the desk knows ---------------------------------------------------------

    @property
    def current(self) -> Ticket | None:
        with self._lock:
            return self._current

    @property
    def link(self) -> Link | None:
        with self._lock:
            return self._link

    def observe(self, status: QueueStatus) -> Ticket | None:
        """Take this counter's current ticket from a status of the live queue.

        A status made before an action's answer can arrive after it: for a moment
        (``SETTLE_S``) after an action, a status that does not show its outcome yet
        is passed over.
        """
        mine = next((c for c in status.counters if c.number == self.counter), None)
        seen = mine.current if mine else None
        with self._lock:
            expected, until = self._expected
            if time.monotonic() < until and _key(seen) != expected:
                return self._current
            self._expected = (None, 0.0)
        self._set_current(seen)
        return self.current

    def link_reception(self, dossier_code: str, procedure_code: str) -> str | None:
        """Link a reception just saved to the ticket at the counter; its label, or None
        when no ticket is at the counter (the reception stands alone)."""
        with self._lock:
            if self._current is None:
                return None
            if self._link is None or self._link.label != self._current.label:
                self._link = Link(self._current.label, dossier_code, procedure_code)
            return self._link.label

    def _set_current(self, ticket: Ticket | None, answered: bool = False) -> None:
        with self._lock:
            if answered:
                self._expected = (_key(ticket), time.monotonic() + SETTLE_S)
            self._current = ticket
            if self._link is not None and (ticket is None or ticket.label != self._link.label):
                self._link = None

    # --- the actions (off the GUI thread) -------------------------------------------

    def client(self) -> QueueClient:
        """A new client of the ward server (the caller closes it)."""
        from counter_app.sync.queue_client import QueueClient

        return QueueClient(
            self.server, self._token, timeout=self._timeout, user_agent="counter-app", ca=self._ca
        )

    def follow_client(self) -> QueueClient:
        """A client for the live stream (its own read timeout)."""
        from counter_app.sync.queue_client import QueueClient

        return QueueClient(self.server, self._token, user_agent="counter-app", ca=self._ca)

    def status(self) -> QueueStatus:
        with self._session() as client:
            found = client.status()
        self.observe(found)
        return found

    def setup(self) -> QueueSetup:
        with self._session() as client:
            return client.setup()

    def stats(self, day: str) -> dict[str, Any]:
        """The ward's queue figures of ``day`` (YYYY-MM-DD), walk-in tickets synced included:
        every officer's work, for the head of the unit."""
        if not self.may_see_figures:
            raise DomainError(
                "not_permitted",
                f"'{self.officer}' may not see other officers' work: the queue figures.",
                permission=Permission.OTHERS_WORK.value,
            )
        with self._session() as client:
            return client.stats(day)

    def call_next(self) -> CallAnswer:
        """The next ticket for this counter (None when nobody waits); the current one is
        finished first, with the reception linked to it."""
        with self._session() as client:
            finished = self._finish_linked(client)
            answer = client.call_next(self.counter, self.officer)
        self._set_current(answer.ticket, answered=True)
        if finished is not None and answer.finished is None:
            answer = answer.model_copy(update={"finished": finished})
        return answer

    def call(self, label: str) -> CallAnswer:
        """A given ticket (waiting, or skipped and back at the counter)."""
        with self._session() as client:
            finished = self._finish_linked(client)
            answer = client.call(label.strip().upper(), self.counter, self.officer)
        self._set_current(answer.ticket, answered=True)
        if finished is not None and answer.finished is None:
            answer = answer.model_copy(update={"finished": finished})
        return answer

    def recall(self) -> Ticket:
        return self._act(lambda client: client.recall(self.counter, self.officer))

    def start(self) -> Ticket:
        return self._act(lambda client: client.start(self.counter, self.officer))

    def skip(self) -> Ticket:
        """The citizen called did not come (the ticket may be called again later)."""
        return self._ends(lambda client: client.skip(self.counter, self.officer))

    def finish(self) -> Ticket:
        """Finish the ticket at the counter, with the reception linked to it, if any."""
        link = self.link
        code = link.dossier_code if link else None
        procedure = link.procedure_code if link else None
        return self._ends(lambda client: client.finish(self.counter, self.officer, code, procedure))

    def transfer(self, to_area: str | None = None, to_counter: int | None = None) -> Ticket:
        """Hand the ticket on to an area's line or to one counter; it waits again."""
        return self._ends(
            lambda client: client.transfer(self.counter, self.officer, to_area, to_counter)
        )

    def rate(self, label: str, rating: str, reason: str = "") -> Ticket:
        """The citizen's answer about a ticket finished at this counter."""
        with self._session() as client:
            return client.rate(label, self.counter, rating, reason[:500])

    def _finish_linked(self, client: QueueClient) -> Ticket | None:
        link = self.link
        if link is None:
            return None
        done = client.finish(self.counter, self.officer, link.dossier_code, link.procedure_code)
        self._set_current(None)
        return done

    def _act(self, action: Callable[[QueueClient], Ticket]) -> Ticket:
        with self._session() as client:
            ticket = action(client)
        self._set_current(ticket, answered=True)
        return ticket

    def _ends(self, action: Callable[[QueueClient], Ticket]) -> Ticket:
        """An action after which the counter has no ticket."""
        with self._session() as client:
            ticket = action(client)
        self._set_current(None, answered=True)
        return ticket

    @contextmanager
    def _session(self) -> Iterator[QueueClient]:
        """A client for one action; its failures as DomainErrors for the officer."""
        from pydantic import ValidationError

        from counter_app.sync.client import Refused, SyncError

        client = self.client()
        try:
            yield client
        except Refused as refused:
            raise refusal(refused.code, refused.detail) from None
        except SyncError as error:
            raise DomainError(
                "queue_offline", f"the queue server cannot be reached: {error}"
            ) from None
        except ValidationError as error:
            first = error.errors()[0]
            raise DomainError(
                "queue_invalid", f"not a valid queue request: {first['loc']} {first['msg']}"
            ) from None
        finally:
            client.close()


def _key(ticket: Ticket | None) -> tuple[str, str] | None:
    return None if ticket is None else (ticket.label, str(ticket.state))


def refusal(code: str, detail: str) -> DomainError:
    """A server's refusal as our error: its English detail stays in the message only."""
    if code != "queue_conflict":
        return DomainError("queue_not_allowed", f"the ward server refused ({code}): {detail}")
    for words, ours in CONFLICTS:
        if words in detail:
            return DomainError(ours, f"the queue refused: {detail}")
    return DomainError("queue_refused", f"the queue refused: {detail}")
