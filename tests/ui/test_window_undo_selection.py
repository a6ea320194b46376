"""Delete, then Ctrl+Z: the papers that come back are selected again, so the next key acts
on them. The cursor used to stay where the removal left it, and a Space or S meant for the
paper just brought back marked another one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, press

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def test_ctrl_z_after_delete_selects_the_papers_brought_back(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_J)
    press(window, Key.Key_J)
    press(window, Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    removed = window.selected_ids()
    assert len(removed) == 2
    press(window, Key.Key_Delete)
    qtbot.waitUntil(lambda: window.model.rowCount() == 112, timeout=WAIT_MS)
    neighbour = window.current_id()
    assert neighbour is not None and neighbour not in removed
    press(window, Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "Undone" in window.message.text(), timeout=WAIT_MS)
    assert window.current_id() == removed[0]
    assert window.selected_ids() == removed
    assert window.detail.current_paper_id() == removed[0]
    press(window, Key.Key_S)  # the next key stars the papers brought back
    assert all(window.library.paper(pid).starred for pid in removed)
    assert not window.library.paper(neighbour).starred
