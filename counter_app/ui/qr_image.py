"""QR codes as pixmaps for the screens (the printers and PDFs draw their own)."""

from __future__ import annotations

import io

from PySide6.QtGui import QPixmap


def qr_pixmap(payload: str, size: int) -> QPixmap:
    import qrcode  # with Pillow: loaded for the first fee shown, not at start

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(payload)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap.scaled(size, size)
