"""Undoing everything, Ctrl+Z after Ctrl+Z back to before the import, leaves the library as
it was: empty, the first-run page showing. Papers whose star, read mark or tag had been
undone counted as "annotated" (an annotation row with every mark off was left behind), so
undoing the import kept them: two papers of no digest stayed in "All"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, is_seen, press, type_text

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def all_count(window: MainWindow) -> str:
    model = window.sidebar_model
    library = model.index(0, 0)
    return str(model.index(0, 0, library).data())


def test_undoing_every_step_empties_the_library_again(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_S)  # star the first paper
    press(window, Key.Key_J)
    press(window, Key.Key_Space)  # read the second
    press(window, Key.Key_T)
    type_text(window, "agents")
    press(window, Key.Key_Return)  # and tag it
    for step in ("Add Tag 'agents'", "Mark Read", "Star"):
        press(window, Key.Key_Z, CTRL)
        qtbot.waitUntil(lambda step=step: window.message.text() == f"Undone: {step}")
    press(window, Key.Key_Z, CTRL)
    qtbot.waitUntil(
        lambda: window.message.text() == "Undone: Import of daily_papers_sep9.txt",
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=WAIT_MS)
    assert window.library.papers() == []
    qtbot.waitUntil(lambda: all_count(window) == "All  0", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: is_seen(window.empty_state), timeout=WAIT_MS)
    press(window, Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # redo the import
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    assert not any(p.starred or p.read or p.tags for p in window.library.papers())
