"""A digest dropped on the window: its worker reads only the rows of the papers it stored
or merged (never every row of the library again) and merges them into the list shown, in
its order (For you included); a paper merged into one already listed stays one row with
what the user gave it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl

from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import PaperTableModel, sort_rows
from tests.conftest import CORPUS
from tests.ranking_fixtures import VISION, import_small_set
from tests.ui.test_main_window import drop
from tests.ui.user import WAIT_MS, focused, press, type_text
from tests.ui.windows import listing_window

TRAINING_MS = 120_000  # a training process on a busy machine
# holds one paper of the example digest (found by its title), and 49 others
SAME_PAPER_AGAIN = CORPUS / "plaintext_lists" / "title_pdf_summary_blocks_2024-06-21.txt"


def _drop_file(window: MainWindow, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop(window, mime)


def _shown(window: MainWindow) -> list:  # type: ignore[type-arg]
    return [window.model.row_at(r) for r in range(window.model.rowCount())]


def _imported(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: "new" in window.message.text() and window.imports.job is None,
                    timeout=WAIT_MS)  # fmt: skip


@pytest.fixture
def ranked(qtbot, library: Library) -> Iterator[MainWindow]:
    """A window on the small set whose reader starred ten vision papers, the learned
    ranking shown, sorted For you."""
    categories = import_small_set(library)
    with listing_window(qtbot, library, len(categories)) as window:
        for pid in sorted(p for p, c in categories.items() if c == VISION)[:10]:
            window.select_paper(pid)
            window.focus_list()
            press(window, Qt.Key.Key_S)
        for_you = window.for_you
        qtbot.waitUntil(lambda: for_you.mode == "learned" and not for_you.busy
                        and not for_you._timer.isActive(), timeout=TRAINING_MS)  # fmt: skip
        modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        press(window, Qt.Key.Key_Y, modifiers)  # Sort For You
        assert window.table.sort_order() == (PaperTableModel.SCORE, True)
        yield window


def test_a_digest_dropped_on_a_list_sorted_for_you_is_merged_into_it_in_that_order(
    qtbot, ranked: MainWindow, library: Library, example_digest: Path, full_reads: list[str]
) -> None:
    before = len(library.papers())
    full_reads.clear()
    _drop_file(ranked, example_digest)
    _imported(qtbot, ranked)
    for_you = ranked.for_you
    qtbot.waitUntil(lambda: not for_you.busy and not for_you.digests.waiting, timeout=WAIT_MS)
    assert full_reads == []  # the import read the rows of its digest, not every row
    rows = _shown(ranked)
    assert len(rows) == before + 114 == len(library.papers())
    assert all(row.score is not None for row in rows)  # the new papers' scores too
    again = library.rows()  # what a full re-read would show, in the list's order
    for row in again:
        row.score = for_you.scores.get(row.id)
    expected = sort_rows(again, PaperTableModel.SCORE, True)
    assert [row.id for row in rows] == [row.id for row in expected]
    assert ranked.table.sort_order() == (PaperTableModel.SCORE, True)


def test_an_import_merged_into_a_listed_paper_keeps_one_row_with_its_tag(
    qtbot, library: Library, example_digest: Path, full_reads: list[str]
) -> None:
    library.import_path(example_digest)
    again = {line[len("Title: ") :].strip() for line in SAME_PAPER_AGAIN.read_text().splitlines()
             if line.startswith("Title: ")}  # fmt: skip
    with listing_window(qtbot, library, 114) as window:
        paper_id = next(row.id for row in _shown(window) if row.title in again)
        window.select_paper(paper_id)
        press(window, Qt.Key.Key_T)
        assert focused(window) is window.detail.tag_edit
        type_text(window, "keep")
        press(window, Qt.Key.Key_Return)
        window.focus_list()
        listed = {row.id for row in _shown(window)}
        full_reads.clear()
        _drop_file(window, SAME_PAPER_AGAIN)
        _imported(qtbot, window)
        assert window.message.text().startswith("49 new, 1 merged")
        rows = _shown(window)
        ids = [row.id for row in rows]
        assert len(ids) == len(set(ids)) == len(listed) + 49 == len(library.papers())
        kept = [row for row in rows if row.id == paper_id]
        assert len(kept) == 1 and kept[0].tags == ["keep"]
        assert library.paper(paper_id).tags == ["keep"]
        added = [row.added for row in rows]  # newest first, as the list was sorted
        assert added == sorted(added, reverse=True)
        assert full_reads == []
