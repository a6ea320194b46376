"""A big import not yet written to the index: searches answer completely at once, the
index answering for the papers it holds and a scan of just the new papers for the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.core.searching import OVERLAY_LIMIT
from readinglist.domain.entities import PaperRecord

NEW = OVERLAY_LIMIT + 100  # more than the in-memory overlay takes


@pytest.fixture
def lib(library: Library, example_digest: Path) -> Library:
    library.import_path(example_digest)
    library.reindex()
    records = [
        PaperRecord(
            title=f"Study {n} of zebrafinch{n} song learning",
            abstract=f"We examine how bird {n} learns its song with a transformer.",
            authors=["Ann Author"],
            arxiv_id=f"2409.{n:05d}",
        )
        for n in range(NEW)
    ]
    library.import_records(records, "birds")
    return library


def new_ids(lib: Library) -> set[int]:
    return {p.id for p in lib.papers() if "zebrafinch" in p.title}


def test_every_new_paper_is_found_before_the_index_has_them(lib: Library) -> None:
    birds = new_ids(lib)
    assert len(birds) == NEW
    assert lib.matching_ids("zebrafinch42", as_you_type=True) == {
        p.id for p in lib.papers() if p.title.split()[3].startswith("zebrafinch42")
    }
    assert lib.matching_ids("bird song", as_you_type=False) >= birds
    results = lib.search("song", as_you_type=True, limit=NEW + 200)
    assert {hit.paper.id for hit in results.hits} >= birds
    assert results.total == len(results.hits)


def test_papers_in_the_index_are_answered_by_it_not_by_a_scan(lib: Library) -> None:
    old = {p.id for p in lib.papers()} - new_ids(lib)
    transformer_papers = {p.id for p in lib.papers() if "transformer" in p.abstract.lower()}
    assert transformer_papers & old, "the example digest speaks of transformers"
    # A scan looks for text anywhere ("ransform" is inside "transformer"); the index
    # looks for words starting with it: none of the indexed papers has such a word.
    assert lib.matching_ids("ransform", as_you_type=True) & old == set()
    # Whole words: the index's stemmed words for the old papers, the scan for the new.
    found = lib.matching_ids("transformer", as_you_type=True)
    assert found >= new_ids(lib)
    assert found & old == lib.matching_ids("transformer", as_you_type=False) & old


def test_ranked_results_put_the_indexed_matches_first_then_the_new(lib: Library) -> None:
    results = lib.search("learning", as_you_type=True, limit=NEW + 200)
    ids = [hit.paper.id for hit in results.hits]
    birds = new_ids(lib)
    first_new = next(n for n, pid in enumerate(ids) if pid in birds)
    assert first_new > 0 and all(pid in birds for pid in ids[first_new:])
    assert set(ids) >= birds and results.total == len(ids)


def test_the_same_answers_once_the_index_has_caught_up(lib: Library) -> None:
    before = lib.matching_ids("zebrafinch1", as_you_type=True)
    lib.sync_index()
    assert lib.matching_ids("zebrafinch1", as_you_type=True) == before


def test_a_ranked_search_answers_without_writing_the_backlog_first(lib: Library) -> None:
    # What the command line asks: every new paper is found at once, none of them written
    # to the index for it (that took 40 s after a 5,000-paper import).
    results = lib.search("song", limit=NEW + 200)
    assert {hit.paper.id for hit in results.hits} >= new_ids(lib)
    assert results.total == len(results.hits) and results.from_index
    assert lib.index_backlog() > OVERLAY_LIMIT


def test_the_command_line_search_answers_then_catches_up(
    lib: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    from readinglist.cli import main

    # A word no other word of the papers contains: the scan of the new papers and the
    # index (once caught up) find the same paper.
    code = main(["--data-dir", str(lib.directory), "search", "zebrafinch599", "--json"])
    out = capsys.readouterr().out
    found = {paper["id"] for paper in json.loads(out)["results"]}
    assert code == 0 and found == {p.id for p in lib.papers() if "zebrafinch599" in p.title}
    assert len(found) == 1
    with Library.open(lib.directory) as later:  # written after the answer, for the next
        assert later.index_backlog() == 0
