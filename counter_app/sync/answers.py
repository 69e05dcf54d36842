"""An HTTP answer read whole against one deadline and one size limit: the counter's sync
client and the ward server's forwarder (``central.upstream``) read every answer this way."""

from __future__ import annotations

import time

import httpx

MAX_ANSWER_BYTES = 64 * 1024 * 1024  # a page of 1,000 changes is about 1 MB


class AnswerTooLong(Exception):
    """An answer longer than its reader's limit (read no further)."""


def whole_answer(
    http: httpx.Client, request: httpx.Request, deadline: float, most: int = MAX_ANSWER_BYTES
) -> httpx.Response:
    """The whole answer by ``deadline`` (``time.monotonic()``), else ``httpx.ReadTimeout``;
    at most ``most`` bytes of body, else :class:`AnswerTooLong`. httpx's timeout bounds
    each read, not the answer: a server (or a proxy) that sends one byte every few
    seconds held a sync for days. The body is read chunk by chunk against both."""
    streamed = http.send(request, stream=True)
    try:
        body = bytearray()
        for chunk in streamed.iter_raw():
            body += chunk
            if len(body) > most:
                raise AnswerTooLong(f"more than {most} bytes")
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("the answer took too long", request=request)
    finally:
        streamed.close()
    # Undecoded bytes with the answer's own headers: decoded (gzip) as httpx would.
    return httpx.Response(
        streamed.status_code, headers=streamed.headers, content=bytes(body), request=request
    )
