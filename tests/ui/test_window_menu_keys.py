"""The context menus open from the keyboard: Shift+F10 or the Menu key on the paper list
pops the paper menu up beside the current paper, and on the sidebar the menu of the tag or
digest under the cursor. Both keys did nothing (the menus opened on a right-click only)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, focused, is_seen, press, tag_with_keys

Key = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
# Menus grab the keyboard; the offscreen platform says it cannot (harmless here).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


def popped_menu(qtbot) -> QMenu:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=WAIT_MS)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu) and is_seen(menu)
    return menu


def entries(menu: QMenu) -> list[str]:
    return [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]


@pytest.mark.parametrize("keys", [(Key.Key_F10, SHIFT), (Key.Key_Menu,)], ids=["shift-f10", "menu"])
def test_the_menu_key_opens_the_paper_menu_beside_the_current_paper(
    qtbot, window: MainWindow, keys: tuple
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    for _ in range(3):
        press(window, Key.Key_J)
    paper_id = window.current_id()
    press(window, *keys)
    menu = popped_menu(qtbot)
    assert "Toggle Star" in entries(menu) and "Remove" in entries(menu)
    row = window.table.visualRect(window.table.currentIndex())
    row_on_screen = QRect(window.table.viewport().mapToGlobal(row.topLeft()), row.size())
    assert abs(menu.geometry().top() - row_on_screen.center().y()) <= row.height()
    QTest.keyClick(menu, Key.Key_Down)  # Toggle Read (the menu has the keyboard)
    QTest.keyClick(menu, Key.Key_Down)  # Toggle Star
    assert menu.activeAction() is not None
    assert menu.activeAction().text().startswith("Toggle Star")
    QTest.keyClick(menu, Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=WAIT_MS)
    assert window.library.paper(paper_id).starred
    assert window.model.row_at(3).starred
    assert focused(window) is window.table  # the keys are back on the list


def test_shift_f10_in_the_sidebar_opens_the_menu_of_the_tag_under_the_cursor(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    tag_with_keys(window, "agents")
    press(window, Key.Key_Backtab, SHIFT)
    press(window, Key.Key_Backtab, SHIFT)
    assert focused(window) is window.sidebar
    tag = window.sidebar_model.match(
        window.sidebar_model.index(0, 0),
        Qt.ItemDataRole.DisplayRole,
        "agents",
        1,
        Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive,
    )[0]
    window.sidebar.setCurrentIndex(tag)
    press(window, Key.Key_F10, SHIFT)
    menu = popped_menu(qtbot)
    assert entries(menu) == ["Rename Tag…", "Delete Tag"]
    spot = window.sidebar.visualRect(tag)
    assert menu.geometry().top() >= window.sidebar.viewport().mapToGlobal(QPoint(0, spot.top())).y()
    menu.close()
