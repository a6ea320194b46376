"""How paper completion asks the outside world: one cached, rate-limited ``get``.

Every request goes through ``core.download.fetch`` (http(s) only, one deadline, a size
cap, at most five redirects, a User-Agent naming the app). A successful answer is kept
in the library (``enrich_cache``) so asking the same thing again sends nothing; failures
are never kept. Requests to one service are spaced by that service's interval (arXiv asks
for one request every 3 seconds), measured on an injectable clock so tests never wait.
"""

from __future__ import annotations

import logging
import os
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from readinglist.core.download import fetch
from readinglist.domain.errors import ImportFailedError
from readinglist.storage import enrich_repository as cache
from readinglist.storage.db import Database

logger = logging.getLogger(__name__)

HF_URL_ENV = "READINGLIST_HF_URL"
ARXIV_API_URL_ENV = "READINGLIST_ARXIV_API_URL"
OPENALEX_URL_ENV = "READINGLIST_OPENALEX_URL"
DEFAULT_HF_URL = "https://huggingface.co"
DEFAULT_ARXIV_API_URL = "http://export.arxiv.org/api/query"
DEFAULT_OPENALEX_URL = "https://api.openalex.org"
ARXIV_INTERVAL_SECONDS = 3.0  # arXiv's API terms: no more than one request every 3 s
REQUEST_TIMEOUT_SECONDS = 30.0
MAX_ANSWER_BYTES = 16 * 1024 * 1024
CACHE_DAYS = 30


class ServiceError(Exception):
    """A service did not answer usefully (an HTTP error, a timeout, an unreadable body)."""


@dataclass(slots=True)
class EnrichSettings:
    """Where the services live and how politely to ask them.

    ``clock`` and ``sleep`` measure and wait out the per-service intervals; tests pass
    fakes. The base URLs default to the environment, then to the public services.
    """

    hf_url: str = field(default_factory=lambda: os.environ.get(HF_URL_ENV, DEFAULT_HF_URL))
    arxiv_url: str = field(
        default_factory=lambda: os.environ.get(ARXIV_API_URL_ENV, DEFAULT_ARXIV_API_URL)
    )
    openalex_url: str = field(
        default_factory=lambda: os.environ.get(OPENALEX_URL_ENV, DEFAULT_OPENALEX_URL)
    )
    mailto: str = ""  # a contact e-mail for OpenAlex's polite pool; "" sends none
    timeout: float = REQUEST_TIMEOUT_SECONDS
    arxiv_interval: float = ARXIV_INTERVAL_SECONDS
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


class Client:
    """Cached GETs for one enrichment run; counts what it really sent."""

    def __init__(self, db: Database, settings: EnrichSettings) -> None:
        self._db = db
        self.settings = settings
        self._last_sent: dict[str, float] = {}
        self.requests = 0
        self.cache_hits = 0

    def forget_stale(self) -> None:
        """Drop answers older than the cache keeps them (done once per run)."""
        with self._db.transaction() as conn:
            cache.forget_answers(conn, _fresh_since())

    def get(self, url: str, *, service: str, interval: float = 0.0) -> bytes:
        """The body at ``url``: from the cache, else downloaded (waiting out ``interval``
        since the last request to ``service``). Raises ServiceError."""
        with self._db.lock() as conn:
            body = cache.cached_answer(conn, url, _fresh_since())
        if body is not None:
            self.cache_hits += 1
            return body
        self._wait(service, interval)
        self.requests += 1
        try:
            body = fetch(url, timeout=self.settings.timeout, max_bytes=MAX_ANSWER_BYTES).data
        except ImportFailedError as exc:
            raise ServiceError(f"{service}: {exc.reason}") from exc
        finally:
            self._last_sent[service] = self.settings.clock()
        return body

    def keep(self, url: str, body: bytes) -> None:
        """Cache an answer once it proved readable."""
        with self._db.transaction() as conn:
            cache.keep_answer(conn, url, body)

    def _wait(self, service: str, interval: float) -> None:
        last = self._last_sent.get(service)
        if last is None or interval <= 0:
            return
        left = interval - (self.settings.clock() - last)
        if left > 0:
            self.settings.sleep(left)


def _fresh_since() -> str:
    """The oldest fetch time of an answer still used, as the database writes times."""
    since = datetime.now(UTC) - timedelta(days=CACHE_DAYS)
    return since.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def with_query(base: str, **params: str) -> str:
    """``base`` with ``params`` added to its query string."""
    parts = urllib.parse.urlsplit(base)
    query = urllib.parse.urlencode(
        urllib.parse.parse_qsl(parts.query) + list(params.items()), quote_via=urllib.parse.quote
    )
    return urllib.parse.urlunsplit(parts._replace(query=query))
