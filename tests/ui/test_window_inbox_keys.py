"""The subscriptions panel's Inbox and the sidebar by keys: an arrow key in the sidebar
leaves the Inbox as a click there does (the Inbox stayed highlighted and its papers kept
filtering the sidebar's view), and Escape in the list keeps the Inbox (it clears a typed
search or the similar papers' list only)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.sidebar_model import SidebarFilter
from tests.conftest import CORPUS
from tests.ui.test_window_import import drop_paths
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, click, focused, press

Key = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier


def choose_the_inbox(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Shift+Tab from the list to the panel, Down to its Inbox (under the heading)."""
    window.table.setFocus()
    press(window, Key.Key_Backtab, SHIFT)
    assert focused(window) is window.feeds.panel
    press(window, Key.Key_Down)
    press(window, Key.Key_Down)
    assert window.feeds.panel.current_choice() == ("inbox", 0)
    assert window.message.text().startswith("Inbox: ")


def test_an_arrow_key_in_the_sidebar_leaves_the_inbox(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    choose_the_inbox(qtbot, window)
    press(window, Key.Key_Backtab, SHIFT)
    assert focused(window) is window.sidebar
    press(window, Key.Key_Down)  # All -> Unread
    assert window.sidebar.currentIndex().data().startswith("Unread")
    assert window.feeds.panel.current_choice() is None
    assert window.feeds.panel.selectedItems() == []  # one view highlighted, not two
    qtbot.waitUntil(lambda: window.count_label.text() == "114 of 114", timeout=WAIT_MS)


def test_escape_in_the_list_keeps_the_inbox(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    choose_the_inbox(qtbot, window)  # seen: the next digest is the Inbox
    every = window.sidebar_model.index_for_filter(SidebarFilter("all", None))
    click(window.sidebar.viewport(), window.sidebar.visualRect(every).center())
    assert window.feeds.panel.current_choice() is None
    drop_paths(window, CORPUS / "hf_daily_json" / "hf_daily_2026-08-21_ai_summary.json")
    qtbot.waitUntil(lambda: window.count_label.text() == "131 of 131", timeout=WAIT_MS)
    choose_the_inbox(qtbot, window)
    qtbot.waitUntil(lambda: window.count_label.text() == "17 of 131", timeout=WAIT_MS)
    press(window, Key.Key_Tab)
    assert focused(window) is window.table
    press(window, Key.Key_Escape)
    qtbot.wait(200)
    assert window.count_label.text() == "17 of 131"
    assert window.feeds.panel.current_choice() == ("inbox", 0)
