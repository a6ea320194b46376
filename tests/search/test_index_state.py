"""Why the database answers a search: the index's state, said once and kept true."""

from __future__ import annotations

from pathlib import Path

from readinglist import paths
from readinglist.core.library import Library
from readinglist.core.searching import LibrarySearch
from readinglist.storage.db import Database


def test_the_reason_the_database_answers_lasts_until_the_index_opens(
    library: Library, example_digest: Path, data_dir: Path, tmp_path: Path
) -> None:
    library.import_path(example_digest)
    db = Database(paths.database_path(data_dir))
    search = LibrarySearch(db, tmp_path / "index")
    try:
        assert search.unavailable_reason is None  # not tried yet
        assert not search.search("video", as_you_type=True, sort="added", limit=5).from_index
        reason = search.unavailable_reason
        assert reason
        assert search.search("video", as_you_type=False, sort="added", limit=5).from_index
        assert search.unavailable_reason is None
    finally:
        search.close()
        db.close()
