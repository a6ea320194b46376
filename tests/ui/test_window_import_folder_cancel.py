"""A folder dropped on the window is imported file by file with Cancel working: Cancel (or
closing the window) stops it, the file being stored is rolled back and the files after it
are not imported. The folder's import never looked at Cancel: every file was imported,
and closing the window waited for all of them."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QUrl

from readinglist.ui.main_window import MainWindow
from tests.conftest import CORPUS
from tests.ui.test_main_window import drop
from tests.ui.user import WAIT_MS, click, is_seen

FOLDER = CORPUS / "markdown_lists"


def test_cancel_stops_the_import_of_a_dropped_folder(qtbot, window: MainWindow) -> None:
    files = sorted(p for p in FOLDER.iterdir() if p.suffix == ".md")
    assert len(files) > 5
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(FOLDER))])
    drop(window, mime)
    assert is_seen(window.imports.cancel_button)
    click(window.imports.cancel_button)
    qtbot.waitUntil(lambda: window.imports.job is None, timeout=WAIT_MS)
    kept = window.library.digests()
    not_imported = len(files) - len(kept)
    assert f"; cancelled: {not_imported} files not imported" in window.message.text()
    assert "failed" not in window.message.text()
    assert len(kept) <= 1  # at most the file stored before Cancel was clicked
    assert window.model.rowCount() == len(window.library.papers())
