"""Undo the way a person meets it: the Undo import button after an import, Ctrl+Z and the
Edit menu after tags, notes and removals."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from readinglist import paths
from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, click, is_seen, press, tag_with_keys, type_text

Key = Qt.Key


@pytest.fixture
def library(data_dir: Path) -> Iterator[Library]:
    """A library that says "busy" after 0.2 s instead of the usual wait (the shared
    ``window`` fixture opens on it)."""
    library = Library.open(data_dir, busy_timeout=0.2)
    yield library
    library.close()


def test_a_failed_undo_of_an_import_says_why_and_keeps_the_papers(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    assert is_seen(window.undo_import_button)
    other_writer = sqlite3.connect(paths.database_path(window.library.directory))
    other_writer.execute("BEGIN IMMEDIATE")  # e.g. the command line importing meanwhile
    try:
        click(window.undo_import_button)  # the undo runs in the background: wait for it
        qtbot.waitUntil(lambda: "busy" in window.message.text(), timeout=WAIT_MS)
        assert "Import undone" not in window.message.text()
        assert window.model.rowCount() == 114
        assert is_seen(window.undo_import_button)  # try again once the other writer is done
    finally:
        other_writer.rollback()
        other_writer.close()
    click(window.undo_import_button)
    qtbot.waitUntil(lambda: window.message.text() == "Import undone.", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=WAIT_MS)
    assert window.library.digests() == []
    assert not window.undo_import_button.isVisible()


def test_undo_import_leaves_the_status_bar_once_the_user_moves_on(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    assert is_seen(window.undo_import_button)
    window.table.setFocus()
    press(window, Key.Key_S)  # the next change: the import is no longer the last thing done
    assert not window.undo_import_button.isVisible()
    assert window.message.text() == "Starred 1 paper"
    assert window.library.stats().papers == 114


def edit_menu_texts(window: MainWindow) -> list[str]:
    """The entries of the Edit menu, as the menu shows them (mnemonics removed)."""
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    return [
        a.text().replace("&&", "\0").replace("&", "").replace("\0", "&") for a in menu.actions()
    ]


def test_ctrl_z_undoes_the_tag_just_typed_not_an_older_change(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    first = window.current_id()
    press(window, Key.Key_S)  # an older change, on another paper
    press(window, Key.Key_J)
    second = window.current_id()
    tag_with_keys(window, "agents")
    assert "agents" in window.library.paper(second).tags
    assert edit_menu_texts(window)[0] == "Undo Add Tag 'agents'"
    press(window, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.library.paper(second).tags == []
    assert window.library.paper(first).starred
    assert window.message.text() == "Undone: Add Tag 'agents'"
    assert window.detail.current_paper_id() == second
    assert not window.detail.tags.chips.isVisible()  # no chip left
    assert edit_menu_texts(window)[:2] == ["Undo Star", "Redo Add Tag 'agents'"]
    press(window, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.library.paper(first).starred


def test_notes_typed_in_a_row_are_one_undo_step(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    paper_id = window.current_id()
    press(window, Key.Key_N)
    type_text(window, "ab")
    qtbot.waitUntil(lambda: window.library.paper(paper_id).notes == "ab", timeout=WAIT_MS)
    type_text(window, "cd")
    press(window, Key.Key_Escape)  # saves, and back to the list
    assert window.library.paper(paper_id).notes == "abcd"
    assert edit_menu_texts(window)[0] == "Undo Edit Notes"
    press(window, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.library.paper(paper_id).notes == ""
    assert window.detail.notes_edit.toPlainText() == ""
    assert window.message.text() == "Undone: Edit Notes"
    press(
        window, Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.library.paper(paper_id).notes == "abcd"
    assert window.detail.notes_edit.toPlainText() == "abcd"


def test_undoing_a_removal_puts_the_papers_back_in_place_with_their_annotations(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_J)
    press(window, Key.Key_J)
    tagged = window.current_id()
    tag_with_keys(window, "keep")
    press(window, Key.Key_N)
    type_text(window, "mine")
    press(window, Key.Key_Escape)
    shown_before = window.model.ids()
    for _ in range(2):
        press(window, Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    removed = window.selected_ids()
    assert len(removed) == 3 and removed[0] == tagged
    press(window, Key.Key_Delete)
    assert window.model.rowCount() == 111
    assert "Removed 3 papers" in window.message.text()
    press(window, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    assert window.model.ids() == shown_before  # same ids, same places
    assert window.message.text() == "Undone: Remove (3 Papers)"
    paper = window.library.paper(tagged)
    assert (paper.tags, paper.notes) == (["keep"], "mine")
    assert len(window.library.digests()) == 1
    window.select_paper(tagged)
    assert window.detail.notes_edit.toPlainText() == "mine"
    press(  # and redo removes the same papers again
        window, Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: window.model.rowCount() == 111, timeout=WAIT_MS)
    assert not set(removed) & set(window.model.ids())
