"""Phrases answered from recorded word pairs and our own position checks agree with
Whoosh's own phrase search, for every neighbouring pair and triple of words in the
example digest's titles and abstracts."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from readinglist.core.library import Library
from readinglist.search import engine
from readinglist.search.index import IndexDocument
from readinglist.search.schema import build_schema, is_paired, word_pairs
from tests.conftest import EXAMPLE_DIGEST


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    library = Library.open(tmp_path_factory.mktemp("phrases"))
    library.import_path(EXAMPLE_DIGEST)
    papers = list(library.papers())
    library.close()
    return papers


def documents(papers) -> list[IndexDocument]:  # type: ignore[no-untyped-def]
    return [
        IndexDocument(p.id, p.title, p.abstract, p.authors, [], p.notes, [], [], p.published)
        for p in papers
    ]


def phrases(papers, field: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Every run of two and three neighbouring stems in the field, once each."""
    analyzer = build_schema()[field].analyzer
    runs: set[tuple[str, ...]] = set()
    for paper in papers:
        tokens = [t.text for t in analyzer(getattr(paper, field))]
        runs.update(tuple(tokens[i : i + 2]) for i in range(len(tokens) - 1))
        runs.update(tuple(tokens[i : i + 3]) for i in range(0, len(tokens) - 2, 7))
    return [list(run) for run in sorted(runs)]


@pytest.mark.parametrize("field", ["title", "abstract"])
def test_phrases_agree_with_whoosh(papers, field: str) -> None:  # type: ignore[no-untyped-def]
    index = engine.overlay_index(documents(papers))
    runs = phrases(papers, field)
    paired = [run for run in runs if len(run) == 2 and is_paired(*run)]
    assert len(paired) > 50 and len(runs) - len(paired) > 500  # both paths are exercised
    # Phrases no paper holds: words swapped round.
    runs += [run[::-1] for run in paired[:100]]
    with index.searcher() as searcher:
        ids = engine.paper_ids_by_docnum(searcher)
        for run in runs:
            phrase = wq.Phrase(field, run)
            whoosh_says = {ids[docnum] for docnum in phrase.docs(searcher)}
            assert engine.matching_ids(searcher, phrase) == whoosh_says, run


def test_pairs_follow_the_phrase_positions_after_stop_words() -> None:
    assert "abstract/languag/model" in word_pairs("abstract", "a language of the models")
    assert word_pairs("title", "Language; models") == ["title/languag/model"]
    assert not word_pairs("title", "language xylophone model")
