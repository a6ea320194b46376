"""A local stand-in for Hugging Face, the arXiv RSS listings and the arXiv API (no network).

It serves the REAL files of ``../shared/corpus/`` (read from there): Daily Papers days by
date, an arXiv RSS listing with an ETag, arXiv API answers; and on demand a status, a
delay, garbage or a redirect. It records every request (path, query, headers).
"""

from __future__ import annotations

import contextlib
import http.server
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import CORPUS

HF_DAYS = {
    "2024-05-27": CORPUS / "hf_daily_json" / "hf_daily_2024-05-27_oldschema.json",
    "2026-08-21": CORPUS / "hf_daily_json" / "hf_daily_2026-08-21_ai_summary.json",
}
ARXIV_RSS = CORPUS / "arxiv_rss" / "rss2_filtered_feed_2025-06-12_8items.xml"
ARXIV_API = CORPUS / "arxiv_atom" / "api_2026_search_testing_10.xml"
ARXIV_API_ERROR = CORPUS / "arxiv_atom" / "api_2026_error_response.xml"


@dataclass
class Answer:
    """What one path answers."""

    body: bytes = b""
    status: int = 200
    etag: str | None = None
    delay: float = 0.0  # seconds before answering (cut short when the server stops)
    location: str | None = None  # a redirect


@dataclass
class Seen:
    """One request the server received."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class FeedScript:
    """What the server answers: Daily Papers days (date -> file), and per path answers."""

    days: dict[str, Path] = field(default_factory=lambda: dict(HF_DAYS))
    paths: dict[str, Answer] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)  # paths answered (after any delay)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)

    def hits(self, prefix: str) -> list[Seen]:
        """The requests whose path starts with ``prefix``."""
        with self.lock:
            return [seen for seen in self.requests if seen.path.startswith(prefix)]


def default_paths() -> dict[str, Answer]:
    """The arXiv listing (with an ETag) and the arXiv API, from the corpus."""
    return {
        "/rss/": Answer(ARXIV_RSS.read_bytes(), etag='"rss-1"'),
        "/api/query": Answer(ARXIV_API.read_bytes()),
    }


class _Handler(http.server.BaseHTTPRequestHandler):
    script: FeedScript

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        parts = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        with self.script.lock:
            self.script.requests.append(Seen(parts.path, query, dict(self.headers.items())))
        answer = self._answer(parts.path, query)
        if answer.delay:
            self.script.stopping.wait(answer.delay)
        with self.script.lock:
            self.script.answered.append(parts.path)
        if answer.etag and self.headers.get("If-None-Match") == answer.etag:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(answer.status)
        if answer.location:
            self.send_header("Location", answer.location)
        if answer.etag:
            self.send_header("ETag", answer.etag)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up (a timeout test)
            self.wfile.write(answer.body)

    def _answer(self, path: str, query: dict[str, str]) -> Answer:
        for prefix, answer in self.script.paths.items():
            if path.startswith(prefix):
                return answer
        if path == "/api/daily_papers":
            day = self.script.days.get(query.get("date", ""))
            return Answer(day.read_bytes() if day else b"[]")
        return Answer(b"not found", status=404)


@contextmanager
def feed_server(script: FeedScript) -> Iterator[str]:
    """Serve ``script`` on 127.0.0.1; yield the base URL."""
    handler = type("Handler", (_Handler,), {"script": script})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = False  # server_close() joins every request's thread
    script.stopping.clear()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        script.stopping.set()  # a delayed answer ends now, so its thread can be joined
        server.shutdown()
        server.server_close()
        thread.join()
