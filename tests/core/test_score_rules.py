"""``score:`` in subscription rules: a rule sees the "For you" scores of the papers that
just arrived (they are scored before the rules run), and without a model it acts on
nothing, as the command line says when the rule is added."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from readinglist.core.feeds import Endpoints
from readinglist.core.fetching import FetchSettings
from readinglist.core.library import Library
from readinglist.core.ranking import background
from readinglist.domain.subscriptions import HF_DAILY
from tests.core.test_subscriptions import Clock
from tests.local_server import FeedScript, default_paths, serving
from tests.ranking_fixtures import VISION, import_small_set


@pytest.fixture
def settings() -> Iterator[FetchSettings]:
    clock = Clock(datetime(2026, 8, 21, 9, 0, tzinfo=UTC))
    with serving(FeedScript(paths=default_paths())) as base:
        yield FetchSettings(
            endpoints=Endpoints(hf=base, arxiv_rss=f"{base}/rss", arxiv_api=f"{base}/api/query"),
            timeout=5.0,
            now=clock.now,
            monotonic=clock.monotonic,
            sleep=clock.sleep,
        )


def _tagged(library: Library, tag: str) -> set[int]:
    return {p.id for p in library.papers() if tag in p.tags}


def test_a_score_rule_acts_on_fetched_papers_once_they_are_scored(
    library: Library, settings: FetchSettings
) -> None:
    categories = import_small_set(library)
    library.set_starred(sorted(p for p, c in categories.items() if c == VISION)[:10])
    assert background.update(library.ranking)
    version = library.ranking.current_version()
    subs = library.subscriptions
    subs.apply_rules()  # the papers already there are not new to the rules added now
    subs.subscribe("HF", HF_DAILY)
    subs.add_rule("score:>=0", "tag", "scored")
    subs.add_rule("score:>0.8", "tag", "must-read")
    run = subs.fetch(settings=settings)
    arrived = {p.id for p in library.papers()} - set(categories)
    assert arrived and run.rules.papers == len(arrived)
    assert _tagged(library, "scored") == arrived  # every new paper was scored first
    scores = library.ranking.scores.cached(str(version), sorted(arrived))
    assert set(scores) == arrived
    assert _tagged(library, "must-read") == {pid for pid, s in scores.items() if s > 0.8}


def test_without_a_model_a_score_rule_acts_on_nothing(
    library: Library, settings: FetchSettings
) -> None:
    subs = library.subscriptions
    subs.subscribe("HF", HF_DAILY)
    subs.add_rule("score:>=0", "tag", "scored")
    run = subs.fetch(settings=settings)
    assert run.rules.papers > 0 and run.rules.applied == 0
    assert not _tagged(library, "scored")
