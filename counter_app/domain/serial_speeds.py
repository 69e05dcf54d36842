"""The serial speeds a counter's printer and scanner may be set to.

A USB-COM scanner ignores the speed; a printer on a real serial line needs the one set
on its DIP switches (the test page tells which).
"""

from __future__ import annotations

from counter_app.domain.text import whole_number

BAUD_RATES = (9600, 19200, 38400, 57600, 115200)
DEFAULT_BAUDRATE = BAUD_RATES[0]


def stored_baudrate(text: str | None) -> int:
    """A speed as stored in the settings; the default one for a value that is none of
    the speeds (edited by hand): never a crash, and the settings dialog sets it again."""
    speed = whole_number(text or "")
    return speed if speed in BAUD_RATES else DEFAULT_BAUDRATE
