"""Cancel while the name of the server is being resolved: a resolver that does not answer
(a dead DNS server) does not hold a download, or a subscription's fetch, until its
deadline; Cancel stops it at once and nothing is stored."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from readinglist.core.download import fetch
from readinglist.core.feeds import Endpoints
from readinglist.core.fetching import FetchSettings
from readinglist.core.library import Library
from readinglist.domain.errors import ImportCancelledError, ImportFailedError
from readinglist.domain.subscriptions import FEED_URL
from tests.core.test_download_connect import DEADLINE, CancelAfter

STUCK_HOST = "stuck-resolver.invalid"


class StuckResolver:
    """``socket.getaddrinfo`` that never answers for ``STUCK_HOST`` until ``release()``
    (other names are resolved as usual)."""

    def __init__(self) -> None:
        self.asked = threading.Event()  # a lookup of STUCK_HOST has begun
        self.answered = threading.Event()  # ... and has returned
        self._release = threading.Event()
        self._resolve = socket.getaddrinfo

    def __call__(self, host: object, *args: object, **kwargs: object) -> object:
        if host != STUCK_HOST:
            return self._resolve(host, *args, **kwargs)  # type: ignore[arg-type]
        self.asked.set()
        self._release.wait(DEADLINE)
        self.answered.set()
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    def release(self) -> None:
        self._release.set()


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[StuckResolver]:
    stuck = StuckResolver()
    monkeypatch.setattr(socket, "getaddrinfo", stuck)
    yield stuck
    stuck.release()  # the abandoned lookup ends, and its thread with it


def test_cancel_while_resolving_stops_the_download(resolver: StuckResolver) -> None:
    cancelled = CancelAfter(3)
    with pytest.raises(ImportCancelledError, match="import cancelled"):
        fetch(f"http://{STUCK_HOST}/feed.xml", timeout=DEADLINE, cancelled=cancelled)
    assert cancelled.asked == 3
    assert resolver.asked.is_set() and not resolver.answered.is_set()  # still resolving


def test_the_deadline_ends_a_lookup_that_does_not_answer(resolver: StuckResolver) -> None:
    with pytest.raises(ImportFailedError, match="timed out: the download took more than 0.3 s"):
        fetch(f"http://{STUCK_HOST}/feed.xml", timeout=0.3)  # no Cancel at all
    assert resolver.asked.is_set() and not resolver.answered.is_set()


def test_a_name_that_does_not_resolve_fails_in_words(resolver: StuckResolver) -> None:
    resolver.release()
    with pytest.raises(ImportFailedError, match="could not download .*name resolution"):
        fetch(f"http://{STUCK_HOST}/feed.xml", timeout=DEADLINE, cancelled=lambda: False)


def test_cancelling_a_fetch_while_resolving_stores_nothing(
    library: Library, resolver: StuckResolver
) -> None:
    subs = library.subscriptions
    subs.subscribe("Stuck", FEED_URL, f"http://{STUCK_HOST}/feed.xml")
    base = f"http://{STUCK_HOST}"
    endpoints = Endpoints(hf=base, arxiv_rss=base, arxiv_api=base)
    settings = FetchSettings(endpoints=endpoints, timeout=DEADLINE)
    cancelled = CancelAfter(20)  # a few questions before the request, the rest resolving
    run = subs.fetch(settings=settings, cancelled=cancelled)
    assert cancelled.asked == 20 and not resolver.answered.is_set()
    assert run.cancelled and run.outcomes == []
    (state,) = subs.list()
    assert (state.last_fetch, state.last_error, state.failures) == (None, None, 0)
    assert library.papers() == [] and library.digests() == []
