"""Named rules in the core: the name travels with the rule (highlights, notifications,
OPML); a library made before rules had names keeps its rules, each called by its query.
And the Inbox's count, read without listing it, agrees with the Inbox."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.core.feeds import Endpoints
from readinglist.core.fetching import FetchSettings
from readinglist.core.library import Library
from readinglist.domain.subscriptions import ARXIV_LISTING
from readinglist.storage.migrations import MIGRATIONS, build_schema
from readinglist.storage.rule_names_schema import add_rule_names
from tests.local_server import FeedScript, default_paths, serving


@pytest.fixture
def settings() -> Iterator[FetchSettings]:
    with serving(FeedScript(paths=default_paths())) as base:
        endpoints = Endpoints(hf=base, arxiv_rss=f"{base}/rss", arxiv_api=f"{base}/api/query")
        yield FetchSettings(endpoints=endpoints)


def test_names_reach_highlights_and_notifications(
    library: Library, settings: FetchSettings
) -> None:
    subs = library.subscriptions
    subs.subscribe("CL", ARXIV_LISTING, "cs.CL")
    subs.add_rule("title:speech", "highlight", name="Speech work")
    subs.add_rule("title:speech", "notify", name="Speech work")
    subs.add_rule("*", "notify")
    run = subs.fetch(settings=settings)
    speech = library.matching_ids("title:speech", as_you_type=False)
    assert speech
    assert subs.highlights() == {pid: ["Speech work"] for pid in speech}
    everything = len(library.papers())
    assert run.rules.notified == {"Speech work": len(speech), "*": everything}
    assert run.rules.notify_names() == f"“Speech work” {len(speech)}, “*” {everything}"


def test_opml_without_names_imports_rules_called_by_their_query(library: Library) -> None:
    opml = b"""<?xml version="1.0"?>
<opml version="2.0" xmlns:rl="https://readinglist.example/opml"><body>
  <outline text="Reading List rules" rl:rules="everywhere">
    <outline rl:query="title:video" rl:action="hide" rl:argument=""/>
    <outline rl:query="title:gan" rl:action="tag" rl:argument="gen" rl:name="GANs"/>
  </outline>
</body></opml>"""
    library.subscriptions.import_opml(opml)
    found = library.subscriptions.rules()
    assert [(r.name, r.label) for r in found] == [("", "title:video"), ("GANs", "GANs")]
    assert [r.describe() for r in found] == ["title:video -> hide", "GANs: title:gan -> tag gen"]


def test_a_library_from_before_names_keeps_its_rules(tmp_path: Path) -> None:
    before = MIGRATIONS.index(add_rule_names)  # the schema just before rules had names
    conn = sqlite3.connect(tmp_path / "library.sqlite3", isolation_level=None)
    build_schema(conn, before)
    conn.executemany(
        "INSERT INTO rules (query, action, argument, position) VALUES (?, ?, ?, ?)",
        [("title:video", "hide", "", 1), ("title:gan", "tag", "gen", 2),
         ("title:speech", "highlight", "Speech", 3), ("title:audio", "highlight", "", 4)],
    )  # fmt: skip
    conn.close()
    with Library.open(tmp_path) as library:
        found = library.subscriptions.rules()
    assert [r.label for r in found] == ["title:video", "title:gan", "Speech", "title:audio"]
    assert [r.describe() for r in found][:2] == ["title:video -> hide", "title:gan -> tag gen"]


def test_the_inbox_count_agrees_with_the_inbox(library: Library, settings: FetchSettings) -> None:
    subs = library.subscriptions
    subs.visit_inbox()
    subs.subscribe("CL", ARXIV_LISTING, "cs.CL")
    hide = subs.add_rule("title:speech", "hide")
    subs.fetch(settings=settings)
    inbox = subs.inbox_ids()
    assert 0 < len(inbox) < len(library.papers()) and subs.inbox_count() == len(inbox)
    library.dismiss(inbox[:2])
    assert subs.inbox_count() == len(subs.inbox_ids()) == len(inbox) - 2
    hidden = library.matching_ids("title:speech", as_you_type=False)
    library.dismiss(list(hidden)[:1])  # hidden and dismissed: out once, not twice
    assert subs.inbox_count() == len(subs.inbox_ids()) == len(inbox) - 2
    subs.remove_rule(hide.id)
    assert subs.inbox_count() == len(subs.inbox_ids()) == len(library.papers()) - 3
    subs.visit_inbox()
    assert subs.inbox_count() == 0 == len(subs.inbox_ids())
