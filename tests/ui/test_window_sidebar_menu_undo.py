"""The sidebar's menu changes go on the undo stack like every other change: Delete Tag
and a digest's Mark All Read (chosen by keys: Shift+F10, arrows, Enter) are undone by
Ctrl+Z. They changed the library behind the stack, so Ctrl+Z undid the step before them
and the tag (or the unread marks) were lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, focused, press, tag_with_keys

Key = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


def to_sidebar_row(window: MainWindow, starts: str) -> None:
    """Shift+Tab from the list to the sidebar, then Down until the row starting ``starts``."""
    press(window, Key.Key_Backtab, SHIFT)
    press(window, Key.Key_Backtab, SHIFT)
    assert focused(window) is window.sidebar
    for _ in range(20):
        if str(window.sidebar.currentIndex().data()).startswith(starts):
            return
        press(window, Key.Key_Down)
    raise AssertionError(f"no sidebar row {starts!r}")


def sidebar_rows(window: MainWindow, starts: str) -> list[str]:
    model = window.sidebar_model
    found = model.match(
        model.index(0, 0),
        Qt.ItemDataRole.DisplayRole,
        starts,
        -1,
        Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive,
    )
    return [str(index.data()) for index in found]


def choose_in_menu(qtbot, entry: str) -> None:  # type: ignore[no-untyped-def]
    """The menu Shift+F10 opened: Down to ``entry``, Enter."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=WAIT_MS)
    menu = QApplication.activePopupWidget()
    for _ in range(len(menu.actions())):
        QTest.keyClick(menu, Key.Key_Down)
        if menu.activeAction() is not None and menu.activeAction().text() == entry:
            break
    QTest.keyClick(menu, Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=WAIT_MS)


def test_delete_tag_from_the_sidebar_menu_is_undone_by_ctrl_z(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_S)  # a step before the tag's
    press(window, Key.Key_Down, SHIFT)
    tagged = window.selected_ids()
    tag_with_keys(window, "agents")
    to_sidebar_row(window, "agents")
    press(window, Key.Key_F10, SHIFT)
    choose_in_menu(qtbot, "Delete Tag")
    qtbot.waitUntil(lambda: not any(window.library.paper(p).tags for p in tagged))
    qtbot.waitUntil(lambda: sidebar_rows(window, "agents") == [], timeout=WAIT_MS)
    assert window.message.text() == "Tag “agents” removed from 2 papers. Ctrl+Z brings it back."
    assert window.menu_actions.undo_action.text().replace("&", "") == "Undo Remove Tag 'agents'"
    press(window, Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.message.text().startswith("Undone"), timeout=WAIT_MS)
    assert all(window.library.paper(p).tags == ["agents"] for p in tagged)
    qtbot.waitUntil(lambda: sidebar_rows(window, "agents") == ["agents  2"], timeout=WAIT_MS)
    assert window.library.paper(tagged[0]).starred  # the step before stays done


def test_mark_all_read_from_the_sidebar_menu_is_undone_by_ctrl_z(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_S)
    to_sidebar_row(window, "daily_papers_sep9.txt")
    press(window, Key.Key_F10, SHIFT)
    choose_in_menu(qtbot, "Mark All Read")
    qtbot.waitUntil(lambda: all(p.read for p in window.library.papers()), timeout=WAIT_MS)
    press(window, Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.message.text().startswith("Undone"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not any(p.read for p in window.library.papers()), timeout=WAIT_MS)
    assert window.library.paper(window.model.row_at(0).id).starred  # the step before stays
