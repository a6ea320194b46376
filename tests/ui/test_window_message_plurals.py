"""The status bar counts papers in English: "Marked 1 paper read", "Starred 114 papers",
"Removed 1 paper. Ctrl+Z brings it back." (every triage key said "1 paper(s)")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, press

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def test_triage_keys_count_one_paper_and_many_papers(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_Space)
    assert window.message.text() == "Marked 1 paper read"
    press(window, Key.Key_Space)
    assert window.message.text() == "Marked 1 paper unread"
    press(window, Key.Key_S)
    assert window.message.text() == "Starred 1 paper"
    press(window, Key.Key_S)
    assert window.message.text() == "Removed the star from 1 paper"
    press(window, Key.Key_A, CTRL)
    press(window, Key.Key_S)
    assert window.message.text() == "Starred 114 papers"
    press(window, Key.Key_J)  # one paper selected again
    press(window, Key.Key_Delete)
    assert window.message.text() == "Removed 1 paper. Ctrl+Z brings it back."
    qtbot.waitUntil(lambda: window.model.rowCount() == 113, timeout=WAIT_MS)
    press(window, Key.Key_A, CTRL)
    press(window, Key.Key_Delete)
    assert window.message.text() == "Removed 113 papers. Ctrl+Z brings them back."


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_copy_from_the_paper_menu_counts_one_paper(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=WAIT_MS)
    menu = QApplication.activePopupWidget()
    for _ in range(len(menu.actions())):  # down the menu to its entry
        QTest.keyClick(menu, Key.Key_Down)
        if menu.activeAction() and menu.activeAction().text() == "Copy as Markdown":
            break
    QTest.keyClick(menu, Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=WAIT_MS)
    assert window.message.text() == "Copied 1 paper."
    assert "VATT" in QApplication.clipboard().text()
