"""Tab and Shift+Tab move the keyboard from pane to pane the way they read: search field,
sidebar, subscriptions, paper list, detail pane. Tab in the list used to move from cell to
cell of the current row, so the keyboard could never leave the list."""

from __future__ import annotations

from PySide6.QtCore import Qt

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import focused, is_seen, press, type_text

Key = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_tab_leaves_the_list_for_the_detail_pane_and_shift_tab_comes_back(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    shown = window.current_id()
    press(window, Key.Key_Tab)
    assert focused(window) is window.detail.read_button
    assert is_seen(window.detail.read_button)
    press(window, Key.Key_Tab)
    assert focused(window) is window.detail.star_button
    press(window, Key.Key_Backtab, SHIFT)
    press(window, Key.Key_Backtab, SHIFT)
    assert focused(window) is window.table
    assert window.current_id() == shown  # the list's row did not move meanwhile


def test_tab_goes_from_the_search_field_through_the_sidebar_to_the_list(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused(window) is window.search
    press(window, Key.Key_Tab)
    assert focused(window) is window.sidebar
    press(window, Key.Key_Tab)
    assert focused(window) is window.feeds.panel
    press(window, Key.Key_Tab)
    assert focused(window) is window.table
    assert is_seen(window.table)


def test_tab_leaves_the_notes_editor_and_ctrl_tab_types_a_tab(qtbot, window: MainWindow) -> None:
    """Tab in the notes used to type a tab character: a keyboard user could not leave the
    notes with Tab like every other field. Tab and Shift+Tab move on and back; Ctrl+Tab
    types a tab for whoever needs one in their Markdown."""
    open_example(qtbot, window)
    window.table.setFocus()
    paper_id = window.current_id()
    press(window, Key.Key_N)
    notes = window.detail.notes_edit
    assert focused(window) is notes
    type_text(window, "ab")
    press(window, Key.Key_Tab)  # the notes end the detail pane: on to the next pane
    after = focused(window)
    assert after is not None and after is not notes and not window.detail.isAncestorOf(after)
    assert is_seen(after)
    assert notes.toPlainText() == "ab"
    press(window, Key.Key_Backtab, SHIFT)
    assert focused(window) is notes
    press(window, Key.Key_Backtab, SHIFT)  # back to the detail pane's field before them
    before = focused(window)
    assert before is not None and before is not notes and window.detail.isAncestorOf(before)
    press(window, Key.Key_Tab)
    assert focused(window) is notes
    press(window, Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    press(window, Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    type_text(window, "c")
    assert focused(window) is notes
    press(window, Key.Key_Escape)
    assert window.library.paper(paper_id).notes == "ab\tc"
