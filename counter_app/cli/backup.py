"""``backup now|list|restore``: the backups beside the database, by their own name.

The same code as ``db backup`` and ``db restore`` (``services/recovery.py``), which
stay. ``list`` reads the backups' files only: it answers when the database itself is
lost or damaged, which is when the list is wanted.
"""

from __future__ import annotations

import argparse
from typing import Any

from counter_app.cli import recovery
from counter_app.cli.common import data_folder, print_json
from counter_app.cli.parser import Parser


def cmd_backup_list(args: argparse.Namespace) -> int:
    from counter_app.storage import backups
    from counter_app.storage.errors import StorageError

    found = []
    for path in backups.listing(data_folder(args)):
        entry: dict[str, Any] = {
            "file": path.name,
            "path": str(path),
            "kind": backups.kind(path),
            "taken_at": backups.taken_at(path).isoformat(timespec="seconds"),
            "bytes": path.stat().st_size,
        }
        try:
            entry["dossiers"] = backups.inspect(path).dossiers
        except StorageError as error:  # listed all the same: restore says it is unusable
            entry["dossiers"] = None
            entry["problem"] = error.code
        found.append(entry)
    print_json(found)
    return 0


def add_commands(sub: Any) -> None:
    backup = sub.add_parser("backup", help="consistent copies of the database").add_subparsers(
        dest="backup_command", required=True, parser_class=Parser
    )
    backup.add_parser("now", help="a consistent copy of the database now").set_defaults(
        handler=recovery.cmd_db_backup
    )
    backup.add_parser(
        "list", help="the backups, newest first: time, kind, dossiers (JSON)"
    ).set_defaults(handler=cmd_backup_list)
    recovery.add_restore(backup)
