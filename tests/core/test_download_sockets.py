"""Every failed download closes its connection at once, whatever went wrong: a socket left
to the garbage collector is closed later, in whichever test (or window action) runs then,
with a ResourceWarning."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from readinglist.core import download
from readinglist.domain.errors import ImportCancelledError, ImportFailedError
from tests.local_server import Reply, Request, serving


@dataclass
class _Routes:
    """A redirect to a refused address, a redirect loop, a missing page, a slow answer."""

    stopping: threading.Event = field(default_factory=threading.Event)

    def route(self, request: Request) -> Reply:
        path = request.parts.path
        if path == "/to-file":
            return Reply(b"moved", 302, {"Location": "file:///etc/passwd"})
        if path == "/to-ftp":
            return Reply(b"moved", 302, {"Location": "ftp://example.org/x"})
        if path == "/loop":
            return Reply(b"again", 302, {"Location": "/loop"})
        if path == "/slow":
            return Reply(b"x" * 200, drip=0.05)
        return Reply(b"not found", 404)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[socket.socket]:
    """The client sockets the downloads open."""
    sockets: list[socket.socket] = []
    connect = socket.create_connection

    def recorded(*args: object, **kwargs: object) -> socket.socket:
        sock = connect(*args, **kwargs)  # type: ignore[arg-type]
        sockets.append(sock)
        return sock

    connect_within = download.connect_within

    def recorded_within(*args: object, **kwargs: object) -> socket.socket:
        sock = connect_within(*args, **kwargs)  # type: ignore[arg-type]
        sockets.append(sock)
        return sock

    monkeypatch.setattr(socket, "create_connection", recorded)
    monkeypatch.setattr(download, "connect_within", recorded_within)
    return sockets


@pytest.fixture
def server() -> Iterator[str]:
    with serving(_Routes()) as base:
        yield base


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-file", "refused a redirect"),
        ("/to-ftp", "refused a redirect"),
        ("/loop", "too many redirects"),
        ("/missing", "404"),
        ("/slow", "timed out"),
    ],
)
def test_a_failed_download_leaves_no_connection_open(
    server: str, opened: list[socket.socket], path: str, reason: str
) -> None:
    with pytest.raises(ImportFailedError, match=reason) as caught:
        download.fetch(server + path, timeout=1.0)
    assert opened
    # The error (and its traceback) is still held, as a caller showing it holds it:
    assert caught.value is not None
    assert [sock.fileno() for sock in opened] == [-1] * len(opened)


def test_a_cancelled_download_leaves_no_connection_open(
    server: str, opened: list[socket.socket]
) -> None:
    asked: list[bool] = []

    def cancelled() -> bool:  # cancelled once the answer has begun to arrive
        asked.append(True)
        return len(asked) > 3

    with pytest.raises(ImportCancelledError) as caught:
        download.fetch(f"{server}/slow", timeout=60, cancelled=cancelled)
    assert opened and caught.value is not None
    assert [sock.fileno() for sock in opened] == [-1] * len(opened)
