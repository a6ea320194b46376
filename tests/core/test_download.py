"""URL imports against a local HTTP server on 127.0.0.1 only."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from readinglist.core import download
from readinglist.core.errors import ImportFailedError
from readinglist.core.library import Library
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
