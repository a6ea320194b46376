"""Keys do what clicks do in the sidebar: an arrow key from the subscriptions panel's
Inbox (a triage view, sorted For you) to a sidebar view that is not one puts back the
list's own order, as a click there does. The arrow key left the Inbox after For you had
looked at the view, so the list stayed sorted For you."""

from __future__ import annotations

from PySide6.QtCore import Qt

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_for_you_views import FOR_YOU, _star_vision_and_learn, categories
from tests.ui.test_window_inbox_keys import choose_the_inbox
from tests.ui.user import WAIT_MS, focused, press

Key = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
__all__ = ["categories"]  # the fixture


def test_an_arrow_key_from_the_inbox_to_unread_puts_back_the_list_order(
    qtbot, categories: dict[int, str], window: MainWindow
) -> None:
    _star_vision_and_learn(qtbot, window, categories)
    library_order = window.sort_order()
    choose_the_inbox(qtbot, window)
    qtbot.waitUntil(lambda: window.sort_order() == FOR_YOU, timeout=WAIT_MS)
    press(window, Key.Key_Backtab, SHIFT)
    assert focused(window) is window.sidebar
    press(window, Key.Key_Down)  # All -> Unread: not a triage view
    assert window.sidebar.currentIndex().data().startswith("Unread")
    assert window.feeds.panel.current_choice() is None
    qtbot.waitUntil(lambda: window.sort_order() == library_order, timeout=WAIT_MS)
    header = window.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        library_order[0],
        Qt.SortOrder.DescendingOrder if library_order[1] else Qt.SortOrder.AscendingOrder,
    )
