"""Ctrl+Z on an import, on a removal (and Ctrl+Shift+Z on it), and Complete Details and
its Ctrl+Z: the step's worker reads only the rows of the papers it touched (never every
row of the library again: 0.7 s of CPU at 100,000 papers) and the list shown is the one a
full re-read gives, with the user's tags and marks, and the selection as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRow
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import sort_rows
from tests.local_server import Script
from tests.ui.test_window_enrich import (
    complete_digest_from_sidebar,
    example_works,
    finished,
    script,  # noqa: F401 - the fake services' fixture
)
from tests.ui.test_window_import_merge import (
    SAME_PAPER_AGAIN,
    _drop_file,
    _imported,
    titles_again,
)
from tests.ui.test_window_keys import open_example
from tests.ui.test_window_sidebar_counts import entries, fresh_count
from tests.ui.user import WAIT_MS, focused, press, type_text
from tests.ui.windows import listing_window

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
# Menus grab the keyboard; the offscreen platform says it cannot (harmless here).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


def _seen(row: PaperRow) -> tuple[object, ...]:
    """What the list shows of a row (the For you score aside)."""
    return (row.id, row.title, row.authors, row.published, row.added, row.tags, row.digest,
            row.read, row.starred)  # fmt: skip


def _shown(window: MainWindow) -> list[tuple[object, ...]]:
    return [_seen(window.model.row_at(n)) for n in range(window.model.rowCount())]


def _reread(window: MainWindow, full_reads: list[str]) -> list[tuple[object, ...]]:
    """The list a full re-read of the library gives, in the window's order (this read is
    the test's own: not counted)."""
    assert full_reads == []  # no full read by the window's jobs before this one
    rows = sort_rows(window.library.rows(), *window.table.sort_order())
    full_reads.clear()
    return [_seen(row) for row in rows]


def _tag(window: MainWindow, paper_id: int, tag: str) -> None:
    window.select_paper(paper_id)
    window.focus_list()
    press(window, Key.Key_T)
    assert focused(window) is window.detail.tag_edit
    type_text(window, tag)
    press(window, Key.Key_Return)
    window.focus_list()


def _done(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.message.text().startswith(text), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.edits.busy is False, timeout=WAIT_MS)


def test_ctrl_z_on_an_import_reads_only_its_papers_and_keeps_the_rest(
    qtbot, library: Library, example_digest: Path, full_reads: list[str]
) -> None:
    library.import_path(example_digest)
    again = titles_again()
    with listing_window(qtbot, library, 114) as window:
        rows = [window.model.row_at(n) for n in range(114)]
        merged_id = next(row.id for row in rows if row.title in again)
        other = next(row.id for row in rows if row.title not in again)
        _tag(window, merged_id, "keep")
        press(window, Key.Key_S)  # the paper the import will merge into: starred too
        _tag(window, other, "mine")
        _drop_file(window, SAME_PAPER_AGAIN)
        _imported(qtbot, window)
        assert window.message.text().startswith("49 new, 1 merged")
        assert window.model.rowCount() == 163
        window.select_paper(other)
        window.focus_list()
        selected = window.selected_ids()
        full_reads.clear()

        press(window, Key.Key_Z, CTRL)
        _done(qtbot, window, "Undone: Import of")
        assert full_reads == []  # the undo read its digest's rows, not every row
        assert window.model.rowCount() == 114
        assert _shown(window) == _reread(window, full_reads)
        by_id = {row[0]: row for row in _shown(window)}
        assert by_id[merged_id][5] == ["keep"] and by_id[merged_id][8] is True
        assert by_id[other][5] == ["mine"]
        assert window.selected_ids() == selected
        assert window.current_id() == other
        assert entries(window.sidebar_model) == fresh_count(library.directory)


def test_ctrl_z_and_ctrl_shift_z_on_a_removal_read_only_those_papers(
    qtbot, window: MainWindow, full_reads: list[str]
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_S)  # a mark on a paper the removal leaves alone
    for _ in range(5):
        press(window, Key.Key_J)
    for _ in range(2):
        press(window, Key.Key_Down, SHIFT)
    removed = window.selected_ids()
    press(window, Key.Key_Delete)
    assert window.model.rowCount() == 111
    full_reads.clear()

    press(window, Key.Key_Z, CTRL)
    _done(qtbot, window, "Undone: Remove")
    assert full_reads == []
    assert window.model.rowCount() == 114
    assert _shown(window) == _reread(window, full_reads)
    assert sorted(window.selected_ids()) == sorted(removed)  # selected again

    press(window, Key.Key_Z, CTRL | SHIFT)
    _done(qtbot, window, "Redone: Remove")
    assert full_reads == []
    assert window.model.rowCount() == 111
    assert _shown(window) == _reread(window, full_reads)
    assert not set(removed) & set(window.model.ids())


def test_complete_details_and_its_ctrl_z_read_only_the_completed_papers(
    qtbot,
    window: MainWindow,
    script: Script,  # noqa: F811
    full_reads: list[str],
) -> None:
    open_example(qtbot, window)
    day, works = example_works(window.library)
    script.days[day] = works
    tagged = window.model.row_at(3).id
    _tag(window, tagged, "mine")
    full_reads.clear()

    complete_digest_from_sidebar(qtbot, window)
    qtbot.waitUntil(lambda: finished(window), timeout=WAIT_MS)
    assert full_reads == []  # the run read its papers' rows, not every row
    assert _shown(window) == _reread(window, full_reads)
    assert all(window.model.row_at(n).authors for n in range(114))
    window.select_paper(tagged)
    window.focus_list()
    selected = window.selected_ids()

    press(window, Key.Key_Z, CTRL)
    _done(qtbot, window, "Undone: Complete Details")
    assert full_reads == []
    assert _shown(window) == _reread(window, full_reads)
    assert not any(window.model.row_at(n).authors for n in range(114))
    assert {row[0]: row[5] for row in _shown(window)}[tagged] == ["mine"]
    assert window.selected_ids() == selected
