"""Rules act exactly once on papers that arrive (fetched or imported), within their scope;
the inbox shows what arrived since the last visit minus what rules hid; OPML carries both."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from readinglist.core.feeds import Endpoints
from readinglist.core.fetching import FetchSettings
from readinglist.core.library import Library
from readinglist.domain.entities import PaperQuery
from readinglist.domain.errors import InvalidInputError, SubscriptionNotFoundError
from readinglist.domain.subscriptions import ARXIV_LISTING, ARXIV_QUERY, HF_DAILY
from tests.core.test_subscriptions import Clock
from tests.local_server import HF_DAYS, FeedScript, default_paths, serving


@pytest.fixture
def script() -> FeedScript:
    return FeedScript(paths=default_paths())


@pytest.fixture
def settings(script: FeedScript) -> Iterator[FetchSettings]:
    clock = Clock(datetime(2026, 8, 21, 9, 0, tzinfo=UTC))
    with serving(script) as base:
        yield FetchSettings(
            endpoints=Endpoints(hf=base, arxiv_rss=f"{base}/rss", arxiv_api=f"{base}/api/query"),
            timeout=5.0,
            now=clock.now,
            monotonic=clock.monotonic,
            sleep=clock.sleep,
        )


def _tagged(library: Library, tag: str) -> set[int]:
    return {p.id for p in library.papers() if tag in p.tags}


def test_a_rule_tags_matching_new_papers_exactly_once(
    library: Library, settings: FetchSettings
) -> None:
    subs = library.subscriptions
    subs.subscribe("HF", HF_DAILY)
    rule = subs.add_rule("title:video OR title:diffusion", "tag", "gen")
    run = subs.fetch(settings=settings)
    expected = library.matching_ids("title:video OR title:diffusion", as_you_type=False)
    assert expected and _tagged(library, "gen") == expected
    assert run.rules.applied == len(expected)
    one = sorted(expected)[0]
    library.remove_tags([one], ["gen"])  # the user disagrees with the rule
    again = subs.fetch(settings=settings)  # the same papers arrive again
    assert again.rules.applied == 0
    assert _tagged(library, "gen") == expected - {one}
    assert rule.describe() == "title:video OR title:diffusion -> tag gen"


def test_rules_apply_to_papers_imported_by_hand_too_but_not_to_older_ones(
    library: Library,
) -> None:
    library.import_path(HF_DAYS["2024-05-27"])  # before the rule: never ruled
    subs = library.subscriptions
    subs.apply_rules()
    subs.add_rule("*", "star")
    assert subs.apply_rules().applied == 0
    library.import_path(HF_DAYS["2026-08-21"])
    report = subs.apply_rules()
    assert report.applied == 17
    assert sum(p.starred for p in library.papers()) == 17


def test_a_rule_scoped_to_one_subscription_leaves_the_others_alone(
    library: Library, settings: FetchSettings
) -> None:
    subs = library.subscriptions
    subs.subscribe("HF", HF_DAILY)
    subs.subscribe("Query", ARXIV_QUERY, "all:testing")
    subs.add_rule("*", "tag", "from-query", subscription="Query")
    subs.fetch(settings=settings)
    tagged = _tagged(library, "from-query")
    (digest_id,) = subs.digest_ids("Query")
    query_papers = {p.id for p in library.papers(PaperQuery(digest_id=digest_id))}
    assert len(query_papers) == 10 and tagged == query_papers


def test_hidden_papers_leave_the_inbox_and_a_visit_empties_it(
    library: Library, settings: FetchSettings
) -> None:
    subs = library.subscriptions
    subs.visit_inbox()
    subs.subscribe("CL", ARXIV_LISTING, "cs.CL")
    subs.add_rule("*", "notify")
    hide = subs.add_rule("title:speech", "hide")
    run = subs.fetch(settings=settings)
    hidden = library.matching_ids("title:speech", as_you_type=False)
    assert hidden
    inbox = set(subs.inbox_ids())
    assert inbox == {p.id for p in library.papers()} - hidden
    assert len(run.rules.notify) == len(library.papers())
    assert subs.list()[0].unseen == len(library.papers())
    subs.remove_rule(hide.id)  # hidden by that rule no more
    assert set(subs.inbox_ids()) == {p.id for p in library.papers()}
    subs.visit_inbox()
    assert subs.inbox_ids() == [] and subs.list()[0].unseen == 0


def test_the_live_count_counts_matches_in_the_last_digests(
    library: Library, settings: FetchSettings
) -> None:
    subs = library.subscriptions
    subs.subscribe("HF", HF_DAILY)
    subs.fetch(settings=settings)
    assert subs.preview_rule("*") == 17
    assert subs.preview_rule("") == 0
    assert subs.preview_rule('title:"no such words at all"') == 0


def test_bad_rules_are_refused_in_words(library: Library) -> None:
    subs = library.subscriptions
    with pytest.raises(InvalidInputError, match="action"):
        subs.add_rule("title:x", "explode")
    with pytest.raises(InvalidInputError, match="tag"):
        subs.add_rule("title:x", "tag", "")
    with pytest.raises(SubscriptionNotFoundError):
        subs.add_rule("title:x", "star", subscription="nobody")
    with pytest.raises(SubscriptionNotFoundError):
        subs.remove_rule(99)
    assert subs.rules() == []


def test_opml_round_trip_keeps_kinds_intervals_and_rules(library: Library, tmp_path: Path) -> None:
    subs = library.subscriptions
    subs.subscribe("HF", HF_DAILY)
    subs.subscribe("Vision", ARXIV_LISTING, "cs.CV+cs.LG", interval_hours=6)
    subs.subscribe("Hinton", ARXIV_QUERY, 'au:"Geoffrey Hinton"')
    subs.add_rule('title:(diffusion OR "flow matching") -author:"Smith"', "tag", "gen")
    subs.add_rule("abstract:survey", "hide", subscription="Vision")
    text = subs.export_opml()
    with Library.open(tmp_path / "other") as other:
        added, skipped = other.subscriptions.import_opml(text.encode())
        assert sorted(added) == ["HF", "Hinton", "Vision"] and skipped == []
        got = {s.name: (s.kind, s.target, s.interval_hours) for s in other.subscriptions.list()}
        assert got == {
            "HF": (HF_DAILY, "", 24),
            "Vision": (ARXIV_LISTING, "cs.CV+cs.LG", 6),
            "Hinton": (ARXIV_QUERY, 'au:"Geoffrey Hinton"', 24),
        }
        rules = [(r.query, r.action, r.argument) for r in other.subscriptions.rules()]
        assert ('title:(diffusion OR "flow matching") -author:"Smith"', "tag", "gen") in rules
        (scoped,) = [r for r in other.subscriptions.rules() if r.subscription_id is not None]
        assert other.subscriptions.get(scoped.subscription_id).name == "Vision"
        assert other.subscriptions.import_opml(text.encode())[1] == ["HF", "Hinton", "Vision"]


def test_a_feed_readers_opml_imports_and_garbage_is_refused(library: Library) -> None:
    foreign = b"""<?xml version="1.0"?><opml version="1.0"><body>
      <outline text="Science"><outline text="arXiv cs.CL" type="rss"
        xmlUrl="https://rss.arxiv.org/rss/cs.CL"/>
      <outline text="A blog" type="rss" xmlUrl="https://example.org/feed.xml"/></outline>
    </body></opml>"""
    added, _ = library.subscriptions.import_opml(foreign)
    assert added == ["arXiv cs.CL", "A blog"]
    kinds = {s.name: (s.kind, s.target) for s in library.subscriptions.list()}
    assert kinds["arXiv cs.CL"] == (ARXIV_LISTING, "cs.CL")
    assert kinds["A blog"] == ("url", "https://example.org/feed.xml")
    for bad in (b"<html/>", b"not xml", b'<!DOCTYPE x [<!ENTITY a "b">]><opml><body/></opml>'):
        with pytest.raises(InvalidInputError):
            library.subscriptions.import_opml(bad)


def test_papers_marked_not_interested_leave_the_inbox(
    library: Library, settings: FetchSettings
) -> None:
    subs = library.subscriptions
    subs.visit_inbox()
    subs.subscribe("CL", ARXIV_LISTING, "cs.CL")
    subs.fetch(settings=settings)
    first, *rest = subs.inbox_ids()
    library.dismiss([first])
    assert subs.inbox_ids() == rest
    library.undismiss([first])
    assert first in subs.inbox_ids()
