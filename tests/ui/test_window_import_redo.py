"""Redo of an import brings back exactly what was undone: the bytes the import read, not
what its file holds by the time of the redo."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from readinglist.ui import import_replay
from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_import import drop_paths
from tests.ui.test_window_undo import edit_menu_texts
from tests.ui.user import WAIT_MS, press

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_redo_of_an_import_brings_back_what_was_undone_though_the_file_changed(
    qtbot, window: MainWindow, example_digest: Path, tmp_path: Path
) -> None:
    digest = tmp_path / example_digest.name
    digest.write_bytes(example_digest.read_bytes())  # a file of the user's, edited below
    drop_paths(window, digest)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "114 new" in window.message.text(), timeout=WAIT_MS)
    imported = sorted(window.model.row_at(n).title for n in range(114))
    window.table.setFocus()
    press(window, Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=WAIT_MS)

    first_line = example_digest.read_text(encoding="utf-8").splitlines()[0]
    digest.write_text(first_line + "\n", encoding="utf-8")  # the user kept one line of it
    press(window, Key.Key_Z, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "114 new" in window.message.text(), timeout=WAIT_MS)
    assert sorted(window.model.row_at(n).title for n in range(114)) == imported
    assert [d.source_name for d in window.library.digests()] == [digest.name]
    assert edit_menu_texts(window)[0] == f"Undo Import of {digest.name}"

    digest.unlink()  # gone from the disk: undo and redo still work from what was kept
    press(window, Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=WAIT_MS)
    press(window, Key.Key_Z, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)


def test_the_bytes_kept_for_a_redo_are_read_by_the_import_worker_not_the_window(
    qtbot,
    window: MainWindow,
    example_digest: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading (and hashing) the imported files again for the redo happens in the import's
    worker, which hands them over with its result: the window's thread never reads them."""
    readers: list[threading.Thread] = []
    real_read = import_replay._read

    def read(path: Path) -> bytes | None:
        readers.append(threading.current_thread())
        return real_read(path)

    monkeypatch.setattr(import_replay, "_read", read)
    digest = tmp_path / example_digest.name
    digest.write_bytes(example_digest.read_bytes())
    drop_paths(window, digest)
    qtbot.waitUntil(lambda: "114 new" in window.message.text(), timeout=WAIT_MS)
    assert readers, "the bytes of the file were kept for a redo"
    assert threading.main_thread() not in readers

    window.table.setFocus()
    press(window, Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=WAIT_MS)
    digest.write_text("", encoding="utf-8")  # emptied: the redo imports what was kept
    press(window, Key.Key_Z, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    assert threading.main_thread() not in readers
