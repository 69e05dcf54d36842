"""A server that answers at once, then sends its body one byte every ``every`` seconds
(a stalled proxy, or a hostile answer): each read is quick, the whole takes as long as
the server likes. For the clients whose timeout must bound the whole answer."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"


@contextlib.contextmanager
def trickling_server(every: float = 0.3) -> Iterator[str]:
    """Its URL; every connection gets the same slow answer, whatever it asked."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def answer(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            conn.sendall(HEAD)
            for _ in range(100):
                if stop.wait(every):
                    return
                conn.sendall(b" ")

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:  # closed: the test is over
                return
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()
        thread.join(timeout=5)
