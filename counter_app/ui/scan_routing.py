"""Where a scan goes: a card to the reception form, the lookup QR of our receipt to its
dossier, a VietQR to a sentence saying what it is. Keyboard and serial scans alike."""

from __future__ import annotations

import hmac

from PySide6.QtCore import QObject, Signal

from counter_app.app import Services
from counter_app.domain.errors import DomainError
from counter_app.domain.scans import Scan, ScanKind, classify, lookup_of
from counter_app.ui.messages import error_text


class ScanRouter(QObject):
    card = Signal(str)  # the text, for the reception form (which says why it is no card)
    dossier = Signal(object)  # the Dossier a lookup QR names, to open
    notice = Signal(str)  # a sentence for the status bar

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services

    def route(self, text: str) -> None:
        kind = classify(text)
        if kind is ScanKind.VIETQR:
            self.notice.emit(self.tr("This is a bank transfer QR (VietQR), not a citizen card."))
        elif kind is ScanKind.LOOKUP:
            self._open_lookup(text)
        else:
            self.card.emit(text)

    def route_serial(self, scan: Scan) -> None:
        """A serial scan; bytes that were not UTF-8 are said (the card reader refuses them)."""
        if scan.damaged:
            self.notice.emit(
                self.tr("The scanner sent bytes that are not UTF-8: set it to send UTF-8.")
            )
        self.route(scan.text)

    def _open_lookup(self, text: str) -> None:
        lookup = lookup_of(text)
        assert lookup is not None
        try:
            dossier = self._services.dossiers.get(lookup.code)
        except DomainError as error:
            self.notice.emit(error_text(error))
            return
        if not hmac.compare_digest(dossier.lookup_secret, lookup.secret):
            self.notice.emit(
                self.tr("The lookup QR does not match dossier %1.").replace("%1", lookup.code)
            )
            return
        self.dossier.emit(dossier)
