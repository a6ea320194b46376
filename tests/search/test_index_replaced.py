"""Another process writes the index while this one reads it: the window searches while the
index process swaps in a new build or merges segments. A searcher opened before that
answers for what it was opened on; the next one sees the new index."""

from __future__ import annotations

from pathlib import Path

from readinglist.search import engine
from readinglist.search.index import IndexDocument, SearchIndex
from readinglist.search.query import parse
from readinglist.search.schema import build_schema


def _papers(word: str, ids: range) -> list[IndexDocument]:
    return [
        IndexDocument(
            n, f"{word} paper {n}", f"About {word} and more", ["Ann Lee"], [], "", [], [], None
        )
        for n in ids
    ]


def _matching(searcher: object, text: str) -> set[int]:
    query = parse(text, build_schema(), as_you_type=True).text
    return engine.matching_ids(searcher, query)  # type: ignore[arg-type]


def test_a_searcher_survives_another_process_swapping_in_a_new_build(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    ours = SearchIndex(folder)
    ours.rebuild(_papers("alpha", range(1, 31)), generation=1)
    searcher = ours.searcher()  # opened, nothing read from it yet

    theirs = SearchIndex(folder)  # the index process: a whole new build, folder swapped
    theirs.rebuild(_papers("beta", range(100, 141)), generation=2)
    theirs.close()

    assert _matching(searcher, "alpha") == set(range(1, 31))  # what it was opened on
    fresh = ours.searcher()
    assert _matching(fresh, "beta") == set(range(100, 141))
    assert _matching(fresh, "alpha") == set()
    assert ours.generation == 2
    ours.close()


def test_a_searcher_survives_another_process_merging_the_segments(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    ours = SearchIndex(folder)
    ours.rebuild(_papers("alpha", range(1, 31)), generation=1)
    searcher = ours.searcher()

    theirs = SearchIndex(folder)  # the index process catching up: old segment files go
    theirs.open()
    theirs.update(_papers("gamma", range(1, 11)), deleted=[], generation=2)
    theirs.update(_papers("delta", range(11, 21)), deleted=[], generation=3)
    theirs.close()

    assert _matching(searcher, "alpha") == set(range(1, 31))
    ours.close()
