"""Commands that bring a lost or damaged database back: db backup, restore, start-over.

``db restore`` and ``db start-over`` do not open the installation the usual way (that
is what refuses a lost database); they work on the folder, and never delete a file:
whatever was in the place of ``counter.db`` is moved aside.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from counter_app.cli import retention
from counter_app.cli.common import UsageError, data_folder, open_services
from counter_app.domain.text import counted

LEDGER_LOST = (
    "numbering continues above the newest backup's numbers; codes given out after that "
    "backup could not be known and may be given again: check the last code on paper"
)


def cmd_db_backup(args: argparse.Namespace) -> int:
    from counter_app.services import recovery

    with open_services(args) as services:
        target = recovery.take_backup(services.db, services.path.parent, services.clock.now())
    print(target)
    return 0


def cmd_db_restore(args: argparse.Namespace) -> int:
    from counter_app.domain.clock import SystemClock
    from counter_app.services import recovery

    command = f"{args.command} restore"  # db restore, or backup restore
    if not args.latest and not args.file:
        raise UsageError(f"{command} needs --latest or a backup FILE")
    if args.latest and args.file:
        raise UsageError(f"{command} takes --latest or a FILE, not both")
    source = Path(args.file) if args.file else None
    done = recovery.restore(data_folder(args), SystemClock(), source, force=args.force)
    for skipped, why in done.skipped:
        print(f"skipped {skipped.name}: {why}")
    backup = done.backup
    if done.kept:
        print(f"kept {backup.path} as it is ({counted(backup.dossiers, 'dossier')})")
    else:
        print(
            f"restored {backup.path} (taken {backup.taken_at:%Y-%m-%d %H:%M}, "
            f"{counted(backup.dossiers, 'dossier')})"
        )
    _tell_moved(done.moved_aside)
    if done.ledger_lost:
        print(f"the ledger was lost: {LEDGER_LOST}")
        return 0
    missing = "of the missing dossiers" if done.kept else "given out after the backup"
    print(
        "numbering continues above the ledger's numbers"
        f" ({counted(done.numbers_raised, 'day')} raised): the codes {missing} are not"
        " given again"
    )
    return 0


def cmd_db_start_over(args: argparse.Namespace) -> int:
    from counter_app import app
    from counter_app.domain.clock import SystemClock
    from counter_app.services import recovery

    if not args.confirm:
        raise UsageError(
            "db start-over puts an empty database in place of counter.db: add --confirm "
            "if that is what you want (the current file is kept aside)"
        )
    done = recovery.start_over(data_folder(args), SystemClock(), app.catalogue_file())
    print("started an empty database, keeping the unit and its numbering")
    _tell_moved(done.moved_aside)
    if done.ledger_lost:
        print(f"the ledger was lost: {LEDGER_LOST}")
        print("the counter window asks for the administrator's setup again")
        return 0
    print(
        "numbering continues above the ledger's numbers"
        f" ({counted(done.numbers_kept, 'day')} kept); "
        "the counter window asks for the administrator's setup again"
    )
    return 0


def _tell_moved(moved: list[Path]) -> None:
    for path in moved:
        print(f"kept aside: {path}")


def add_db_commands(db: Any) -> None:
    """``db backup``, ``db restore``, ``db start-over``, ``db retention`` and ``db purge``
    under the ``db`` command."""
    db.add_parser("backup", help="a consistent copy of the database now").set_defaults(
        handler=cmd_db_backup
    )
    add_restore(db)
    over = db.add_parser(
        "start-over", help="an empty database that keeps the unit and the numbering"
    )
    over.add_argument("--confirm", action="store_true", help="yes, start over")
    over.set_defaults(handler=cmd_db_start_over)
    retention.add_db_commands(db)


def add_restore(sub: Any) -> None:
    """``restore [--latest | FILE] [--force]``: under ``db`` and under ``backup``."""
    restore = sub.add_parser(
        "restore", help="put a backup back in place of counter.db (moved aside, not deleted)"
    )
    restore.add_argument("file", nargs="?", metavar="FILE", help="the backup to restore")
    restore.add_argument(
        "--latest", action="store_true", help="the newest good backup of this installation"
    )
    restore.add_argument(
        "--force", action="store_true", help="even if counter.db is intact (drops newer dossiers)"
    )
    restore.set_defaults(handler=cmd_db_restore)
