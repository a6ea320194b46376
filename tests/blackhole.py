"""A local address that never accepts a connection: a listening socket whose backlog is
full. Its one queued connection is never accepted, so the kernel drops every further
connection attempt and a client's ``connect()`` waits as it would for a dead host."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator


@contextlib.contextmanager
def blackhole() -> Iterator[str]:
    """``http://127.0.0.1:PORT`` of a server that never accepts; closed on exit."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        server.bind(("127.0.0.1", 0))
        server.listen(0)  # room for one connection waiting to be accepted
        host, port = server.getsockname()
        filler.settimeout(30)
        filler.connect((host, port))  # takes that room; it is never accepted
        yield f"http://{host}:{port}"
    finally:
        filler.close()
        server.close()
