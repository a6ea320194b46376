"""UI test isolation (every test gets its own, empty QSettings store) and the main window
as a person finds it: shown, 1280×800, the active window, on a library with the example
digest offered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow
from tests.ui.user import activate


@pytest.fixture(autouse=True)
def fresh_settings(tmp_path: Path) -> None:
    """Qt caches where settings live for the whole process; point it at this test's folder."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


@pytest.fixture
def window(qtbot, library: Library, example_digest: Path) -> Iterator[MainWindow]:
    """The main window on an empty library, shown and active (test modules may override)."""
    win = MainWindow(library, example_digest=example_digest)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    activate(qtbot, win)
    yield win
    win.close()
