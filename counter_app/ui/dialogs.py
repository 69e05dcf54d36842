"""The OK/Cancel row every dialog ends with, in our own words.

Qt's own translations are not shipped with the app, so the buttons are named here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox

Ok = QDialogButtonBox.StandardButton.Ok
Cancel = QDialogButtonBox.StandardButton.Cancel


def ok_cancel(
    ok_text: str, on_ok: Callable[[], object], on_cancel: Callable[[], object]
) -> QDialogButtonBox:
    buttons = QDialogButtonBox()
    # One at a time: the flags of both (Ok | Cancel) would make PySide create the Python
    # enums of the whole Qt namespace (about 90, some 45 ms) before the login shows.
    buttons.addButton(Ok).setText(ok_text)
    buttons.addButton(Cancel).setText(QCoreApplication.translate("Dialogs", "Cancel"))
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(on_cancel)
    return buttons
