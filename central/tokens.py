"""Secrets the server hands out: device tokens and one-time enrolment codes.

Both are stored only as their SHA-256 (hex): a copy of the database gives no one a
working credential. They are long random values, not passwords, so a fast hash is
enough, and a lookup by the hash (a unique index) compares them without leaking
timing about the secret itself.
"""

from __future__ import annotations

import hashlib
import secrets

from counter_app.domain.dossiers import SECRET_ALPHABET

# 256 bits as 64 hex digits: never begins with "-" (a command line would take it for an
# option: --upstream-token -Xy…), and a double click selects it whole.
TOKEN_BYTES = 32
# Read off a screen and typed at the counter: no 0/O, 1/I/L (the dossier secrets' alphabet).
CODE_ALPHABET = SECRET_ALPHABET
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4  # 12 characters of 31: about 59 bits, for a code that expires


def new_token() -> str:
    return secrets.token_hex(TOKEN_BYTES)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_enrolment_code() -> str:
    """Like ``7KQM-X4RT-9BWC``."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


def normalise_code(typed: str) -> str:
    """The code as typed, without its dashes and spaces, in capitals."""
    return "".join(ch for ch in typed.upper() if ch not in "- \t")


def code_digest(typed: str) -> str:
    return digest(normalise_code(typed))
