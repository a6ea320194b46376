"""T on several selected papers tags them all, as Space and S mark them all and the Paper
menu says ("acting on the selected papers"): it tagged only the paper shown in the detail
pane, the last one the selection reached."""

from __future__ import annotations

from PySide6.QtCore import Qt

from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import PaperTableModel
from tests.ui.test_window_count_wording import tag_row
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, focused, press, tag_with_keys

Key = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier


def tags_shown(window: MainWindow, row: int) -> str:
    index = window.model.index(row, PaperTableModel.TAGS)
    return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


def test_t_tags_every_selected_paper_and_ctrl_z_untags_them(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_Down, SHIFT)
    press(window, Key.Key_Down, SHIFT)
    chosen = window.selected_ids()
    assert len(chosen) == 3
    tag_with_keys(window, "agents")
    assert window.message.text() == "Tag “agents” added to 3 papers"
    assert all("agents" in window.library.paper(pid).tags for pid in chosen)
    assert focused(window) is window.table and window.selected_ids() == chosen
    qtbot.waitUntil(lambda: [tags_shown(window, r) for r in range(3)] == ["agents"] * 3)
    assert tags_shown(window, 3) == ""
    qtbot.waitUntil(lambda: tag_row(window, "agents").data() == "agents  3", timeout=WAIT_MS)
    press(window, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.message.text().startswith("Undone"), timeout=WAIT_MS)
    assert not any(window.library.paper(pid).tags for pid in chosen)


def test_t_on_one_paper_tags_that_paper_only(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_J)
    shown = window.current_id()
    tag_with_keys(window, "agents")
    assert window.message.text() == "Tag “agents” added"
    assert [p.id for p in window.library.papers() if p.tags] == [shown]
