"""A backup brings the subscriptions, their fetch history and the rules back; a backup from
before subscriptions existed restores with none."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from readinglist.core.library import Library
from readinglist.domain.subscriptions import ARXIV_LISTING
from tests.local_server import HF_DAYS

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_backup_restores_subscriptions_rules_and_what_rules_did(tmp_path: Path) -> None:
    with Library.open(tmp_path / "one") as library:
        subs = library.subscriptions
        subs.subscribe("Vision", ARXIV_LISTING, "cs.CV", interval_hours=6)
        subs.add_rule("title:video", "hide", subscription="Vision")
        subs.add_rule("*", "tag", "new")
        library.import_path(HF_DAYS["2026-08-21"])
        subs.apply_rules()
        tagged = sorted(p.id for p in library.papers() if "new" in p.tags)
        backup = library.backup(tmp_path / "copy.sqlite3")
    with Library.open(tmp_path / "two") as other:
        other.restore(backup)
        subs = other.subscriptions
        (vision,) = subs.list()
        assert (vision.name, vision.target, vision.interval_hours) == ("Vision", "cs.CV", 6)
        assert [r.describe() for r in subs.rules()] == ["title:video -> hide", "* -> tag new"]
        assert sorted(p.id for p in other.papers() if "new" in p.tags) == tagged
        assert subs.apply_rules().applied == 0  # what the rules did came back too


def test_a_backup_from_before_subscriptions_restores_with_none(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as library:
        library.restore(FIXTURES / "library_v2.sqlite3")
        assert library.subscriptions.list() == [] and library.subscriptions.rules() == []
        assert len(library.papers()) == 114
        library.subscriptions.add_rule("*", "star")
        assert library.subscriptions.apply_rules().applied == 0  # the old papers: never
        library.import_path(HF_DAYS["2026-08-21"])
        assert library.subscriptions.apply_rules().applied == 17  # later arrivals
    conn = sqlite3.connect(tmp_path / "lib" / "library.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
