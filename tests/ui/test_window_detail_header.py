"""The detail pane's header names every digest that listed the current paper, read in one
query that counts nothing (it counted each digest's papers and read marks, one query per
digest, for every paper shown on the GUI thread: 0.6–1 ms warm and 5 ms cold per
5,000-paper digest of the 100k bench library, growing with the digest)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord, ParsedDigest
from tests.ui.user import press
from tests.ui.windows import listing_window

DAYS = ["2026-09-07", "2026-09-08", "2026-09-09"]


@pytest.fixture
def library_of_digests(library: Library) -> Library:
    """One paper listed by three digests (the last of the oldest), each with other papers."""
    for n, day in enumerate(DAYS):
        records = [PaperRecord(title=f"Paper {n}.{k}", published="2025-01-01") for k in range(20)]
        records.append(PaperRecord(title="Flow matching for speech", arxiv_id="2609.00001"))
        library.import_parsed(ParsedDigest.of("ris", records, date=day), f"{day}.ris", f"sha{n}")
    return library


@pytest.fixture
def statements(library_of_digests: Library) -> Iterator[list[str]]:
    """The SQL the window's own connection runs while the test watches."""
    seen: list[str] = []
    connection = library_of_digests._db.connection
    connection.set_trace_callback(seen.append)
    yield seen
    connection.set_trace_callback(None)


def test_the_header_names_each_digest_of_the_paper_from_one_query(
    qtbot, library_of_digests: Library, statements: list[str]
) -> None:
    with listing_window(qtbot, library_of_digests, 61) as window:
        press(window, Qt.Key.Key_End)  # the oldest paper: the one the three digests share
        shown = window.model.row_at(window.table.currentIndex().row())
        assert shown.title == "Flow matching for speech"
        statements.clear()
        press(window, Qt.Key.Key_Up)
        press(window, Qt.Key.Key_Down)  # the paper shown again
        qtbot.waitUntil(lambda: window.detail.current_paper_id() == shown.id)
        assert window.detail.meta_label.text() == (
            "Added in digest of 2026-09-07, 2026-09-08, 2026-09-09  ·  "
            "From 2026-09-07.ris, 2026-09-08.ris, 2026-09-09.ris"
        )
        digest_reads = [sql for sql in statements if "FROM digests" in sql]
        assert len(digest_reads) == 2  # one for each paper shown
        assert not any("count(" in sql for sql in digest_reads)  # names, not counts
