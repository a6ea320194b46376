"""The first search after an import builds the in-memory overlay of the new papers without
the fields only phrases, fuzzy words and spelling suggestions read (two thirds of its
terms); a search that needs them gets them, and every search finds the new papers."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.search import index as index_module

BIRDS = 20


@pytest.fixture
def lib(library: Library, example_digest: Path) -> Library:
    library.import_path(example_digest)
    library.reindex()
    assert library.matching_ids("video", as_you_type=True)  # the searcher is open
    library.import_records(
        [
            PaperRecord(
                title=f"Song learning in warbler colonies, season {n}",
                abstract=f"We follow how young finch {n} learns its song.",
                authors=["Ann Author"],
                arxiv_id=f"2409.{n:05d}",
            )
            for n in range(BIRDS)
        ],
        "birds",
    )
    return library


@pytest.fixture
def pairs_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles and abstracts whose word pairs were worked out, from now on."""
    made: list[str] = []
    word_pairs = index_module.word_pairs

    def counted(field: str, text: str) -> list[str]:
        made.append(text)
        return word_pairs(field, text)

    monkeypatch.setattr(index_module, "word_pairs", counted)
    return made


def birds(lib: Library) -> set[int]:
    return {p.id for p in lib.papers() if "warbler" in p.title}


def test_typing_after_an_import_needs_no_word_pairs(lib: Library, pairs_made) -> None:  # type: ignore[no-untyped-def]
    assert lib.matching_ids("warbler col", as_you_type=True) == birds(lib)
    ranked = lib.search("warbler colo", as_you_type=True, limit=50)
    assert {hit.paper.id for hit in ranked.hits} == birds(lib)
    assert all(hit.score > 0 for hit in ranked.hits)
    assert pairs_made == []


def test_phrases_fuzzy_words_and_suggestions_find_the_new_papers(lib: Library) -> None:
    assert lib.matching_ids("warbler", as_you_type=True) == birds(lib)  # the lean overlay
    assert lib.matching_ids('"warbler colonies"', as_you_type=False) == birds(lib)
    assert lib.matching_ids('"colonies warbler"', as_you_type=False) == set()
    assert lib.matching_ids("colonis~", as_you_type=False) == birds(lib)
    lib.add_tags([min(birds(lib))], ["banded"])  # an edit after the overlay has them all
    assert lib.matching_ids('"young finch"', as_you_type=False) == birds(lib)
    assert lib.search("warblre colonies", as_you_type=False).did_you_mean == "warbler colonies"
