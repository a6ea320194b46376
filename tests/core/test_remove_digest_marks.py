"""Removing a digest (or undoing its import) keeps the papers that hold something of the
user's, not those whose marks were set and cleared again."""

from __future__ import annotations

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord


def test_a_mark_set_and_cleared_keeps_no_paper_and_a_mark_kept_does(library: Library) -> None:
    report = library.import_records(
        [PaperRecord(title=t) for t in ("Starred, unstarred", "Read", "Noted", "Dismissed")],
        "digest",
    )
    ids = {p.title: p.id for p in library.papers()}
    library.set_starred([ids["Starred, unstarred"]], True)
    library.set_starred([ids["Starred, unstarred"]], False)
    library.set_read([ids["Read"]], True)
    library.set_notes(ids["Noted"], "mine")
    library.dismiss([ids["Dismissed"]])
    assert library.remove_digest(report.digest_id) == 1
    assert sorted(p.title for p in library.papers()) == ["Dismissed", "Noted", "Read"]
