"""Windows and libraries set up for a test the way a user finds them: the library a copy of
one made once per module, the window shown and active, its list filled and focused."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow
from tests.ui.user import WAIT_MS, activate


@contextmanager
def library_copy(source: Path, folder: Path) -> Iterator[Library]:
    """A library opened on a copy of the one in ``source`` (so a test may change it)."""
    shutil.copytree(source, folder)
    with Library.open(folder) as library:
        yield library


@contextmanager
def listing_window(qtbot, library: Library, rows: int) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The main window on ``library``, shown and active, once it lists ``rows`` papers, with
    the list focused (the single-key shortcuts work); closed after its jobs end."""
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    activate(qtbot, window)
    qtbot.waitUntil(lambda: window.model.rowCount() == rows, timeout=WAIT_MS)
    window.table.setFocus()
    try:
        yield window
    finally:
        window.pool.waitForDone()
        window.close()
