"""A kiosk or board screen of the ward's queue: its enrolment and its ticket printer.

A screen is not a counter: it has no database of dossiers, only ``display.json`` in the
data folder (the server, the screen's token, its ward; written readable by its user
only). ``counter-app display enrol`` writes it with a one-time code from
``counter-central enrol --display``; ``counter-app kiosk`` and ``counter-app board``
read it.

The kiosk prints each ticket at once on its own serial printer (the queue-ticket paper
of ``papers.receipts``, in Vietnamese) and learns at once when it cannot: the screen then
shows the number and says why (out of paper, cover open...) in the kiosk's language.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from counter_app.domain.errors import DomainError
from counter_app.domain.records import field_values, record
from counter_app.sync import queue_wire as qw
from counter_app.sync import wire
from counter_app.sync.client import check_server_url
from counter_app.sync.queue_client import QueueClient

CONFIG_FILE = "display.json"


@record(frozen=True)
class DisplayConfig:
    server: str
    token: str
    device_id: str
    ward_code: str
    ward_name: str
    name: str = ""
    printer: str = ""  # the kiosk's serial printer URL; empty: none
    printer_profile: str = "epson-tm-t82"
    ca: str = ""  # the PEM of the ward's own certificate authority, if it has one

    def client(self, timeout: float = 10.0) -> QueueClient:
        agent = "counter-display"
        return QueueClient(self.server, self.token, timeout, agent, ca=self.ca or None)


def not_enrolled() -> DomainError:
    return DomainError(
        "display_not_enrolled",
        "this PC is not enrolled as a kiosk or board screen: run 'counter-app display enrol "
        "--server URL --code CODE' with a code from 'counter-central enrol --display'",
    )


def load(folder: Path) -> DisplayConfig:
    path = folder / CONFIG_FILE
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
        return DisplayConfig(**raw)
    except FileNotFoundError:
        raise not_enrolled() from None
    except (OSError, ValueError, TypeError) as exc:
        raise DomainError(
            "display_config_invalid",
            f"{path} cannot be read ({type(exc).__name__}): enrol this screen again",
        ) from None


def enrol(
    folder: Path, server: str, code: str, name: str, printer: str = "", ca: str | None = None
) -> DisplayConfig:
    """Exchange the code for this screen's token and keep them in ``display.json``;
    ``ca``: the ward's own certificate authority (PEM), trusted from now on."""
    base = check_server_url(server)
    try:
        device_id = load(folder).device_id  # enrolled before: the same device again
    except DomainError:
        device_id = str(uuid.uuid4())
    request = wire.EnrolRequest(code=code.strip(), device_id=device_id, device_name=name[:500])
    with QueueClient(base, ca=ca) as client:
        answer = client.enrol_display(request)
    config = DisplayConfig(
        server=base,
        token=answer.token,
        device_id=answer.device_id,
        ward_code=answer.ward.code,
        ward_name=answer.ward.name,
        name=name,
        printer=printer,
        ca=ca or "",
    )
    _write(folder / CONFIG_FILE, json.dumps(field_values(config), ensure_ascii=False, indent=2))
    return config


def _write(path: Path, text: str) -> None:
    """Written whole or not at all, readable by this user only (it holds a token)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(part, path)


class KioskPrinter:
    """Prints a taken ticket at once. A printer that cannot raises DomainError
    ``kiosk_printer`` with its ``status`` ("paper_out"...): the screen words it."""

    def __init__(self, url: str, profile: str, unit_name: str, resources: Path) -> None:
        from printers.profiles import load_profiles, profiles_path

        profiles = load_profiles(profiles_path(resources))
        if profile not in profiles:
            raise DomainError("printer_profile_unknown", f"unknown printer model {profile!r}")
        self._url = url
        self._profile = profiles[profile]
        self._unit_name = unit_name
        self._fonts = resources / "fonts"

    def print_ticket(self, taken: qw.TakenTicket) -> None:
        from counter_app.papers.receipts import PaperUnit, queue_ticket
        from printers.render import render
        from printers.transport import PrinterError, SerialPrinter

        issued = datetime.fromisoformat(taken.ticket.taken_at)
        unit = PaperUnit(name=self._unit_name, counter_number=0, place="")
        paper = queue_ticket(taken.ticket.label, taken.area_name, issued, taken.ahead, unit)
        data = render(paper, self._profile, self._fonts)
        try:
            with SerialPrinter(self._url) as printer:
                printer.send(data)
        except PrinterError as error:
            raise DomainError(
                "kiosk_printer",
                f"the ticket printer cannot print: {error}",
                status=str(error.status),
            ) from None
