"""Subscriptions fetched from a local server serving the real corpus files: catch-up,
scheduling on an injected clock, conditional GET, failures that change nothing, backoff."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from readinglist.core.feeds import Endpoints
from readinglist.core.fetching import FetchSettings
from readinglist.core.library import Library
from readinglist.domain.subscriptions import ARXIV_LISTING, ARXIV_QUERY, FEED_URL, HF_DAILY
from tests.local_server import ARXIV_API_ERROR, Answer, FeedScript, default_paths, serving


class Clock:
    """A settable UTC clock; ``sleep`` advances the monotonic one and is recorded."""

    def __init__(self, start: datetime) -> None:
        self.moment = start
        self.ticks = 0.0
        self.slept: list[float] = []

    def now(self) -> datetime:
        return self.moment

    def monotonic(self) -> float:
        return self.ticks

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.ticks += seconds

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@pytest.fixture
def script() -> FeedScript:
    return FeedScript(paths=default_paths())


@pytest.fixture
def base(script: FeedScript) -> Iterator[str]:
    with serving(script) as url:
        yield url


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 8, 21, 9, 0, tzinfo=UTC))


@pytest.fixture
def settings(base: str, clock: Clock) -> FetchSettings:
    return FetchSettings(
        endpoints=Endpoints(hf=base, arxiv_rss=f"{base}/rss", arxiv_api=f"{base}/api/query"),
        timeout=5.0,
        now=clock.now,
        monotonic=clock.monotonic,
        sleep=clock.sleep,
    )


def _counts(library: Library) -> tuple[int, int, str]:
    return len(library.papers()), len(library.digests()), library.export_backup()[:0]


def test_first_fetch_brings_the_last_three_days_each_its_own_digest(
    library: Library, settings: FetchSettings, script: FeedScript
) -> None:
    library.subscriptions.subscribe("HF", HF_DAILY)
    run = library.subscriptions.fetch(settings=settings)
    asked = [seen.query["date"] for seen in script.hits("/api/daily_papers")]
    assert asked == ["2026-08-19", "2026-08-20", "2026-08-21"]
    assert run.new == 17 and not run.failed
    (digest,) = library.digests()
    assert digest.source_name == "HF 2026-08-21" and digest.paper_count == 17


def test_missed_days_are_caught_up_by_date_and_finished_days_not_asked_again(
    library: Library, settings: FetchSettings, script: FeedScript, clock: Clock
) -> None:
    script.days = {"2026-08-21": script.days["2026-08-21"], "2026-08-24": script.days["2024-05-27"]}
    library.subscriptions.subscribe("HF", HF_DAILY)
    library.subscriptions.fetch(settings=settings)
    script.requests.clear()
    clock.advance(days=4)  # away for the weekend
    run = library.subscriptions.fetch(settings=settings)
    asked = [seen.query["date"] for seen in script.hits("/api/daily_papers")]
    assert asked == ["2026-08-21", "2026-08-22", "2026-08-23", "2026-08-24", "2026-08-25"]
    assert run.new == 13
    names = sorted(d.source_name for d in library.digests())
    assert names == ["HF 2026-08-21", "HF 2026-08-24"]
    script.requests.clear()
    library.subscriptions.fetch(settings=settings)  # the same day again: only today
    assert [seen.query["date"] for seen in script.hits("/api/daily_papers")] == ["2026-08-25"]


def test_schedule_on_an_injected_clock_fetches_on_start_then_every_interval(
    library: Library, settings: FetchSettings, clock: Clock
) -> None:
    subs = library.subscriptions
    subs.subscribe("HF", HF_DAILY)
    subs.subscribe("Often", ARXIV_LISTING, "cs.CL", interval_hours=6)
    assert [s.name for s in subs.due(clock.now())] == ["HF", "Often"]  # on start
    subs.fetch(only_due=True, settings=settings)
    assert subs.due(clock.now()) == []
    clock.advance(hours=6)
    assert [s.name for s in subs.due(clock.now())] == ["Often"]
    run = subs.fetch(only_due=True, settings=settings)
    assert [o.subscription for o in run.outcomes] == ["Often"]
    clock.advance(hours=18)
    assert [s.name for s in subs.due(clock.now())] == ["HF", "Often"]


def test_conditional_get_sends_the_etag_and_a_304_changes_nothing(
    library: Library, settings: FetchSettings, script: FeedScript, clock: Clock
) -> None:
    subs = library.subscriptions
    subs.subscribe("CL", ARXIV_LISTING, "cs.CL")
    first = subs.fetch(settings=settings)
    assert first.new == 8 + 10  # the listing, and the API over the two days before
    before = (len(library.papers()), len(library.digests()))
    script.requests.clear()
    clock.advance(hours=24)
    run = subs.fetch(settings=settings)
    (rss,) = script.hits("/rss/")
    assert rss.headers.get("If-None-Match") == '"rss-1"'
    assert rss.path == "/rss/cs.CL"
    assert run.outcomes[0].not_modified and run.outcomes[0].ok
    assert (len(library.papers()), len(library.digests())) == before


def test_requests_name_the_app_and_the_arxiv_api_is_asked_once_per_3_seconds(
    library: Library, settings: FetchSettings, script: FeedScript, clock: Clock
) -> None:
    subs = library.subscriptions
    subs.subscribe("Author A", ARXIV_QUERY, "au:Hinton")
    subs.subscribe("Author B", ARXIV_QUERY, "au:LeCun")
    subs.fetch(settings=settings)
    queries = script.hits("/api/query")
    assert len(queries) == 2
    assert all(seen.headers["User-Agent"].startswith("ReadingList/") for seen in queries)
    assert "submittedDate:[202608190000 TO 202608212359]" in queries[0].query["search_query"]
    assert "au:Hinton" in queries[0].query["search_query"]
    assert clock.slept and clock.slept[0] == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (Answer(b"oops", status=500), "500"),
        (Answer(b"\x00\x01\x02 garbage \xff" * 50), "binary data"),
        (Answer(b"", status=302, location="file:///etc/passwd"), "redirect"),
        (Answer(ARXIV_API_ERROR.read_bytes()), "arXiv API answered with an error"),
        (Answer(b"[]", delay=3.0), "timed out"),
    ],
    ids=["500", "garbage", "redirect-to-file", "api-error", "timeout"],
)
def test_a_failed_fetch_changes_nothing_and_shows_its_error(
    library: Library,
    settings: FetchSettings,
    script: FeedScript,
    clock: Clock,
    answer: Answer,
    words: str,
) -> None:
    subs = library.subscriptions
    subs.subscribe("HF", HF_DAILY)
    subs.fetch(settings=settings)
    library.set_starred([library.papers()[0].id])
    before = library.export_backup()
    settings.timeout = 1.0
    script.paths["/api/daily_papers"] = answer
    clock.advance(days=1)
    run = subs.fetch(settings=settings)
    (outcome,) = run.outcomes
    assert not outcome.ok and words in (outcome.error or "")
    assert _without_stamp(library.export_backup()) == _without_stamp(before)
    (state,) = subs.list(clock.now())
    assert state.last_error == outcome.error and state.failures == 1


def _without_stamp(backup: str) -> str:
    import json

    data = json.loads(backup)
    data.pop("exported_at", None)
    return json.dumps(data, sort_keys=True)


def test_one_bad_day_in_a_catch_up_stores_none_of_the_days(
    library: Library, settings: FetchSettings, script: FeedScript, tmp_path
) -> None:
    garbage = tmp_path / "bad.json"
    garbage.write_text("{not json", encoding="utf-8")
    script.days["2026-08-20"] = garbage
    library.subscriptions.subscribe("HF", HF_DAILY)
    run = library.subscriptions.fetch(settings=settings)
    assert run.failed and library.papers() == [] and library.digests() == []


def test_failures_back_off_exponentially_and_success_resets(
    library: Library, settings: FetchSettings, script: FeedScript, clock: Clock
) -> None:
    subs = library.subscriptions
    subs.subscribe("Feed", FEED_URL, f"{settings.endpoints.hf}/broken.xml")
    script.paths["/broken.xml"] = Answer(b"down", status=503)
    waits = []
    for _ in range(3):
        subs.fetch(only_due=True, settings=settings)
        (state,) = subs.list(clock.now())
        retry = datetime.fromisoformat(state.next_attempt.replace("Z", "+00:00"))
        waits.append(retry - clock.now())
        assert subs.due(clock.now()) == []
        clock.moment = retry
    assert waits == [timedelta(minutes=15), timedelta(minutes=30), timedelta(minutes=60)]
    script.paths["/broken.xml"] = Answer(script.paths["/rss/"].body)
    run = subs.fetch(only_due=True, settings=settings)
    assert run.new == 8
    (state,) = subs.list(clock.now())
    assert state.failures == 0 and state.last_error is None and state.papers_new == 8


def test_a_feed_down_for_weeks_keeps_recording_its_failures(
    library: Library, settings: FetchSettings, script: FeedScript, clock: Clock
) -> None:
    """The 38th failure in a row doubled the wait past what a timedelta holds: the fetch
    raised OverflowError instead of recording the failure."""
    subs = library.subscriptions
    subs.subscribe("Feed", FEED_URL, f"{settings.endpoints.hf}/gone.xml")
    script.paths["/gone.xml"] = Answer(b"down", status=503)
    for attempt in range(1, 61):
        run = subs.fetch(only_due=True, settings=settings)
        assert run.outcomes and run.outcomes[0].error, attempt
        (state,) = subs.list(clock.now())
        assert state.failures == attempt
        retry = datetime.fromisoformat(state.next_attempt.replace("Z", "+00:00"))
        assert timedelta(minutes=15) <= retry - clock.now() <= timedelta(days=1)
        clock.moment = retry


def test_a_feed_silent_for_longer_than_usual_is_stale(
    library: Library, settings: FetchSettings, script: FeedScript, clock: Clock
) -> None:
    subs = library.subscriptions
    subs.subscribe("Feed", FEED_URL, f"{settings.endpoints.hf}/feed.xml")
    script.paths["/feed.xml"] = script.paths["/rss/"]
    subs.fetch(settings=settings)  # 8 papers
    clock.advance(days=3)
    script.paths["/feed.xml"] = script.paths["/api/query"]
    subs.fetch(settings=settings)  # 10 more, 3 days later: a gap of 3 days is usual
    for _ in range(6):
        clock.advance(days=1)
        subs.fetch(settings=settings)  # nothing new
        assert not subs.list(clock.now())[0].stale
    clock.advance(days=1)
    subs.fetch(settings=settings)
    (state,) = subs.list(clock.now())
    assert state.stale and state.last_error is None  # 7 days > twice the usual 3


def test_fetching_never_touches_annotations(
    library: Library, settings: FetchSettings, clock: Clock
) -> None:
    subs = library.subscriptions
    subs.subscribe("HF", HF_DAILY)
    subs.fetch(settings=settings)
    paper = library.papers()[0]
    library.set_read([paper.id])
    library.set_notes(paper.id, "mine")
    library.add_tags([paper.id], ["keep"])
    clock.advance(hours=25)
    subs.fetch(settings=settings)
    again = library.paper(paper.id)
    assert (again.read, again.notes, again.tags) == (True, "mine", ["keep"])
    assert len(library.papers()) == 17  # merged by identity, no duplicate


def test_unsubscribe_keeps_the_papers(library: Library, settings: FetchSettings) -> None:
    subs = library.subscriptions
    subs.subscribe("HF", HF_DAILY)
    subs.fetch(settings=settings)
    subs.unsubscribe("hf")
    assert subs.list() == [] and len(library.papers()) == 17
