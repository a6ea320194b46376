"""Cancel during the TLS handshake: an https server that accepts the connection and never
answers the handshake does not hold a download until its deadline; Cancel stops it at
once and the connection is closed."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator

import pytest

from readinglist.core import download
from readinglist.core.download import fetch
from readinglist.domain.errors import ImportCancelledError, ImportFailedError
from tests.core.test_download_connect import DEADLINE, CancelAfter


@contextlib.contextmanager
def silent_tls_server() -> Iterator[str]:
    """``https://127.0.0.1:PORT`` of a server whose connections the kernel accepts (they
    wait in its backlog) and that never says a word: a TLS handshake waits forever."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        host, port = server.getsockname()
        yield f"https://{host}:{port}"
    finally:
        server.close()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[socket.socket]:
    """The client sockets the downloads connect."""
    sockets: list[socket.socket] = []
    connect_within = download.connect_within

    def recorded(*args: object, **kwargs: object) -> socket.socket:
        sock = connect_within(*args, **kwargs)  # type: ignore[arg-type]
        sockets.append(sock)
        return sock

    monkeypatch.setattr(download, "connect_within", recorded)
    return sockets


def test_cancel_during_the_handshake_stops_the_download(opened: list[socket.socket]) -> None:
    cancelled = CancelAfter(3)
    with silent_tls_server() as base, pytest.raises(ImportCancelledError, match="cancelled"):
        fetch(f"{base}/feed.xml", timeout=DEADLINE, cancelled=cancelled)
    assert cancelled.asked == 3
    (sock,) = opened  # connected, then given up while the handshake waited
    assert sock.fileno() == -1  # closed at once, not left to the garbage collector


def test_without_cancel_the_deadline_ends_the_handshake() -> None:
    timed_out = "timed out: the download took more than 0.3 s"
    with silent_tls_server() as base, pytest.raises(ImportFailedError, match=timed_out):
        fetch(f"{base}/feed.xml", timeout=0.3)
