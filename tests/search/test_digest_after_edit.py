"""A digest imported into an indexed library after an edit: every new paper is found and
ranked at once, the in-memory overlay is written afresh by the bulk writer (Whoosh's own
writer, document by document, took 1.4 s for 114 papers), and only the pending papers
are read for it, never the library."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

from readinglist.core import index_documents
from readinglist.core.library import Library
from readinglist.core.searching import OVERLAY_LIMIT
from readinglist.domain.entities import PaperRecord

DIGEST = 114  # the size of a daily digest


def _birds() -> list[PaperRecord]:
    return [
        PaperRecord(
            title=f"Song learning in zebrafinch{n} colonies",
            abstract=f"We record how finch {n} learns its song.",
            authors=["Ann Author"],
            arxiv_id=f"2409.{n:05d}",
        )
        for n in range(DIGEST)
    ]


@pytest.fixture
def lib(library: Library, example_digest: Path) -> Library:
    library.import_path(example_digest)
    library.reindex()
    return library


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """How many documents Whoosh's own writer was given, and how many papers were read
    from the library for the index, from now on."""
    counts = {"whoosh writer": 0, "papers read": 0}
    update, read = SegmentWriter.update_document, index_documents.documents

    def counted_update(self, **fields):  # type: ignore[no-untyped-def]
        counts["whoosh writer"] += 1
        return update(self, **fields)

    def counted_read(conn, paper_ids):  # type: ignore[no-untyped-def]
        counts["papers read"] += len(paper_ids)
        return read(conn, paper_ids)

    monkeypatch.setattr(SegmentWriter, "update_document", counted_update)
    monkeypatch.setattr(index_documents, "documents", counted_read)
    yield counts


def test_a_digest_after_an_edit_is_found_and_ranked_at_once(lib: Library, counted) -> None:  # type: ignore[no-untyped-def]
    edited = next(iter(lib.papers())).id
    lib.add_tags([edited], ["tagged"])
    assert lib.matching_ids("tag:tagged", as_you_type=True) == {edited}
    assert lib.matching_ids("tagged", as_you_type=True) >= {edited}  # the overlay's answer
    counted.update({"whoosh writer": 0, "papers read": 0})
    report = lib.import_records(_birds(), "birds")
    assert report.new == DIGEST <= OVERLAY_LIMIT
    birds = {p.id for p in lib.papers() if "zebrafinch" in p.title}
    assert len(birds) == DIGEST
    assert lib.matching_ids("zebrafin", as_you_type=True) == birds
    ranked = lib.search("finch colonies", as_you_type=False, limit=DIGEST + 10)
    assert {hit.paper.id for hit in ranked.hits} == birds
    assert all(hit.score > 0 for hit in ranked.hits)
    assert lib.matching_ids("tagged", as_you_type=True) >= {edited}  # the edit is kept
    assert counted["whoosh writer"] == 0
    assert counted["papers read"] <= DIGEST + 1  # the pending papers, once
