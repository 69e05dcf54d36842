"""The ward's queue from an enrolled counter: take a ticket, call, finish, the status and
the day's figures. The counter finds its ward server by itself (its enrolment)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from counter_app.cli.common import (
    DEFAULT_OFFICER,
    UsageError,
    open_services,
    parse_day,
    print_json,
)
from counter_app.cli.parser import Parser

if TYPE_CHECKING:
    from counter_app.sync.queue_client import QueueClient

PRIORITIES = ("elderly", "disability", "pregnant", "child", "other")


@contextmanager
def _queue(args: argparse.Namespace) -> Iterator[tuple[QueueClient, int]]:
    """The client of the enrolled ward server and this counter's number; a refusal or
    an unreachable server is one line (exit 2)."""
    from counter_app.sync.client import SyncError

    with open_services(args) as services:
        client = services.sync.queue_client()
        number = services.sync.counter_number()
    try:
        with client:
            yield client, number
    except SyncError as error:
        raise UsageError(queue_line(error)) from None


def queue_line(error: Any) -> str:
    from counter_app.sync.client import Refused, ServerUnreachable

    if isinstance(error, ServerUnreachable):
        return f"the ward server is unreachable: {error.message}"
    if isinstance(error, Refused) and error.code == "unauthenticated":
        return f"refused by the ward server: the token is unknown or revoked ({error.detail})"
    if isinstance(error, Refused):
        return f"refused by the ward server: {error.detail}"
    return str(error)


def cmd_take(args: argparse.Namespace) -> int:
    from counter_app.sync.queue_wire import Priority

    priority = Priority(args.priority) if args.priority else None
    with _queue(args) as (client, _number):
        taken = client.take(_area(args.area), priority)
    print(taken.ticket.label)
    return 0


def cmd_call(args: argparse.Namespace) -> int:
    with _queue(args) as (client, number):
        counter = args.counter or number
        if args.ticket:
            answer = client.call(_label(args.ticket), counter, args.officer)
        else:
            answer = client.call_next(counter, args.officer)
    if answer.ticket is not None:
        print(answer.ticket.label)
    return 0  # an empty queue prints nothing


def cmd_finish(args: argparse.Namespace) -> int:
    with _queue(args) as (client, number):
        done = client.finish(args.counter or number, args.officer, args.dossier, args.procedure)
    print(done.label)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    with _queue(args) as (client, _number):
        print_json(client.status().model_dump(mode="json"))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    day = parse_day(args.date).isoformat() if args.date else None
    with _queue(args) as (client, _number):
        print_json(client.stats(day))
    return 0


def cmd_rating_scale(args: argparse.Namespace) -> int:
    """The answers the citizen screen offers after a service; with --file, set them."""
    import json

    from counter_app.cli.common import active_officer, read_json
    from counter_app.services.queue import scale_to_json

    given = json.dumps(read_json(args.file), ensure_ascii=False) if args.file else None
    with open_services(args) as services:
        if given is not None:
            services.queue.set_rating_scale(given, active_officer(services, args.officer))
        print_json(json.loads(scale_to_json(services.queue.rating_scale())))
    return 0


def _area(text: str) -> str:
    area = text.strip().upper()
    if not (area.isascii() and area.isalpha() and 1 <= len(area) <= 2):
        raise UsageError(f"--area must be a service area's letter, like A, not {text!r}")
    return area


def _label(text: str) -> str:
    label = text.strip().upper()
    letters = label.rstrip("0123456789")
    digits = label[len(letters) :]
    if not (
        letters.isascii() and letters.isalpha() and len(letters) <= 2 and 1 <= len(digits) <= 4
    ):
        raise UsageError(f"--ticket must be a ticket number like A012, not {text!r}")
    return label


def _counter_number(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise UsageError(f"--counter must be a number from 1 to 99, not {text!r}") from None
    if not 1 <= number <= 99:
        raise UsageError(f"--counter must be a number from 1 to 99, not {number}")
    return number


def add_commands(sub: Any) -> None:
    queue = sub.add_parser("queue", help="the ward's queue (an enrolled counter)")
    commands = queue.add_subparsers(dest="queue_command", required=True, parser_class=Parser)

    def command(name: str, handler: Callable[[argparse.Namespace], int], help: str) -> Any:
        parser = commands.add_parser(name, help=help)
        parser.set_defaults(handler=handler)
        return parser

    take = command("take", cmd_take, "take a ticket; prints its number")
    take.add_argument("--area", required=True, help="the service area's letter, e.g. A")
    take.add_argument(
        "--priority",
        nargs="?",
        const="other",
        choices=PRIORITIES,
        help="a priority ticket (alone: another priority the officer grants)",
    )
    call = command("call", cmd_call, "call the next ticket; prints it, nothing when none waits")
    finish = command("finish", cmd_finish, "finish the counter's current ticket")
    for parser in (call, finish):
        parser.add_argument(
            "--counter", type=_counter_number, help="the counter (default: this counter's)"
        )
        parser.add_argument("--officer", default="", help="the officer's username, for the log")
    call.add_argument("--ticket", help="call this ticket (e.g. A012) instead of the next")
    finish.add_argument("--dossier", help="the dossier received while serving it")
    finish.add_argument("--procedure", help="that dossier's procedure code")
    command("status", cmd_status, "the queue today (JSON)")
    scale = command("rating-scale", cmd_rating_scale, "the citizen's rating answers (JSON)")
    scale.add_argument("--file", help="set them from a JSON file like the one printed")
    scale.add_argument("--officer", default=DEFAULT_OFFICER, help="the administrator")
    stats = command("stats", cmd_stats, "the day's wait, walk and service times (JSON)")
    stats.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
