"""Keys act on what has the keyboard: Space on a focused button presses that button, and
Delete in the sidebar or the subscriptions panel removes no paper (the window-wide triage
keys took both: Space on "Starred" marked the paper read, Delete on a tag in the sidebar
removed the paper selected in the list)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import focused, press, tag_with_keys

Key = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_space_on_the_focused_star_button_stars_the_paper(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    shown = window.current_id()
    assert shown is not None
    press(window, Key.Key_Tab)
    press(window, Key.Key_Tab)
    assert focused(window) is window.detail.star_button
    press(window, Key.Key_Space)
    paper = window.library.paper(shown)
    assert paper.starred and not paper.read
    assert window.detail.star_button.isChecked() and not window.detail.read_button.isChecked()
    assert window.model.row_at(0).starred
    assert focused(window) is window.detail.star_button  # the keys stay on the button
    press(window, Key.Key_Backtab, SHIFT)
    assert focused(window) is window.detail.read_button
    press(window, Key.Key_Space)
    paper = window.library.paper(shown)
    assert paper.read and paper.starred


def test_delete_in_the_sidebar_removes_no_paper(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    tag_with_keys(window, "agents")
    listed = window.current_id()
    press(window, Key.Key_Backtab, SHIFT)
    press(window, Key.Key_Backtab, SHIFT)
    assert focused(window) is window.sidebar
    press(window, Key.Key_Delete)
    qtbot.wait(100)
    assert window.model.rowCount() == 114
    assert window.count_label.text() == "114 of 114"
    assert window.model.position_of(listed) == 0
    assert "Removed" not in window.message.text()
    assert len(window.library.papers()) == 114


def test_delete_in_the_subscriptions_panel_removes_no_paper(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_Backtab, SHIFT)
    assert focused(window) is window.feeds.panel
    press(window, Key.Key_Delete)
    qtbot.wait(100)
    assert window.count_label.text() == "114 of 114"
    assert "Removed" not in window.message.text()
    assert len(window.library.papers()) == 114
    press(window, Key.Key_Tab)  # back in the list, Delete removes the paper selected there
    assert focused(window) is window.table
    press(window, Key.Key_Delete)
    qtbot.waitUntil(lambda: window.count_label.text() == "113 of 113")
