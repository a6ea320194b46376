"""Undoing an import runs off the GUI thread (at 100,000 papers removing a digest and
reading every row again froze the window for 1–2 s): while it runs the status bar says so,
keys and searches still answer, a change asked meanwhile waits its turn, and then the
digest's papers are gone from the list, the sidebar and the library."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_import import drop_paths
from tests.ui.test_window_search import search_for
from tests.ui.test_window_sidebar_counts import entries, fresh_count
from tests.ui.user import WAIT_MS, click, is_seen, press

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
OLDER = "An older paper"


@pytest.fixture
def library(data_dir: Path) -> Iterator[Library]:
    """A library with one digest of two papers before the import (the shared ``window``
    fixture opens on it)."""
    library = Library.open(data_dir)
    library.import_records([PaperRecord(title="A first paper"), PaperRecord(title=OLDER)], "old")
    yield library
    library.close()


@pytest.fixture
def held_removal(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Removing a digest waits until the test lets it go (at most WAIT_MS: on a window
    that removes it on its GUI thread the test fails instead of hanging)."""
    release = threading.Event()
    real = Library.remove_digest

    def held(self: Library, digest_id: int) -> int:
        release.wait(WAIT_MS / 1000)
        return real(self, digest_id)

    monkeypatch.setattr(Library, "remove_digest", held)
    yield release
    release.set()


def import_example(qtbot, window: MainWindow, example_digest: Path) -> None:  # type: ignore[no-untyped-def]
    drop_paths(window, example_digest)
    qtbot.waitUntil(lambda: window.model.rowCount() == 116, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "114 new" in window.message.text(), timeout=WAIT_MS)


def assert_only_the_old_digest_left(window: MainWindow) -> None:
    """The list, the sidebar (labels and counts) and the library as before the import."""
    shown = entries(window.sidebar_model)
    assert shown == fresh_count(window.library.directory)
    assert shown["All"] == "2"
    assert not any("example" in label.lower() for label in shown)
    assert [d.source_name for d in window.library.digests()] == ["old"]
    assert window.library.stats().papers == 2


def test_the_undo_import_button_runs_in_the_background_and_the_window_answers(
    qtbot, window: MainWindow, example_digest: Path, held_removal: threading.Event
) -> None:
    import_example(qtbot, window, example_digest)
    window.table.setFocus()
    shown = window.current_id()
    assert is_seen(window.undo_import_button)
    click(window.undo_import_button)
    assert window.message.text() == "Undoing import…"
    press(window, Key.Key_J)  # the window answers while the digest is being removed
    assert window.current_id() != shown
    current = window.current_id()
    assert current is not None
    assert window.library.paper(current).title in window.detail.title_label.text()
    assert window.model.rowCount() == 116  # nothing removed yet

    held_removal.set()
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.message.text() == "Import undone.", timeout=WAIT_MS)
    assert_only_the_old_digest_left(window)
    assert not window.undo_import_button.isVisible()


def test_ctrl_z_on_an_import_keeps_searches_and_queued_changes_in_order(
    qtbot, window: MainWindow, example_digest: Path, held_removal: threading.Event
) -> None:
    import_example(qtbot, window, example_digest)
    window.table.setFocus()
    press(window, Key.Key_Z, CTRL)
    assert window.message.text() == f"Undoing Import of {example_digest.name}…"
    search_for(qtbot, window, "older", 1)  # a search answers while the step is held
    press(window, Key.Key_Return)  # back to the list, on the paper found
    older = window.current_id()
    assert older is not None and window.library.paper(older).title == OLDER
    press(window, Key.Key_S)  # a change asked meanwhile waits for the undo
    assert window.message.text() == "Starred 1 paper once the step running has finished"
    assert not window.library.paper(older).starred

    held_removal.set()
    qtbot.waitUntil(lambda: window.library.paper(older).starred, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(window.list.rows) == 2, timeout=WAIT_MS)
    assert window.model.rowCount() == 1  # the search still filters the list
    assert window.model.row_at(0).id == older and window.model.row_at(0).starred
    assert_only_the_old_digest_left(window)
    assert window.edits.stack.undoText() == "Star"  # the undo first, then the star
    assert window.edits.stack.index() == 1
