"""After a digest is written to the disk index, the first search reads the ids of the new
segment only, not the id of every paper again (an O(library) step of 0.3-0.5 s at 100k
papers), and finds every paper of the digest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh.reading import SegmentReader

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord


def _records(start: int, count: int, word: str) -> list[PaperRecord]:
    return [
        PaperRecord(
            title=f"Field notes {n} on {word}{n} migration",
            abstract=f"How {word} {n} travels.",
            authors=["Ann Author"],
            arxiv_id=f"2409.{n:05d}",
        )
        for n in range(start, start + count)
    ]


@pytest.fixture
def ids_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many values were read from the index's ``id`` column (one entry per read)."""
    reads: list[int] = []
    column_reader = SegmentReader.column_reader

    def counted(self, fieldname, *args, **kwargs):  # type: ignore[no-untyped-def]
        column = column_reader(self, fieldname, *args, **kwargs)
        if fieldname != "id":
            return column
        values = list(column)
        reads.append(len(values))
        return values

    monkeypatch.setattr(SegmentReader, "column_reader", counted)
    yield reads


def test_a_search_after_a_digest_is_written_reads_only_its_ids(
    library: Library, example_digest: Path, ids_read: list[int]
) -> None:
    library.import_path(example_digest)
    library.import_records(_records(0, 300, "heron"), "herons")
    library.reindex()
    assert len(library.matching_ids("heron", as_you_type=True)) == 300
    library.import_records(_records(300, 20, "egret"), "egrets")
    library.sync_index()  # the digest written to the disk index as a segment of its own
    ids_read.clear()
    egrets = {p.id for p in library.papers() if "egret" in p.title}
    assert library.matching_ids("egret", as_you_type=True) == egrets
    assert len(egrets) == 20
    assert sum(ids_read) <= 20


def test_replaced_papers_neither_match_nor_are_read_again(
    library: Library, example_digest: Path, ids_read: list[int]
) -> None:
    library.import_path(example_digest)
    library.reindex()
    assert library.matching_ids("video", as_you_type=True)
    first = next(iter(library.papers()))
    library.set_notes(first.id, "kingfisher sighting")  # replaces its document
    library.sync_index()
    ids_read.clear()
    assert library.matching_ids("kingfisher", as_you_type=False) == {first.id}
    every = {p.id for p in library.papers()}
    assert library.matching_ids("NOT kingfisher", as_you_type=False) == every - {first.id}
    assert sum(ids_read) <= 1
