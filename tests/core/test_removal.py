"""Deleting papers and undoing it: the papers come back exactly as they were."""

from __future__ import annotations

from pathlib import Path

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.storage import digests as digests_db


def _places(library: Library, ids: list[int]) -> dict[int, object]:
    with library._db.snapshot() as conn:
        return digests_db.memberships(conn, ids)


def test_restoring_deleted_papers_brings_back_ids_places_and_annotations(
    library: Library, example_digest: Path
) -> None:
    library.import_path(example_digest)
    library.import_records([PaperRecord(title=library.papers()[5].title)], "second digest")
    rows_before = library.rows()
    targets = [rows_before[3].id, rows_before[5].id, rows_before[40].id]
    library.add_tags(targets[:2], ["keep"])
    library.set_notes(targets[1], "my note")
    library.set_starred([targets[2]])
    library.set_read([targets[0]])
    before = library.papers_by_ids(targets)
    places = _places(library, targets)
    rows_before = library.rows()
    library.reindex()

    removed = library.delete_papers(targets)
    assert library.stats().papers == 114 - 3
    assert library.stats().tags == {}
    assert library.papers_by_ids(targets) == []

    assert library.restore_deleted(removed) == targets
    assert library.papers_by_ids(targets) == before  # ids, added, tags, notes, flags, digests
    assert _places(library, targets) == places  # positions in each digest
    assert library.rows() == rows_before  # the same rows in the same order
    assert len(library.digests()) == 2  # no "undo" digest
    library.sync_index()  # the search index learns that the papers are back
    found = library.search(f'"{before[1].title}"', limit=5)
    assert found.from_index
    assert targets[1] in [hit.paper.id for hit in found.hits]


def test_a_paper_imported_again_meanwhile_is_left_as_it_is(library: Library) -> None:
    library.import_records([PaperRecord(title="Alpha"), PaperRecord(title="Beta")], "x")
    alpha = next(p for p in library.papers() if p.title == "Alpha")
    library.set_notes(alpha.id, "first")
    removed = library.delete_papers([alpha.id])
    library.import_records([PaperRecord(title="Alpha")], "y")
    again = next(p for p in library.papers() if p.title == "Alpha")
    assert library.restore_deleted(removed) == []
    assert [p.title for p in library.papers()].count("Alpha") == 1
    assert library.paper(again.id).notes == ""
