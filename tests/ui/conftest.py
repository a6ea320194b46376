"""UI test isolation (every test gets its own, empty QSettings store) and the main window
as a person finds it: shown, 1280×800, the active window, on a library with the example
digest offered."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from readinglist.core.library import Library
from readinglist.storage import rows as rows_db
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


@pytest.fixture
def full_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The threads that read every row of the library (the seam all row reads go through):
    a fetch or an import should read only the rows of the papers it stored."""
    seen: list[str] = []
    real = rows_db.paper_rows

    def recording(conn, order, ids=None, limit=None):  # type: ignore[no-untyped-def]
        if ids is None and limit is None:
            seen.append(threading.current_thread().name)
        return real(conn, order, ids, limit)

    monkeypatch.setattr(rows_db, "paper_rows", recording)
    return seen
