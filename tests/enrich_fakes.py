"""A scripted stand-in for Hugging Face, arXiv and OpenAlex on 127.0.0.1 (no network).

Tests (and ``benchmarks/enrich_bench.py``) register answers by title or day, or a status,
a delay or a byte-by-byte drip, and read back the requests the server saw.
"""

from __future__ import annotations

import http.server
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from readinglist.core.enrich_http import EnrichSettings
from readinglist.domain.identity import normalize_title


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


class _Handler(http.server.BaseHTTPRequestHandler):
    script: Script

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        script = self.script
        with script.lock:
            script.requests.append(self.path)
        time.sleep(script.delay)
        parts = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        if script.body is not None:
            body = script.body
        elif parts.path == "/api/daily_papers":
            day = query.get("date", "")
            works = script.days.get(day, [])
            body = json.dumps([daily_item(w, day, n) for n, w in enumerate(works)]).encode()
        elif parts.path == "/api/query":
            phrase = query.get("search_query", "").removeprefix('ti:"').removesuffix('"')
            body = _atom(_matching(script.arxiv, normalize_title(phrase)))
        elif parts.path == "/works":
            words = query.get("filter", "").removeprefix("title.search:")
            body = _openalex(_sharing_words(script.openalex, normalize_title(words)))
        else:
            body, script_status = b"not found", 404
            self._answer(script_status, body)
            return
        self._answer(script.status, body)

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            if self.script.drip:
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(self.script.drip)
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextmanager
def fake_services(script: Script) -> Iterator[str]:
    """Serve ``script`` on 127.0.0.1; yield the base URL."""
    handler = type("Handler", (_Handler,), {"script": script})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


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
