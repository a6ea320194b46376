"""One local HTTP server for tests and benchmarks (127.0.0.1 only, no network).

``serving(script)`` starts a server that asks ``script.route(request)`` what to answer,
yields its base URL, and on leaving stops it: answers still waiting (a delay, a drip) end
at once, and every request's thread is joined. Two scripts:

- ``FeedScript``: Hugging Face, the arXiv RSS listings and the arXiv API, serving the REAL
  files of ``../shared/corpus/`` (read from there): Daily Papers days by date, an arXiv RSS
  listing with an ETag, arXiv API answers; and per path a status, a delay or a redirect.
- ``Script``: Hugging Face, arXiv and OpenAlex answering paper look-ups (enrichment) from
  ``Work``s registered by title or day; or a status, a delay or a byte-by-byte drip.

Each records the requests it saw.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import escape

from readinglist.core.enrich_http import EnrichSettings
from readinglist.domain.identity import normalize_title
from tests.conftest import CORPUS

# ------------------------------------------------------------------------- the server


@dataclass(frozen=True)
class Request:
    """One request the server received."""

    path: str  # with the query, as sent
    headers: dict[str, str]

    @property
    def parts(self) -> urllib.parse.SplitResult:
        """The path split into its parts."""
        return urllib.parse.urlsplit(self.path)

    @property
    def query(self) -> dict[str, str]:
        """The query's values."""
        return dict(urllib.parse.parse_qsl(self.parts.query))


@dataclass
class Reply:
    """What the server sends back."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (cut short when the server stops)
    drip: float = 0.0  # seconds between bytes of the body (likewise)
    answered: Callable[[], None] | None = None  # told after the delay


class Scripted(Protocol):
    """What ``serving`` needs of a script."""

    stopping: threading.Event

    def route(self, request: Request) -> Reply: ...


class _Handler(http.server.BaseHTTPRequestHandler):
    script: Scripted

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        reply = self.script.route(Request(self.path, dict(self.headers.items())))
        stopping = self.script.stopping
        if reply.delay:
            stopping.wait(reply.delay)
        if reply.answered is not None:
            reply.answered()
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.status != 304:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up (a timeout test)
            if not reply.drip:
                self.wfile.write(reply.body)
            for byte in reply.body if reply.drip else b"":
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                stopping.wait(reply.drip)


@contextmanager
def serving(script: Scripted) -> Iterator[str]:
    """Serve ``script`` on 127.0.0.1; yield the base URL; stop and join on leaving."""
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


# ---------------------------------------------------- the feeds (subscriptions) script

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

    def route(self, request: Request) -> Reply:
        """The answer to ``request`` (recorded; ``answered`` once any delay is over)."""
        path, query = request.parts.path, request.query
        with self.lock:
            self.requests.append(Seen(path, query, request.headers))
        answer = self._answer(path, query)

        def answered() -> None:
            with self.lock:
                self.answered.append(path)

        headers = {"Location": answer.location} if answer.location else {}
        if answer.etag:
            headers["ETag"] = answer.etag
            if request.headers.get("If-None-Match") == answer.etag:
                return Reply(status=304, delay=answer.delay, answered=answered)
        return Reply(answer.body, answer.status, headers, answer.delay, answered=answered)

    def _answer(self, path: str, query: dict[str, str]) -> Answer:
        for prefix, answer in self.paths.items():
            if path.startswith(prefix):
                return answer
        if path == "/api/daily_papers":
            day = self.days.get(query.get("date", ""))
            return Answer(day.read_bytes() if day else b"[]")
        return Answer(b"not found", status=404)


def default_paths() -> dict[str, Answer]:
    """The arXiv listing (with an ETag) and the arXiv API, from the corpus."""
    return {
        "/rss/": Answer(ARXIV_RSS.read_bytes(), etag='"rss-1"'),
        "/api/query": Answer(ARXIV_API.read_bytes()),
    }


# ------------------------------------------------- the enrichment services script


@dataclass
class Work:
    """A paper as a service knows it."""

    title: str
    authors: list[str]
    arxiv_id: str | None = None
    doi: str | None = None
    published: str = "2025-09-08"
    summary: str = "An abstract from the service."


@dataclass
class Script:
    """What the fake services answer."""

    days: dict[str, list[Work]] = field(default_factory=dict)
    arxiv: list[Work] = field(default_factory=list)
    openalex: list[Work] = field(default_factory=list)
    status: int = 200  # every answer's status
    delay: float = 0.0  # seconds before answering
    drip: float = 0.0  # seconds between bytes of the body
    body: bytes | None = None  # this body for every answer
    requests: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)

    def route(self, request: Request) -> Reply:
        """The services' answer to ``request`` (recorded)."""
        with self.lock:
            self.requests.append(request.path)
        path, query = request.parts.path, request.query
        if self.body is not None:
            body = self.body
        elif path == "/api/daily_papers":
            day = query.get("date", "")
            works = self.days.get(day, [])
            body = json.dumps([daily_item(w, day, n) for n, w in enumerate(works)]).encode()
        elif path == "/api/query":
            phrase = query.get("search_query", "").removeprefix('ti:"').removesuffix('"')
            body = _atom(_matching(self.arxiv, normalize_title(phrase)))
        elif path == "/works":
            words = query.get("filter", "").removeprefix("title.search:")
            body = _openalex(_sharing_words(self.openalex, normalize_title(words)))
        else:
            return Reply(b"not found", 404, delay=self.delay)
        return Reply(body, self.status, delay=self.delay, drip=self.drip)


def daily_item(work: Work, day: str, n: int) -> dict[str, Any]:
    """One item of ``/api/daily_papers`` in the shape the real service gives."""
    stamp = f"{day}T00:00:00.000Z"
    return {
        "paper": {
            "id": work.arxiv_id,
            "authors": [
                {"_id": f"a{n}x{i}", "name": name, "hidden": False}
                for i, name in enumerate(work.authors)
            ],
            "publishedAt": f"{work.published}T00:00:00.000Z",
            "submittedOnDailyAt": stamp,
            "title": work.title,
            "summary": work.summary,
            "upvotes": n,
            "discussionId": f"d{n}",
            "ai_keywords": ["fake"],
        },
        "publishedAt": stamp,
        "title": work.title,
        "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{work.arxiv_id}.png",
        "numComments": 0,
        "isAuthorParticipating": False,
    }


def _atom(works: list[Work]) -> bytes:
    entries = "".join(
        f"""<entry><id>http://arxiv.org/abs/{w.arxiv_id}v1</id>
<title>{escape(w.title)}</title><published>{w.published}T00:00:00Z</published>
<updated>{w.published}T00:00:00Z</updated><summary>{escape(w.summary)}</summary>
{"".join(f"<author><name>{escape(a)}</name></author>" for a in w.authors)}
<link href="https://arxiv.org/abs/{w.arxiv_id}v1" rel="alternate" type="text/html"/>
</entry>"""
        for w in works
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom"><title>arXiv Query</title>'
        f"<opensearch:totalResults>{len(works)}</opensearch:totalResults>{entries}</feed>"
    ).encode()


def _openalex(works: list[Work]) -> bytes:
    results = [
        {
            "id": f"https://openalex.org/W{n}",
            "doi": f"https://doi.org/{w.doi}" if w.doi else None,
            "title": w.title,
            "display_name": w.title,
            "publication_date": w.published,
            "authorships": [{"author": {"display_name": a}} for a in w.authors],
            "locations": [{"landing_page_url": f"https://doi.org/{w.doi}"}] if w.doi else [],
        }
        for n, w in enumerate(works)
    ]
    return json.dumps({"meta": {"count": len(results)}, "results": results}).encode()


def _matching(works: list[Work], words: str) -> list[Work]:
    return [w for w in works if words and words in normalize_title(w.title)]


def _sharing_words(works: list[Work], words: str) -> list[Work]:
    """OpenAlex's title search is by words: most of the words in common is enough."""
    wanted = set(words.split())
    return [
        w
        for w in works
        if wanted and len(wanted & set(normalize_title(w.title).split())) >= 0.6 * len(wanted)
    ]


class FakeClock:
    """A clock that only moves when ``sleep`` is called: rate limits cost no real time."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def settings_for(base: str, clock: FakeClock | None = None, timeout: float = 5.0) -> EnrichSettings:
    """Settings pointing every service at the fake server."""
    clock = clock or FakeClock()
    return EnrichSettings(
        hf_url=base,
        arxiv_url=f"{base}/api/query",
        openalex_url=base,
        timeout=timeout,
        clock=clock,
        sleep=clock.sleep,
    )
