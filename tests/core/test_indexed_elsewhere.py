"""The window's searches never build the index: while it is missing (its index process
building it) they answer from the database, and a search in the command line still
builds it at once."""

from __future__ import annotations

from pathlib import Path

from readinglist.core.indexed_elsewhere import IndexedElsewhere
from readinglist.core.library import Library


def _without_index(data_dir: Path, example_digest: Path) -> None:
    with Library.open(data_dir) as library:
        library.import_path(example_digest)
    assert not (data_dir / "index").exists()  # an import leaves the index to a search


def test_a_window_search_answers_from_the_database_and_builds_nothing(
    data_dir: Path, example_digest: Path
) -> None:
    _without_index(data_dir, example_digest)
    with IndexedElsewhere.open(data_dir) as window:
        results = window.search("video", limit=200)
        paper = window.paper(next(iter(window.matching_ids("video"))))
        assert not results.from_index and results.total > 3
        assert {hit.paper.id for hit in results.hits} == window.matching_ids("video")
        assert window.similar(paper.id) == []  # asked again once the index is there
        assert window.search("vidoe").did_you_mean is None
    assert not (data_dir / "index").exists()
    with Library.open(data_dir) as cli:  # the command line builds it, and finds the same
        indexed = cli.search("video", limit=200)
        assert indexed.from_index and indexed.total == results.total
    assert (data_dir / "index").is_dir()


def test_once_the_index_is_there_the_window_searches_it(
    data_dir: Path, example_digest: Path
) -> None:
    _without_index(data_dir, example_digest)
    with Library.open(data_dir) as library:
        library.reindex()  # as the index process does
    with IndexedElsewhere.open(data_dir) as window:
        results = window.search("vidoe")
        assert results.from_index and results.did_you_mean == "video"
        paper_id = next(iter(window.matching_ids("video")))
        assert window.similar(paper_id)
