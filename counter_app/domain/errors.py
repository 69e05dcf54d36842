"""Typed errors the officer or the command line can meet.

Every refusal of bad input is a :class:`DomainError` with a stable ``code``
(the UI maps it to a Vietnamese message), an English ``message`` for the
command line and logs, and the ``params`` that message was built from.
Anything that is not a ``DomainError`` is a bug.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of a start)
if TYPE_CHECKING:
    from typing import Any


class DomainError(ValueError):
    """Bad input or a rule the request breaks; never a bug."""

    def __init__(self, code: str, message: str, /, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return self.message
