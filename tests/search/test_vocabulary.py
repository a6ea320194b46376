"""The spelling field's words are kept beside each segment of a full build, without
postings (``search/vocabulary.py``): a fuzzy word finds every paper of its near words'
stems in the title and abstract, title hits first, and suggestions and fuzzy words keep
working after edits merge the small segments Whoosh's writer adds."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.search import building, engine, spelling, vocabulary
from readinglist.search.index import INDEX_NAME, IndexDocument, SearchIndex
from readinglist.search.index_folders import current_folder
from readinglist.search.query import parse
from readinglist.search.schema import SPELLING_FIELD, build_schema

PAPERS = [
    ("Scaling laws for sparse experts", "Reinforcement signals are studied in passing."),
    ("Reinforcement learning for legged robots", "We train walking policies."),
    ("Policies reinforced by human feedback", "Rewards reinforcing good answers."),
    ("Graph neural networks", "Message passing over molecules."),
    ("Reinforcements in supply chains", "Stock arrives late."),
]


def _records() -> list[PaperRecord]:
    return [PaperRecord(title=title, abstract=abstract) for title, abstract in PAPERS]


def _ids_by_title(library: Library) -> dict[str, int]:
    return {p.title: p.id for p in library.papers()}


@pytest.mark.parametrize("indexed", [True, False], ids=["full build", "just imported"])
def test_a_misspelt_fuzzy_word_finds_every_paper_of_its_stem_title_hits_first(
    library: Library, indexed: bool
) -> None:
    if indexed:
        library.import_records(_records(), "papers")
        library.reindex()
    else:  # answered by the overlay of papers not yet in the index
        library.reindex()
        library.import_records(_records(), "papers")
    ids = _ids_by_title(library)
    results = library.search("reinforcment~", limit=10)
    found = [hit.paper.id for hit in results.hits]
    # "reinforced" and "reinforcing" are 4 edits away, but of the same stem
    assert set(found) == {ids[title] for title, _ in PAPERS if "Graph" not in title}
    in_title = {ids[title] for title, _ in PAPERS[1:3] + PAPERS[4:]}
    assert set(found[:3]) == in_title  # the paper with it in its abstract only comes last
    assert found[3] == ids[PAPERS[0][0]]
    assert library.search("reinforcment learnig").did_you_mean == "reinforcement learning"


def _documents(count: int, first: int = 1) -> list[IndexDocument]:
    words = ["kinetics", "lattice", "spectra", "quasar", "plasma"]
    return [
        IndexDocument(
            n,
            f"Paper {n} on {words[n % 5]}",
            f"We measure {words[(n + 1) % 5]} and {'zeppelin' if n == 90 else 'steel'}.",
            [],
            [],
            "",
            [],
            [],
            None,
        )
        for n in range(first, first + count)
    ]


def _leaves(path: Path) -> list[tuple[bool, int]]:
    """(has a vocabulary file, spelling terms) of each segment of the index."""
    index = whoosh_index.open_dir(str(current_folder(path)), indexname=INDEX_NAME)
    try:
        with index.reader() as reader:
            leaves = [leaf for leaf, _ in reader.leaf_readers()]
            kept = [vocabulary.segment_words(leaf) is not None for leaf in leaves]
            terms = [len(list(leaf.lexicon(SPELLING_FIELD))) for leaf in leaves]
            return list(zip(kept, terms, strict=True))
    finally:
        index.close()


def test_a_full_build_keeps_words_not_postings_and_edits_leave_its_segments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(building, "CHUNK", 40)
    path = tmp_path / "index"
    index = SearchIndex(path)
    index.rebuild(_documents(90), generation=1)  # 40 + 40 + 10: "zeppelin" is in the last
    assert _leaves(path) == [(True, 0)] * 3  # no spelling postings
    for edit in range(12):  # each adds a segment, and Whoosh merges the small ones
        index.update(_documents(1, first=edit + 1), deleted=[], generation=2 + edit)
    leaves = _leaves(path)
    assert leaves[:3] == [(True, 0)] * 3 and len(leaves) < 3 + 12
    assert all(not kept and terms > 0 for kept, terms in leaves[3:])
    searcher = index.searcher()
    assert spelling.suggest_correction(searcher, ["zepelin", "plasm"]) == ["zeppelin", "plasma"]
    kinetics = {n for n in range(1, 91) if n % 5 in (0, 4)}  # in the title, in the abstract
    for text, expected in [("zepelin~", {90}), ("kinetcs~", kinetics)]:
        query = parse(text, build_schema(), as_you_type=False).text
        assert engine.matching_ids(searcher, query) == expected, text
    index.close()
