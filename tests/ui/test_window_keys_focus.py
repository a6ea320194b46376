"""Keys act on what has the keyboard: Space on a focused button presses that button (the
window-wide triage key took it: Space on "Starred" marked the paper read)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import focused, press

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
