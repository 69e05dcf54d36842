"""ESC/POS printing for serial thermal printers, with no Qt and no knowledge of dossiers.

A paper is described as a :class:`printers.document.Document` (text lines, QR codes,
rules, cuts); a :class:`printers.profiles.PrinterProfile` says how one printer model
writes it (code pages, Vietnamese encoding, native QR, cut); ``render`` turns the
two into bytes; the transport sends them over ``serial.serial_for_url``; the virtual
printer reads them back.
"""
