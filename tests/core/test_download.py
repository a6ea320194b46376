"""URL imports against a local HTTP server on 127.0.0.1 only."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from readinglist.core import download
from readinglist.core.library import Library
from readinglist.domain.errors import ImportFailedError
from tests.conftest import EXAMPLE_DIGEST


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        status, headers, body = self.routes.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    digest = EXAMPLE_DIGEST.read_bytes()
    _Handler.routes = {
        "/papers/sep9.txt": (200, {"Content-Type": "text/plain"}, digest),
        "/moved": (302, {"Location": "/papers/sep9.txt"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
        "/junk.bin": (200, {}, bytes(range(256)) * 4),
        "/big": (200, {}, b"x" * 5000),
    }
    yield base
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def test_url_import_downloads_detects_and_imports(library: Library, server: str) -> None:
    report = library.import_url(f"{server}/papers/sep9.txt")
    assert (report.ok, report.new, report.format) == (True, 114, "hf-daily-text")
    assert report.source == f"{server}/papers/sep9.txt"
    assert library.digests()[0].source_name == f"{server}/papers/sep9.txt"


def test_redirects_are_followed_up_to_a_limit(library: Library, server: str) -> None:
    assert library.import_url(f"{server}/moved").new == 114
    with pytest.raises(ImportFailedError, match="redirect"):
        library.import_url(f"{server}/loop")
    with pytest.raises(ImportFailedError, match="refused a redirect"):
        library.import_url(f"{server}/to-file")


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/missing", "404"), ("/junk.bin", "binary")],
)
def test_bad_downloads_are_clear_errors(
    library: Library, server: str, path: str, reason: str
) -> None:
    with pytest.raises(ImportFailedError, match=reason):
        library.import_url(server + path)
    assert library.stats().papers == 0


def test_size_cap(server: str) -> None:
    with pytest.raises(ImportFailedError, match="larger than"):
        download.fetch(f"{server}/big", max_bytes=1000)


def test_unreachable_host_and_other_schemes(library: Library) -> None:
    with pytest.raises(ImportFailedError, match="could not download"):
        download.fetch("http://127.0.0.1:9/nothing", timeout=2)
    with pytest.raises(ImportFailedError, match="only http"):
        download.fetch("file:///etc/passwd")


def test_import_any_dispatches(library: Library, server: str, tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "sep9.txt").write_bytes(EXAMPLE_DIGEST.read_bytes())
    (folder / ".hidden.txt").write_text("hidden")
    (folder / "notes.docx").write_bytes(b"ignored: unknown extension")
    (folder / "empty.txt").write_text("")
    reports = library.import_any(str(folder))
    assert [(Path(r.source).name, r.ok) for r in reports] == [
        ("empty.txt", False),
        ("sep9.txt", True),
    ]
    assert library.import_any(f"{server}/papers/sep9.txt")[0].unchanged == 114
    [missing] = library.import_any(str(tmp_path / "nope.txt"))
    assert missing.error == "no such file"
    (tmp_path / "empty-folder").mkdir()
    [nothing] = library.import_any(str(tmp_path / "empty-folder"))
    assert nothing.error == "no digest files in this folder"


# ----------------------------------------------------- one deadline for the whole download

_DEADLINE = 1.0  # seconds given to fetch() in these tests
_TICK = 0.05  # the slow server sends one byte this often: no single read ever waits long
_DRIP_FOR = 5.0  # ... for this long, then finishes its answer properly


def _drip(connection: socket.socket, data: bytes) -> None:
    """Send ``data`` one byte per tick; stop when the client has gone."""
    for byte in data:
        connection.sendall(bytes([byte]))
        time.sleep(_TICK)


def _slow_headers(connection: socket.socket) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\n")
    _drip(connection, b"X-Slow: " + b"a" * int(_DRIP_FOR / _TICK) + b"\r\n")
    connection.sendall(b"Content-Length: 5\r\nConnection: close\r\n\r\nhello")


def _slow_body(connection: socket.socket) -> None:
    body = b"b" * int(_DRIP_FOR / _TICK)
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body))
    _drip(connection, body)


def _slow_chunks(connection: socket.socket) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    for _ in range(int(_DRIP_FOR / _TICK)):
        connection.sendall(b"1\r\nc\r\n")
        time.sleep(_TICK)
    connection.sendall(b"0\r\n\r\n")


def _cut_short(connection: socket.socket) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b")


class _ScriptedHandler(socketserver.BaseRequestHandler):
    """Reads the request, then answers by the script named by the request's path."""

    scripts = {
        "/slow-headers": _slow_headers,
        "/slow-body": _slow_body,
        "/slow-chunks": _slow_chunks,
        "/cut-short": _cut_short,
    }

    def handle(self) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            data = self.request.recv(4096)
            if not data:
                return
            request += data
        path = request.split(b" ")[1].decode("ascii")
        with contextlib.suppress(OSError):  # the client hung up: that is the point
            self.scripts[path](self.request)


@pytest.fixture
def slow_server() -> Iterator[str]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _ScriptedHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.mark.parametrize("path", ["/slow-headers", "/slow-body", "/slow-chunks"])
def test_one_deadline_covers_the_whole_download(slow_server: str, path: str) -> None:
    # Every byte comes well within the deadline, so a per-read timeout never fires and
    # the old code waited for the whole (finally complete) answer.
    url = slow_server + path
    with pytest.raises(ImportFailedError, match="timed out") as caught:
        download.fetch(url, timeout=_DEADLINE)
    assert url in str(caught.value)


def test_the_default_deadline_applies_to_url_imports(
    library: Library, slow_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download, "DEFAULT_TIMEOUT_SECONDS", _DEADLINE)
    with pytest.raises(ImportFailedError, match="timed out"):
        library.import_url(f"{slow_server}/slow-body")
    assert library.stats().papers == 0


def test_a_body_cut_short_is_a_clear_error(slow_server: str) -> None:
    with pytest.raises(ImportFailedError, match="closed the connection"):
        download.fetch(f"{slow_server}/cut-short", timeout=5)
