"""Open a TCP connection that gives up when the user cancels, not only at the deadline.

``socket.create_connection`` blocks in ``getaddrinfo()`` until the name is resolved and in
``connect()`` until the server accepts or the timeout passes: a resolver that does not
answer (a dead DNS server, a captive network) or a server that never accepts (a full
backlog, a firewall dropping the SYN) would hold a Cancel for the whole download deadline.
Here the name is resolved in a thread of its own that is abandoned on Cancel or at the
deadline (``getaddrinfo`` cannot be interrupted; the thread ends when the resolver gives
up), and the socket connects without blocking; both waits look at ``cancelled()`` every
``poll`` seconds. So does the TLS handshake of an https download
(:func:`handshake_within`): a server that accepts the connection and never answers the
handshake no longer holds a Cancel either.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import selectors
import socket
import ssl
import threading
import time
from collections.abc import Callable
from typing import Any

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
    for family, kind, proto, _name, sockaddr in resolve_within(
        host, port, deadline=deadline, cancelled=cancelled, poll=poll
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


def resolve_within(
    host: str, port: int, *, deadline: float, cancelled: Callable[[], bool], poll: float = 0.05
) -> list[tuple[Any, ...]]:
    """``socket.getaddrinfo(host, port, 0, SOCK_STREAM)``, run in a daemon thread that is
    abandoned when ``cancelled()`` says so (ImportCancelledError) or the deadline passes
    (TimeoutError); the resolver's own failure (``socket.gaierror``) is raised as is."""
    if _is_address(host):  # nothing to look up: answered at once, without a thread
        return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    answer: list[Any] = []
    done = threading.Event()

    def resolve() -> None:
        try:
            answer.append(socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
        except BaseException as exc:  # handed to the waiting thread, raised there
            answer.append(exc)
        finally:
            done.set()

    threading.Thread(target=resolve, name=f"resolve {host}", daemon=True).start()
    while not done.wait(min(poll, _left(deadline))):
        if cancelled():
            raise ImportCancelledError("download")  # download.fetch() names the URL
    (result,) = answer
    if isinstance(result, BaseException):
        raise result
    return list(result)


def handshake_within(
    sock: ssl.SSLSocket, *, deadline: float, cancelled: Callable[[], bool], poll: float = 0.05
) -> None:
    """Complete the TLS handshake of ``sock`` (wrapped with ``do_handshake_on_connect``
    off) within ``deadline``, giving up as soon as ``cancelled()`` says so; the socket is
    left with a timeout of what is left of the deadline, as :func:`connect_within` leaves
    it. Certificate errors are raised as ``ssl.SSLError``, as by a blocking handshake."""
    sock.setblocking(False)
    with selectors.DefaultSelector() as selector:
        selector.register(sock, selectors.EVENT_READ)
        while True:
            try:
                sock.do_handshake()
                break
            except ssl.SSLWantReadError:
                selector.modify(sock, selectors.EVENT_READ)
            except ssl.SSLWantWriteError:
                selector.modify(sock, selectors.EVENT_WRITE)
            while not selector.select(min(poll, _left(deadline))):
                if cancelled():
                    raise ImportCancelledError("download")  # download.fetch() names the URL
    sock.settimeout(_left(deadline))


def _is_address(host: str) -> bool:
    """True for an IPv4 or IPv6 address written out (no name to resolve)."""
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


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
