"""Cancel while connecting: a server that never accepts the connection does not hold a
download (or a subscription's fetch) until its deadline; Cancel stops it at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from readinglist.core.download import fetch
from readinglist.core.feeds import Endpoints
from readinglist.core.fetching import FetchSettings
from readinglist.core.library import Library
from readinglist.domain.errors import ImportCancelledError, ImportFailedError
from readinglist.domain.subscriptions import FEED_URL
from tests.blackhole import blackhole

DEADLINE = 120.0  # far longer than any test may wait: only Cancel can end these downloads


@pytest.fixture
def dead_host() -> Iterator[str]:
    with blackhole() as base:
        yield base


class CancelAfter:
    """A ``cancelled`` that says yes from its ``n``-th question on: the download has
    asked it ``n - 1`` times already, so it is waiting for the server when it gives up."""

    def __init__(self, n: int) -> None:
        self.asked = 0
        self._n = n

    def __call__(self) -> bool:
        self.asked += 1
        return self.asked >= self._n


def test_cancel_while_connecting_stops_the_download(dead_host: str) -> None:
    cancelled = CancelAfter(3)
    with pytest.raises(ImportCancelledError, match="import cancelled"):
        fetch(f"{dead_host}/feed.xml", timeout=DEADLINE, cancelled=cancelled)
    assert cancelled.asked == 3  # asked while connecting (a read would follow a connection)


def test_without_cancel_the_deadline_still_ends_the_connect(dead_host: str) -> None:
    with pytest.raises(ImportFailedError, match="timed out: the download took more than 0.3 s"):
        fetch(f"{dead_host}/feed.xml", timeout=0.3, cancelled=lambda: False)


def test_a_refused_connection_fails_in_words() -> None:
    with blackhole() as base:
        pass  # closed: nothing listens at this port any more
    with pytest.raises(ImportFailedError, match="could not download .*refused"):
        fetch(f"{base}/feed.xml", timeout=DEADLINE, cancelled=lambda: False)


def test_cancelling_a_fetch_of_a_dead_host_stores_nothing(library: Library, dead_host: str) -> None:
    subs = library.subscriptions
    subs.subscribe("Dead", FEED_URL, f"{dead_host}/feed.xml")
    endpoints = Endpoints(hf=dead_host, arxiv_rss=dead_host, arxiv_api=dead_host)
    settings = FetchSettings(endpoints=endpoints, timeout=DEADLINE)
    cancelled = CancelAfter(20)  # a few questions before the request, the rest connecting
    run = subs.fetch(settings=settings, cancelled=cancelled)
    assert cancelled.asked == 20
    assert run.cancelled and run.outcomes == []
    (state,) = subs.list()
    assert (state.last_fetch, state.last_error, state.failures) == (None, None, 0)
    assert library.papers() == [] and library.digests() == []
