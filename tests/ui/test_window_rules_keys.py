"""The Rules dialog by keys alone: Enter in its form adds the rule typed (the dialog's
default button was Remove Rule, first in the Tab order: Enter removed a rule the user had
and added nothing), Delete in its list removes the rule chosen there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMenu

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, is_seen, press

Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


def open_rules(qtbot, window: MainWindow) -> QDialog:  # type: ignore[no-untyped-def]
    """Subscriptions > Rules… from the keyboard (Alt+S, R); the dialog has the keys."""
    press(window, Key.Key_S, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=WAIT_MS)
    QTest.keyClick(QApplication.activePopupWidget(), Key.Key_R)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog), timeout=WAIT_MS)
    dialog = QApplication.activeModalWidget()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT_MS)
    return dialog


def key(dialog: QDialog, which: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    QTest.keyClick(dialog.windowHandle(), which, modifier)


def typed(dialog: QDialog, text: str) -> None:
    for char in text:
        QTest.keyClick(dialog.windowHandle(), Qt.Key(ord(char.upper())))


def rules_listed(dialog: QDialog) -> list[str]:
    return [dialog.list.item(n).text() for n in range(dialog.list.count())]


def test_enter_in_the_rules_form_adds_the_rule_and_delete_removes_it(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    window.library.subscriptions.add_rule("title:benchmark", "highlight", "", None, "")
    dialog = open_rules(qtbot, window)
    kept = "title:benchmark -> highlight   [everywhere]"
    assert rules_listed(dialog) == [kept]
    key(dialog, Key.Key_Q, ALT)  # &Query:
    assert QApplication.focusWidget() is dialog.query
    typed(dialog, "video")
    key(dialog, Key.Key_Return)
    assert dialog.isVisible()
    assert rules_listed(dialog) == [kept, "video -> hide   [everywhere]"]
    assert dialog.message.text() == "Added. It acts on papers that arrive from now on."
    assert is_seen(dialog.message)
    assert dialog.query.text() == ""
    assert QApplication.focusWidget() is dialog.query  # ready for the next rule
    assert [r.query for r in window.library.subscriptions.rules()] == ["title:benchmark", "video"]
    key(dialog, Key.Key_N, ALT)  # &Name: Enter there adds the rule too
    typed(dialog, "tagged")
    key(dialog, Key.Key_Q, ALT)
    typed(dialog, "agents")
    key(dialog, Key.Key_N, ALT)
    key(dialog, Key.Key_Return)
    assert len(rules_listed(dialog)) == 3
    assert QApplication.focusWidget() is dialog.query
    key(dialog, Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)  # Remove Rule
    key(dialog, Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)  # the list
    assert QApplication.focusWidget() is dialog.list
    key(dialog, Key.Key_End)  # the rule added last
    key(dialog, Key.Key_Delete)
    assert rules_listed(dialog) == [kept, "video -> hide   [everywhere]"]
    assert [r.query for r in window.library.subscriptions.rules()] == ["title:benchmark", "video"]
    key(dialog, Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
