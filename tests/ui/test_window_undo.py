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
from tests.ui.user import WAIT_MS, activate, click, is_seen, press

Key = Qt.Key


@pytest.fixture
def quick_library(data_dir: Path) -> Iterator[Library]:
    """A library that says "busy" after 0.2 s instead of the usual wait."""
    library = Library.open(data_dir, busy_timeout=0.2)
    yield library
    library.close()


@pytest.fixture
def window(qtbot, quick_library: Library, example_digest: Path) -> Iterator[MainWindow]:
    win = MainWindow(quick_library, example_digest=example_digest)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    activate(qtbot, win)
    yield win
    win.close()


def test_a_failed_undo_of_an_import_says_why_and_keeps_the_papers(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    assert is_seen(window.undo_import_button)
    other_writer = sqlite3.connect(paths.database_path(window.library.directory))
    other_writer.execute("BEGIN IMMEDIATE")  # e.g. the command line importing meanwhile
    try:
        click(window.undo_import_button)
        assert "busy" in window.message.text()
        assert "Import undone" not in window.message.text()
        assert window.model.rowCount() == 114
        assert is_seen(window.undo_import_button)  # try again once the other writer is done
    finally:
        other_writer.rollback()
        other_writer.close()
    click(window.undo_import_button)
    assert window.message.text() == "Import undone."
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
    assert window.message.text() == "Starred 1 paper(s)"
    assert window.library.stats().papers == 114
