"""Open a TCP connection that gives up when the user cancels, not only at the deadline.

``socket.create_connection`` blocks in ``connect()`` until the server accepts or the timeout
passes: a server that never accepts (a full backlog, a firewall dropping the SYN) would
hold a Cancel for the whole download deadline. Here the socket connects without blocking
and the wait for it looks at ``cancelled()`` every ``poll`` seconds.
"""

from __future__ import annotations

import errno
import os
import selectors
import socket
import time
from collections.abc import Callable

from readinglist.domain.errors import ImportCancelledError

Address = tuple[str, int]
# connect_ex() answers for a connection under way (WSAEWOULDBLOCK is Windows' 10035).
_UNDER_WAY = {0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY, 10035}


def connect_within(
    address: Address,
    timeout: float | None = None,
    source_address: Address | None = None,
    *,
    deadline: float,
    cancelled: Callable[[], bool],
    poll: float = 0.05,
) -> socket.socket:
    """A connected socket to ``address`` (each of its addresses in turn, as
    ``socket.create_connection`` does), with a timeout of what is left of ``deadline``.

    Raises ImportCancelledError as soon as ``cancelled()`` says so, TimeoutError once the
    deadline has passed, OSError when no address accepts. ``timeout`` is accepted for the
    signature of ``create_connection`` and ignored: the deadline bounds the whole download.
    """
    del timeout
    host, port = address
    failures: list[OSError] = []
    for family, kind, proto, _name, sockaddr in socket.getaddrinfo(
        host, port, 0, socket.SOCK_STREAM
    ):
        sock = socket.socket(family, kind, proto)
        try:
            if source_address:
                sock.bind(source_address)
            sock.setblocking(False)
            code = sock.connect_ex(sockaddr)
            if code not in _UNDER_WAY:
                raise OSError(code, os.strerror(code))
            if code != 0:
                _wait_connected(sock, deadline, cancelled, poll)
            sock.settimeout(_left(deadline))
            return sock
        except OSError as exc:
            sock.close()
            if isinstance(exc, TimeoutError):
                raise
            failures.append(exc)
        except BaseException:
            sock.close()
            raise
    raise failures[0] if failures else OSError(f"no address found for {host}")


def _wait_connected(
    sock: socket.socket, deadline: float, cancelled: Callable[[], bool], poll: float
) -> None:
    """Wait until ``sock`` is connected (or its connection failed: OSError)."""
    with selectors.DefaultSelector() as selector:
        selector.register(sock, selectors.EVENT_WRITE)
        while not cancelled():
            if selector.select(min(poll, _left(deadline))):
                code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if code:
                    raise OSError(code, os.strerror(code))
                return
    raise ImportCancelledError("download")  # download.fetch() names the URL


def _left(deadline: float) -> float:
    """Seconds left before ``deadline``; TimeoutError once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the download deadline has passed while connecting")
    return left
