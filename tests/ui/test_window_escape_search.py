"""Escape in the list shows every paper again after a search or "Find Similar Papers"
(Escape in the search field leaves the search as typed, for the list); Enter in an empty
search field does too. The similar papers' list said "clear the search to see all" while
the search field was empty: neither Escape, nor Ctrl+F then Enter, brought the papers
back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMenu

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, focused, press, type_text

Key = Qt.Key
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


def find_similar(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Paper > Find Similar Papers from the keyboard (Alt+P, I), once the detail pane
    shows the paper's similar papers (the index has them)."""
    qtbot.waitUntil(
        lambda: bool(window.detail.findChildren(QLabel, "similarPaper")), timeout=WAIT_MS
    )
    press(window, Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=WAIT_MS)
    QTest.keyClick(QApplication.activePopupWidget(), Key.Key_I)
    qtbot.waitUntil(lambda: 1 < window.model.rowCount() < 114, timeout=WAIT_MS)
    assert window.search.text() == ""


def current_is_in_sight(window: MainWindow) -> bool:
    spot = window.table.visualRect(window.table.currentIndex())
    return spot.intersects(window.table.viewport().rect())


def test_escape_in_the_list_leaves_the_similar_papers_for_every_paper(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_J)
    find_similar(qtbot, window)
    assert "Escape shows every paper again" in window.message.text()
    press(window, Key.Key_J)
    chosen = window.current_id()
    press(window, Key.Key_Escape)
    qtbot.waitUntil(lambda: window.count_label.text() == "114 of 114", timeout=WAIT_MS)
    assert window.model.rowCount() == 114
    assert window.current_id() == chosen and window.detail.current_paper_id() == chosen
    assert current_is_in_sight(window)
    assert focused(window) is window.table


def test_enter_in_the_empty_search_field_leaves_the_similar_papers(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    find_similar(qtbot, window)
    press(window, Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    press(window, Key.Key_Return)
    qtbot.waitUntil(lambda: window.count_label.text() == "114 of 114", timeout=WAIT_MS)
    assert focused(window) is window.table


def test_escape_twice_leaves_the_search_and_then_clears_it(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_Slash)
    type_text(window, "video")
    qtbot.waitUntil(lambda: window.count_label.text() == "17 of 114", timeout=WAIT_MS)
    press(window, Key.Key_Escape)  # back to the list, the search as typed
    assert focused(window) is window.table
    assert window.search.text() == "video"
    press(window, Key.Key_End)
    chosen = window.current_id()
    press(window, Key.Key_Escape)  # and every paper again
    qtbot.waitUntil(lambda: window.count_label.text() == "114 of 114", timeout=WAIT_MS)
    assert window.search.text() == ""
    assert window.current_id() == chosen
    assert current_is_in_sight(window)
