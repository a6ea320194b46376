"""'Not interested': the dismissed mark is user data — stored, searchable, carried by
backups, never cleared by an import, and undone by undismiss."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.domain.errors import PaperNotFoundError
from readinglist.storage import migrations
from readinglist.storage.annotations import NOT_DISMISSED_SQL


def _two(library: Library, example_digest: Path) -> tuple[int, int]:
    library.import_path(example_digest)
    papers = library.papers()
    return papers[0].id, papers[1].id


def test_dismiss_and_undismiss_are_searchable_and_counted(
    library: Library, example_digest: Path
) -> None:
    gone, kept = _two(library, example_digest)
    assert library.dismiss([gone]) == 1
    assert library.dismiss([gone]) == 0  # already dismissed
    assert library.paper(gone).dismissed and not library.paper(kept).dismissed
    assert library.matching_ids("is:dismissed", as_you_type=False) == {gone}
    assert gone not in library.matching_ids("-is:dismissed", as_you_type=False)
    assert kept in library.matching_ids("-is:dismissed", as_you_type=False)
    assert library.matching_ids("is:dismissed OR is:starred", as_you_type=False) == {gone}
    assert library.undismiss([gone]) == 1
    assert library.matching_ids("is:dismissed", as_you_type=False) == set()
    with pytest.raises(PaperNotFoundError):
        library.dismiss([999_999])


def test_an_inbox_condition_leaves_dismissed_papers_out(
    library: Library, example_digest: Path
) -> None:
    gone, kept = _two(library, example_digest)
    library.dismiss([gone])
    with sqlite3.connect(library.database_path) as conn:
        ids = {
            row[0]
            for row in conn.execute(
                "SELECT p.id FROM papers p LEFT JOIN annotations a ON a.paper_id = p.id "
                f"WHERE {NOT_DISMISSED_SQL}"
            )
        }
    assert kept in ids and gone not in ids and len(ids) == 113


def test_reimporting_never_clears_a_dismissal(library: Library, example_digest: Path) -> None:
    gone, _ = _two(library, example_digest)
    library.dismiss([gone])
    library.import_path(example_digest)
    assert library.paper(gone).dismissed


def test_json_backup_carries_the_dismissal(
    library: Library, example_digest: Path, tmp_path: Path
) -> None:
    gone, kept = _two(library, example_digest)
    library.dismiss([gone])
    backup = library.export_backup()
    with Library.open(tmp_path / "other") as other:
        other.import_bytes(backup.encode(), "backup.json")
        dismissed = [p for p in other.papers() if p.dismissed]
        assert [p.key for p in dismissed] == [library.paper(gone).key]


def test_sqlite_backup_restores_the_dismissal(
    library: Library, example_digest: Path, tmp_path: Path
) -> None:
    gone, _ = _two(library, example_digest)
    library.dismiss([gone])
    copy = library.backup(tmp_path / "copy.sqlite3")
    library.undismiss([gone])
    library.restore(copy)
    assert library.paper(gone).dismissed


def test_a_library_from_before_the_step_gains_the_flag_unset(tmp_path: Path) -> None:
    step = migrations.MIGRATIONS.index(migrations._add_dismissed)
    path = tmp_path / "lib" / "library.sqlite3"
    path.parent.mkdir()
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.build_schema(conn, step)
    conn.execute(
        "INSERT INTO papers (id, key, title, added, updated) VALUES (1, 'k', 'T', 'x', 'x')"
    )
    conn.execute("INSERT INTO annotations (paper_id, starred, updated) VALUES (1, 1, 'x')")
    conn.close()
    with Library.open(path.parent) as library:
        paper = library.paper(1)
        assert paper.starred and not paper.dismissed
        library.dismiss([1])
        assert library.paper(1).dismissed
