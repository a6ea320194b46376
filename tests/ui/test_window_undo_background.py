"""A heavy undo (papers removed by the thousand coming back) runs off the GUI thread: the
window keeps answering keys while it runs, a second Ctrl+Z meanwhile waits its turn, and
the list shows the result when it is done."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, press

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def held_restore(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Restoring removed papers waits until the test lets it go (at most WAIT_MS: on a
    window that restores on its GUI thread the test fails instead of hanging)."""
    release = threading.Event()
    real = Library.restore_deleted

    def held(self: Library, removed: object) -> list[int]:
        release.wait(WAIT_MS / 1000)
        return real(self, removed)  # type: ignore[arg-type]

    monkeypatch.setattr(Library, "restore_deleted", held)
    yield release
    release.set()


def test_undoing_a_removal_runs_in_the_background_and_a_second_ctrl_z_waits_its_turn(
    qtbot, window: MainWindow, held_restore: threading.Event
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_S)  # the first paper starred: the older change
    starred = window.current_id()
    press(window, Key.Key_J)
    for _ in range(2):
        press(window, Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    removed = window.selected_ids()
    press(window, Key.Key_Delete)
    assert window.model.rowCount() == 111
    shown = window.current_id()

    press(window, Key.Key_Z, CTRL)
    assert window.message.text() == "Undoing Remove (3 Papers)…"
    press(window, Key.Key_J)  # the window still answers while the papers come back
    assert window.current_id() != shown
    current = window.current_id()
    assert current is not None
    assert window.library.paper(current).title in window.detail.title_label.text()
    press(window, Key.Key_Z, CTRL)  # waits for the removal's undo, then undoes the star
    assert window.message.text() == "Waiting for the step running…"
    assert window.library.paper(starred).starred

    held_restore.set()
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.library.paper(starred).starred, timeout=WAIT_MS)
    assert set(removed) <= set(window.model.ids())
    assert window.message.text() == "Undone: Star"
    assert not any(window.model.row_at(n).starred for n in range(114))
    assert window.edits.stack.undoText().startswith("Import of")  # both undone, in order
    assert window.edits.stack.redoText() == "Star"


def test_the_count_beside_the_search_follows_a_removal_and_its_undo(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    for _ in range(2):
        press(window, Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(window, Key.Key_Delete)
    assert window.count_label.text() == "111 of 111"
    press(window, Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.count_label.text() == "114 of 114", timeout=WAIT_MS)


def test_a_change_made_while_an_undo_runs_in_the_background_waits_its_turn_without_blocking(
    qtbot, window: MainWindow, held_restore: threading.Event
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    for _ in range(2):
        press(window, Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(window, Key.Key_Delete)
    assert window.model.rowCount() == 111
    press(window, Key.Key_Z, CTRL)
    assert window.message.text() == "Undoing Remove (3 Papers)…"

    press(window, Key.Key_J)
    starred = window.current_id()
    assert starred is not None
    press(window, Key.Key_S)  # queued behind the undo: the window does not wait for it
    assert window.message.text() == "Starred 1 paper once the step running has finished"
    assert not window.library.paper(starred).starred
    press(window, Key.Key_J)  # and keeps answering keys
    assert window.current_id() != starred
    assert window.model.rowCount() == 111

    held_restore.set()
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.message.text() == "Done: Star", timeout=WAIT_MS)
    assert window.library.paper(starred).starred
    position = window.model.position_of(starred)
    assert position is not None and window.model.row_at(position).starred
    assert window.edits.stack.undoText() == "Star"  # after the undo of the removal, in order
    assert window.edits.stack.redoText() == ""  # the star, made after it, ended redoing it
    press(window, Key.Key_Z, CTRL)
    assert window.message.text() == "Undone: Star"
    assert not window.library.paper(starred).starred


def test_papers_removed_while_an_undo_runs_go_once_it_has_finished(
    qtbot, window: MainWindow, held_restore: threading.Event
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    first = window.current_id()
    press(window, Key.Key_Delete)
    assert window.model.rowCount() == 113
    press(window, Key.Key_Z, CTRL)  # the first paper comes back in the background
    second = window.current_id()
    assert second is not None and second != first
    press(window, Key.Key_Delete)  # queued: the list keeps the paper until it goes
    assert window.message.text() == "Removing 1 paper once the step running has finished"
    assert second in window.model.ids()
    held_restore.set()
    qtbot.waitUntil(lambda: window.message.text() == "Done: Remove", timeout=WAIT_MS)
    assert first in window.model.ids()
    assert second not in window.model.ids()
    assert window.count_label.text() == "113 of 113"
