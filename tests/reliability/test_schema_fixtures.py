"""A library saved by every past schema version opens in this version with everything the
user wrote. ``fixtures/library_vN.sqlite3`` is a library as version N left it: the example
digest, with the Xolver paper tagged ``fixture-tag`` and ``agents``, starred and annotated,
and the first ten papers (oldest first) marked read. Add a fixture before changing the
schema, never edit an old one."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.storage.migrations import LATEST_VERSION

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("library_v*.sqlite3"))


def test_there_is_a_fixture_for_every_schema_version() -> None:
    versions = {int(path.stem.removeprefix("library_v")) for path in FIXTURES}
    assert versions == set(range(1, LATEST_VERSION + 1))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
def test_an_old_library_opens_with_all_its_annotations(fixture: Path, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    shutil.copy(fixture, data_dir / "library.sqlite3")
    with Library.open(data_dir) as library:
        papers = library.papers()
        assert len(papers) == 114
        (xolver,) = [p for p in papers if p.title.startswith("Xolver")]
        assert sorted(xolver.tags) == ["agents", "fixture-tag"]
        assert xolver.notes == "A note written with schema version 1.\n\n- keep me"
        assert xolver.starred
        oldest_ten = {p.id for p in sorted(papers, key=lambda p: p.id)[:10]}
        assert {p.id for p in papers if p.read} == oldest_ten
        assert library.matching_ids("tag:fixture-tag", as_you_type=False) == {xolver.id}
        assert library.search("xolver").total == 1
    with sqlite3.connect(data_dir / "library.sqlite3") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
