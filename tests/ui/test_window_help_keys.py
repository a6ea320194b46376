"""F1 lists every key the window answers to: the menus' keys included (F5, redo,
the preferences, For you and Inbox keys were missing; X for "Not interested" too), and the keys of
no menu (Home/End, Escape, Tab)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QTextBrowser

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import is_seen, press


def test_f1_lists_the_key_of_every_menu_entry(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    menu_keys = {
        action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        or action.text().partition("\t")[2].strip()  # a single key, written in the entry
        for menu in window.findChildren(QMenu)
        for action in menu.actions()
    } - {""}
    assert {"F5", "S", "Space", "Ctrl+Shift+I"} <= menu_keys
    seen: dict[str, object] = {}

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            seen["text"] = dialog.findChild(QTextBrowser).toPlainText()
            seen["shown"] = is_seen(dialog.findChild(QTextBrowser))
            dialog.reject()
        else:
            QTimer.singleShot(20, read_and_close)

    QTimer.singleShot(20, read_and_close)
    press(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: "text" in seen)
    assert seen["shown"]
    text = str(seen["text"])
    listed = {line.split("\t")[0].strip() for line in text.splitlines()}
    missing = sorted(
        key for key in menu_keys if key not in listed and not any(key in k for k in listed)
    )
    assert missing == []
    for key in ("X", "Home / End", "Escape", "Tab / Shift+Tab", "Ctrl+Tab"):  # no menu
        assert key in listed
