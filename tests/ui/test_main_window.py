"""The main window end to end: offscreen, no mouse, no threads left behind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from readinglist.core.library import Library
from readinglist.ui.dnd import ImportSource
from readinglist.ui.main_window import MainWindow, summarize_reports
from tests.conftest import drag_enter_event

WAIT_MS = 15_000


@pytest.fixture
def window(qtbot, library: Library, example_digest: Path) -> Iterator[MainWindow]:
    win = MainWindow(library, example_digest=example_digest)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    win.close()


def import_example(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.import_example()
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.imports.job is None, timeout=WAIT_MS)


def drop(window: MainWindow, mime: QMimeData) -> None:
    point = QPointF(200, 200)
    enter = drag_enter_event(mime, 200, 200)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        point,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)


def test_first_run_shows_the_empty_state_then_the_example(qtbot, window: MainWindow) -> None:
    assert window.center.currentWidget() is window.empty_state
    import_example(qtbot, window)
    assert window.center.currentWidget() is window.table
    assert "114 new" in window.message.text()
    assert window.undo_import_button.isVisible()


def test_undo_import_removes_the_digest(qtbot, window: MainWindow) -> None:
    import_example(qtbot, window)
    window.undo_last_import()  # the digest is removed in the background
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=WAIT_MS)
    assert window.library.digests() == []


def test_dropping_a_file_imports_it(qtbot, window: MainWindow, example_digest: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(example_digest))])
    drop(window, mime)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)


def test_dropping_text_imports_it(qtbot, window: MainWindow, example_digest: Path) -> None:
    mime = QMimeData()
    mime.setText(example_digest.read_text(encoding="utf-8"))
    drop(window, mime)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)


def test_a_bad_file_reports_the_error_without_crashing(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 8)
    window.start_import(
        [__import__("readinglist.ui.dnd", fromlist=["x"]).ImportSource("path", str(junk))]
    )
    qtbot.waitUntil(lambda: window.imports.job is None, timeout=WAIT_MS)
    assert "1 file failed: junk.bin: this is binary data" in window.message.text()
    assert window.model.rowCount() == 0


def test_cancel_rolls_the_import_back(qtbot, window: MainWindow, tmp_path: Path) -> None:
    big = tmp_path / "big.md"  # long enough to be cancelled while it is being stored
    big.write_text(
        "\n".join(
            f"- **Cancelled paper {n}**, Paper: [http://arxiv.org/abs/2501.{n:05d}]"
            f"(http://arxiv.org/abs/2501.{n:05d})"
            for n in range(20_000)
        )
    )
    window.start_import([ImportSource("path", str(big))])
    window.cancel_import()
    qtbot.waitUntil(lambda: window.imports.job is None, timeout=60_000)
    assert window.library.stats().papers == 0
    assert "cancelled" in window.message.text()


def test_search_as_you_type_changes_the_rows(qtbot, window: MainWindow) -> None:
    import_example(qtbot, window)
    window.search.setText("xolver")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=WAIT_MS)
    assert window.model.row_at(0).title.startswith("Xolver")
    window.search.setText("contnual")
    qtbot.waitUntil(lambda: window.suggestion.isVisible(), timeout=WAIT_MS)
    assert "continual" in window.suggestion.text()
    window.search.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)


def test_sidebar_filters(qtbot, window: MainWindow) -> None:
    from readinglist.ui.models.sidebar_model import SidebarFilter, SidebarModel

    import_example(qtbot, window)
    window.library.set_read([1, 2, 3])
    window.refresh_all()  # counted again by a worker
    unread = window.sidebar_model.index_for_filter(SidebarFilter("unread", None))
    qtbot.waitUntil(lambda: unread.data(SidebarModel.CountRole) == 111, timeout=WAIT_MS)
    window.sidebar.setCurrentIndex(unread)
    assert window.model.rowCount() == 111
    assert unread.data(SidebarModel.CountRole) == 111


def test_keyboard_triage_and_undo(qtbot, window: MainWindow) -> None:
    import_example(qtbot, window)
    window.table.setFocus()
    window.table.selectRow(0)
    first = window.current_id()
    qtbot.keyClick(window.table, Qt.Key.Key_Space)
    assert window.library.paper(first).read
    qtbot.keyClick(window.table, Qt.Key.Key_S)
    assert window.library.paper(first).starred
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.library.paper(first).starred
    qtbot.keyClick(window.table, Qt.Key.Key_J)
    assert window.current_id() != first
    second = window.current_id()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert window.model.position_of(second) is None
    assert window.library.stats().papers == 113
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # the removal comes back in the background: wait for the paper to be listed again
    qtbot.waitUntil(lambda: window.model.position_of(second) is not None, timeout=15_000)
    assert window.library.stats().papers == 114


def test_edits_survive_a_restart_of_the_window(
    qtbot, library: Library, example_digest: Path
) -> None:
    first = MainWindow(library, example_digest=example_digest)
    qtbot.addWidget(first)
    first.show()
    import_example(qtbot, first)
    first.table.selectRow(0)
    paper_id = first.current_id()
    first.detail.notes_edit.setPlainText("typed just before closing")
    first.close()  # within the notes debounce: must still be saved
    second = MainWindow(library, example_digest=example_digest)
    qtbot.addWidget(second)
    assert library.paper(paper_id).notes == "typed just before closing"
    second.close()


def test_summary_line() -> None:
    from readinglist.domain.entities import ImportReport

    reports = [
        ImportReport("a.txt", new=114, merged=3),
        ImportReport("x.bin", error="this is binary data"),
    ]
    assert summarize_reports(reports) == (
        "114 new, 3 merged, 0 unchanged; 1 file failed: x.bin: this is binary data"
    )


def test_similar_papers_arrive_from_the_background(qtbot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel

    import_example(qtbot, window)
    window.table.selectRow(0)
    qtbot.waitUntil(
        lambda: bool(window.detail.findChildren(QLabel, "similarPaper")), timeout=WAIT_MS
    )
    labels = window.detail.findChildren(QLabel, "similarPaper")
    assert 0 < len(labels) <= 5


def test_export_job_and_copy_as(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from readinglist.domain.entities import ExportOptions
    from readinglist.ui.context_menu import copy_as
    from readinglist.ui.export_dialog import ExportJob

    import_example(qtbot, window)
    target = tmp_path / "list.bib"
    job = ExportJob(window.library.directory, "bibtex", [1, 2], ExportOptions(), target)
    with qtbot.waitSignal(job.signals.finished, timeout=WAIT_MS) as done:
        window.pool.start(job)
    assert done.args == [f"Exported 2 papers to {target}", True]
    assert target.read_text(encoding="utf-8").count("@") == 2
    copy_as(window, [1], "md")
    assert "VATT" in QApplication.clipboard().text()


def test_tag_rename_through_the_library_shows_in_the_sidebar(qtbot, window: MainWindow) -> None:
    from readinglist.ui.models.sidebar_model import SidebarFilter

    import_example(qtbot, window)
    window.library.add_tags([1, 2], ["vid"])
    window.library.rename_tag("vid", "video")
    window.refresh_all()  # counted again by a worker
    qtbot.waitUntil(
        lambda: window.sidebar_model.index_for_filter(SidebarFilter("tag", "video")).isValid(),
        timeout=WAIT_MS,
    )
    index = window.sidebar_model.index_for_filter(SidebarFilter("tag", "video"))
    window.sidebar.setCurrentIndex(index)
    assert window.model.rowCount() == 2


def test_saved_searches_run_from_the_sidebar_and_survive_a_restart(
    qtbot, window: MainWindow, library: Library, example_digest: Path
) -> None:
    from readinglist.ui.models.sidebar_model import SidebarFilter

    import_example(qtbot, window)
    window.search.setText("xolver")
    window.save_search()
    assert window.saved_searches() == ["xolver"]
    window.search.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    saved = window.sidebar_model.index_for_filter(SidebarFilter("search", "xolver"))
    window.sidebar.setCurrentIndex(saved)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=WAIT_MS)
    window.close()
    again = MainWindow(library, example_digest=example_digest)
    qtbot.addWidget(again)
    assert again.sidebar_model.index_for_filter(SidebarFilter("search", "xolver")).isValid()
    again.close()


def test_a_large_list_shows_the_newest_rows_first_then_all(
    qtbot, library: Library, example_digest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readinglist.ui import paper_list

    library.import_path(example_digest)
    monkeypatch.setattr(paper_list, "FIRST_PAGE", 20)
    window = MainWindow(library, example_digest=example_digest)
    qtbot.addWidget(window)
    assert window.model.rowCount() in (20, 114)  # the first page, unless the rest came already
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    window.close()


def test_summary_line_names_duplicates_and_near_title_merges() -> None:
    from readinglist.domain.entities import ImportReport

    report = ImportReport("a.bib", new=504, duplicates=2, fuzzy_merges=[("Tittle", "Title")])
    assert summarize_reports([report]) == (
        "504 new, 0 merged, 0 unchanged; 2 duplicates within the file; merged 'Tittle' into 'Title'"
    )
    many = ImportReport("b.bib", merged=5, fuzzy_merges=[(f"T{n}", f"U{n}") for n in range(5)])
    assert summarize_reports([many]).endswith("merged 'T2' into 'U2'; and 2 more")
