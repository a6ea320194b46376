"""Counts of one paper read in English where the window shows them: a tag's tooltip in the
sidebar ("1 paper tagged “agents”") and the Rules dialog's count as a query is typed
("Would match 1 paper in the last digests"); both said "1 papers"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.test_window_rules_keys import key, open_rules, typed
from tests.ui.user import WAIT_MS, is_seen, tag_with_keys

Key = Qt.Key
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


def tag_row(window: MainWindow, name: str):  # type: ignore[no-untyped-def]
    model = window.sidebar_model
    found = model.match(
        model.index(0, 0),
        Qt.ItemDataRole.DisplayRole,
        name,
        1,
        Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive,
    )
    return found[0]


def test_a_tag_on_one_paper_says_one_paper(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    tag_with_keys(window, "agents")
    qtbot.waitUntil(lambda: tag_row(window, "agents") is not None, timeout=WAIT_MS)
    row = tag_row(window, "agents")
    assert window.sidebar.visualRect(row).isValid()  # the row the pointer hovers
    assert "1 paper tagged “agents”" in row.data(Qt.ItemDataRole.ToolTipRole)
    assert "papers" not in row.data(Qt.ItemDataRole.ToolTipRole)


def test_the_rules_count_of_one_paper_says_one_paper(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    dialog = open_rules(qtbot, window)
    key(dialog, Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    typed(dialog, "xolver")
    qtbot.waitUntil(lambda: dialog.count.text() != "", timeout=WAIT_MS)
    assert dialog.count.text() == "Would match 1 paper in the last digests"
    assert is_seen(dialog.count)
    key(dialog, Key.Key_Escape)
