"""Triage keys on many selected papers: Ctrl+A then Space or S changes every paper with one
batched change, and the list is told once, not row by row."""

from __future__ import annotations

from PySide6.QtCore import Qt

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, press

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def bold_rows(window: MainWindow) -> int:
    model = window.model
    return sum(
        1
        for row in range(model.rowCount())
        if model.data(model.index(row, model.TITLE), Qt.ItemDataRole.FontRole) is not None
    )


def test_space_after_ctrl_a_marks_every_paper_read_in_one_list_update(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_A, CTRL)
    assert len(window.selected_ids()) == 114
    updates: list[tuple[int, int]] = []
    window.model.dataChanged.connect(
        lambda first, last, *_: updates.append((first.row(), last.row()))
    )
    press(window, Key.Key_Space)
    assert window.message.text() == "Marked 114 papers read"
    assert bold_rows(window) == 0  # no paper is shown unread any more
    assert window.library.stats().read == 114
    assert updates == [(0, 113)]  # one update over the rows, not 114
    press(window, Key.Key_Z, CTRL)
    assert bold_rows(window) == 114
    assert window.library.stats().read == 0


def test_s_on_some_selected_papers_stars_exactly_those(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_J)
    for _ in range(4):
        press(window, Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    chosen = window.selected_ids()
    assert chosen == window.model.ids()[1:6]
    press(window, Key.Key_S)
    assert window.message.text() == "Starred 5 papers"
    starred = [window.model.row_at(n).id for n in range(114) if window.model.row_at(n).starred]
    assert starred == chosen
    assert sorted(p.id for p in window.library.papers() if p.starred) == sorted(chosen)


def test_space_on_many_papers_reads_no_row_again_and_undo_turns_back_only_those_it_turned(
    qtbot, window: MainWindow
) -> None:
    """The rows shown carry the marks: Space sets them in place (no row is read from the
    library again), and Ctrl+Z unmarks only the papers Space marked, not those that were
    read before."""
    open_example(qtbot, window)
    window.table.setFocus()
    read_before = window.model.ids()[:3]
    window.table.selectRow(0)
    for _ in range(2):
        press(window, Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(window, Key.Key_Space)
    assert window.library.stats().read == 3
    reads: list[object] = []
    real_rows = window.library.rows
    window.library.rows = lambda *a, **k: reads.append(k) or real_rows(*a, **k)  # type: ignore[method-assign]
    press(window, Key.Key_A, CTRL)
    press(window, Key.Key_Space)
    assert window.message.text() == "Marked 114 papers read"
    assert bold_rows(window) == 0
    assert reads == []  # the list set the marks on the rows it holds
    press(window, Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: bold_rows(window) == 111, timeout=WAIT_MS)
    still_read = [window.model.row_at(n).id for n in range(114) if window.model.row_at(n).read]
    assert sorted(still_read) == sorted(read_before)
    assert sorted(p.id for p in window.library.papers() if p.read) == sorted(read_before)


def test_space_on_every_paper_reads_back_neither_dismissals_nor_the_paper_shown(
    qtbot, window: MainWindow
) -> None:
    """A read or star change turns no "Not interested" mark and changes nothing else of
    the paper shown: the window sets the marks it knows instead of asking the library
    about every paper again (Space on 5,000 papers)."""
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_A, CTRL)
    asked: list[str] = []
    library = window.library
    for name in ("flags", "paper", "papers_by_ids", "rows"):
        real = getattr(library, name)
        setattr(library, name, lambda *a, _n=name, _r=real, **k: asked.append(_n) or _r(*a, **k))
    press(window, Key.Key_Space)
    assert window.message.text() == "Marked 114 papers read"
    assert window.detail.header.read_button.isChecked()  # the paper shown: read
    assert bold_rows(window) == 0
    press(window, Key.Key_S)
    assert window.detail.header.star_button.isChecked()
    assert asked == []
    assert library.stats().read == 114 and library.stats().starred == 114
