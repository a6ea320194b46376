"""Cancelling a fetch stops inside a subscription: between its requests, during the arXiv
API's 3-second spacing, and while an answer is awaited (the request is abandoned, not
waited out). The subscription being fetched stores nothing; those fetched before stay."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from readinglist.core.feeds import Endpoints
from readinglist.core.fetching import FetchSettings
from readinglist.core.library import Library
from readinglist.domain.subscriptions import ARXIV_LISTING, ARXIV_QUERY, HF_DAILY, FetchRun
from tests.core.test_subscriptions import Clock
from tests.local_server import ARXIV_API, HF_DAYS, Answer, FeedScript, default_paths, serving

HELD = 600.0  # an answer the server holds back until the test ends


@pytest.fixture
def script() -> FeedScript:
    return FeedScript(paths=default_paths())


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 8, 21, 9, 0, tzinfo=UTC))


@pytest.fixture
def settings(script: FeedScript, clock: Clock) -> Iterator[FetchSettings]:
    with serving(script) as base:
        yield FetchSettings(
            endpoints=Endpoints(hf=base, arxiv_rss=f"{base}/rss", arxiv_api=f"{base}/api/query"),
            timeout=HELD,
            now=clock.now,
            monotonic=clock.monotonic,
            sleep=clock.sleep,
        )


def _untouched(library: Library, name: str, clock: Clock) -> None:
    """Nothing of the subscription's fetch was stored: no paper, no digest, no state."""
    assert library.papers() == [] and library.digests() == []
    (state,) = library.subscriptions.list(clock.now())
    assert state.name == name
    assert (state.last_fetch, state.last_error, state.failures) == (None, None, 0)
    assert library.subscriptions.due(clock.now()) != []  # fetched again next time


def test_cancel_between_the_requests_of_a_catch_up_stores_none_of_the_days(
    library: Library, settings: FetchSettings, script: FeedScript, clock: Clock
) -> None:
    script.days["2026-08-19"] = HF_DAYS["2024-05-27"]  # the first day brings papers
    library.subscriptions.subscribe("HF", HF_DAILY)  # a first fetch asks for 3 days

    def after_the_first_day() -> bool:
        return len(script.answered) >= 1

    run = library.subscriptions.fetch(settings=settings, cancelled=after_the_first_day)
    assert run.cancelled and run.outcomes == []
    assert len(script.hits("/api/daily_papers")) == 1  # days 2 and 3 never asked
    _untouched(library, "HF", clock)
    again = library.subscriptions.fetch(settings=settings)  # nothing half-done is in the way
    assert not again.cancelled and again.new > 17 and len(library.digests()) == 2


def test_cancel_during_the_arxiv_pause_keeps_the_subscriptions_fetched_before(
    library: Library, settings: FetchSettings, script: FeedScript, clock: Clock
) -> None:
    subs = library.subscriptions
    subs.subscribe("Author A", ARXIV_QUERY, "au:Hinton")
    subs.subscribe("Author B", ARXIV_QUERY, "au:LeCun")  # waits 3 s for the arXiv API

    def once_waiting() -> bool:
        return bool(clock.slept)

    run = subs.fetch(settings=settings, cancelled=once_waiting)
    assert run.cancelled and [o.subscription for o in run.outcomes] == ["Author A"]
    assert len(script.hits("/api/query")) == 1 and sum(clock.slept) < 3.0
    states = {s.name: s for s in subs.list(clock.now())}
    assert states["Author A"].papers_new == 10 and states["Author B"].last_fetch is None
    assert len(library.papers()) == 10 and len(library.digests()) == 1


def test_cancel_abandons_an_answer_in_flight_and_stores_nothing(
    library: Library, settings: FetchSettings, script: FeedScript, clock: Clock
) -> None:
    library.subscriptions.subscribe("cs.CL", ARXIV_LISTING, "cs.CL")  # RSS, then the API
    script.paths["/api/query"] = Answer(ARXIV_API.read_bytes(), delay=HELD)
    stop = threading.Event()
    runs: list[FetchRun] = []

    def fetch() -> None:
        with Library.open(library.directory) as own:  # a worker has its own connection
            runs.append(own.subscriptions.fetch(settings=settings, cancelled=stop.is_set))

    worker = threading.Thread(target=fetch)
    worker.start()
    try:
        deadline = threading.Event()
        while not script.hits("/api/query") and worker.is_alive():
            deadline.wait(0.01)  # the API request is on its way (the RSS was answered)
        stop.set()
        worker.join(timeout=60)
        assert not worker.is_alive()  # back while the server still holds the answer
        assert "/api/query" not in script.answered
    finally:
        script.stopping.set()
        worker.join()
    (run,) = runs
    assert run.cancelled and run.outcomes == []
    assert script.answered == ["/rss/cs.CL"]  # the RSS came and was dropped with the rest
    _untouched(library, "cs.CL", clock)
