"""Files dropped on the window: a bug while reading one never stops the others."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl

from readinglist.ui.main_window import MainWindow
from tests.ui.test_main_window import drop
from tests.ui.user import is_seen

WAIT_MS = 15_000


def write_ris(folder: Path, name: str, title: str) -> Path:
    path = folder / name
    path.write_text(f"TY  - JOUR\nTI  - {title}\nER  - \n", encoding="utf-8")
    return path


def drop_paths(window: MainWindow, *paths: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    drop(window, mime)


def titles(window: MainWindow) -> set[str]:
    return {p.title for p in window.library.papers()}


def test_a_bug_on_one_dropped_file_does_not_stop_the_files_after_it(
    qtbot, window: MainWindow, tmp_path: Path, bug_in
) -> None:
    first = write_ris(tmp_path, "first.ris", "First paper")
    bad = write_ris(tmp_path, "bad.ris", "Bad paper")
    last = write_ris(tmp_path, "last.ris", "Last paper")
    bug_in("bad.ris")
    drop_paths(window, first, bad, last)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "failed" in window.message.text(), timeout=WAIT_MS)
    assert titles(window) == {"First paper", "Last paper"}
    assert "2 new" in window.message.text()
    assert "1 file failed: bad.ris: unexpected error: a bug in a reader" in window.message.text()
    assert is_seen(window.message)


def test_a_bug_on_one_file_of_a_dropped_folder_does_not_stop_the_others(
    qtbot, window: MainWindow, tmp_path: Path, bug_in
) -> None:
    folder = tmp_path / "digests"
    folder.mkdir()
    for name, title in (("a.ris", "Paper A"), ("b.ris", "Paper B"), ("c.ris", "Paper C")):
        write_ris(folder, name, title)
    bug_in("b.ris")
    drop_paths(window, folder)
    qtbot.waitUntil(lambda: "failed" in window.message.text(), timeout=WAIT_MS)
    assert titles(window) == {"Paper A", "Paper C"}
    assert "1 file failed: b.ris: unexpected error" in window.message.text()
