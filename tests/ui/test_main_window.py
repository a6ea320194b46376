from __future__ import annotations

from pathlib import Path

from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow


def test_window_lists_the_library(qtbot, library: Library, example_digest: Path) -> None:
    library.import_path(example_digest)
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.titles.rowCount() == 114
    assert window.titles.stringList()[0].startswith("VATT")
    assert window.summary.text() == "114 papers, 114 unread, 0 starred, from 1 digest"


def test_empty_library_says_how_to_import(qtbot, library: Library) -> None:
    window = MainWindow(library)
    qtbot.addWidget(window)
    assert window.titles.rowCount() == 0
    assert "readinglist import" in window.summary.text()
