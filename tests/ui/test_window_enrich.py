"""Complete Details in the window (issue 20), the way a person does it: the sidebar's
context menu on a digest, the Paper menu on a selection, Cancel, Ctrl+Z — against the
local fake services of ``tests/local_server.py`` (no network)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QPlainTextEdit, QPushButton

from readinglist.core.enrich_http import ARXIV_API_URL_ENV, HF_URL_ENV, OPENALEX_URL_ENV
from readinglist.core.library import Library
from readinglist.core.settings import load_settings
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import PaperTableModel
from readinglist.ui.models.sidebar_model import SidebarFilter
from readinglist.ui.preferences_dialog import PreferencesDialog
from tests.local_server import Script, Work, serving
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, activate, click, is_seen, press

Key = Qt.Key
# Menus grab the keyboard; the offscreen platform says it cannot (harmless here).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch) -> Iterator[Script]:
    """The fake services, which the window finds through the environment variables."""
    script = Script()
    with serving(script) as base:
        monkeypatch.setenv(HF_URL_ENV, base)
        monkeypatch.setenv(ARXIV_API_URL_ENV, f"{base}/api/query")
        monkeypatch.setenv(OPENALEX_URL_ENV, base)
        yield script


def example_works(library: Library) -> tuple[str, list[Work]]:
    """The example digest's day and what the services know of each of its papers."""
    (digest,) = library.digests()
    assert digest.date
    papers = sorted(library.papers(), key=lambda p: p.id)
    works = [
        Work(p.title, [f"Author{n} Surname", "Shared Coauthor"], f"2509.{n:05d}")
        for n, p in enumerate(papers)
    ]
    return digest.date, works


def authors_column(window: MainWindow, row: int) -> str:
    index = window.model.index(row, PaperTableModel.AUTHORS)
    return str(window.model.data(index, Qt.ItemDataRole.DisplayRole) or "")


def choose(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click the entry ``text`` of the menu that popped up; the window has the keys again."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert is_seen(menu)
    action = next(a for a in menu.actions() if a.text().replace("&", "") == text)
    click(menu, menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    qtbot.waitUntil(lambda: not menu.isVisible())
    activate(qtbot, window)  # the offscreen platform leaves the closed menu active


def complete_digest_from_sidebar(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Right-click the digest in the sidebar and choose Complete Details Online."""
    (digest,) = window.library.digests()
    index = window.sidebar_model.index_for_filter(SidebarFilter("digest", digest.id))
    window.sidebar.scrollTo(index)
    where = window.sidebar.visualRect(index).center()
    viewport = window.sidebar.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, viewport.mapToGlobal(where))
    QApplication.sendEvent(viewport, event)
    choose(qtbot, window, "Complete Details Online")


def when_a_dialog_opens(act: Callable[[QDialog], None]) -> QTimer:
    """Call ``act`` on the modal dialog about to open (it runs its own event loop)."""
    timer = QTimer()
    timer.setInterval(10)

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            timer.stop()
            act(dialog)

    timer.timeout.connect(look)
    timer.start()
    return timer


def finished(window: MainWindow) -> bool:
    return window.enriching.job is None and window.message.text().startswith("Completed")


def test_completing_the_example_digest_shows_authors_and_ids_and_ctrl_z_undoes_it(
    qtbot, window: MainWindow, script: Script
) -> None:
    open_example(qtbot, window)
    day, works = example_works(window.library)
    script.days[day] = works
    assert authors_column(window, 0) == ""
    complete_digest_from_sidebar(qtbot, window)
    qtbot.waitUntil(lambda: finished(window), timeout=WAIT_MS)
    assert window.message.text() == "Completed 114 of 114 papers"
    assert is_seen(window.enriching.details_button)
    assert script.requests == [f"/api/daily_papers?date={day}"]
    by_title = {w.title: w for w in works}
    shown = window.model.row_at(0)
    assert authors_column(window, 0) == ", ".join(by_title[shown.title].authors)
    window.select_paper(shown.id)
    qtbot.waitUntil(lambda: "Shared Coauthor" in window.detail.authors_label.text())
    assert is_seen(window.detail.authors_label)
    assert window.library.paper(shown.id).arxiv_id == by_title[shown.title].arxiv_id

    window.table.setFocus()
    press(window, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # runs in the background
    qtbot.waitUntil(
        lambda: window.message.text() == "Undone: Complete Details (114 Papers)", timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: authors_column(window, 0) == "", timeout=WAIT_MS)
    assert all(not p.arxiv_id and not p.authors for p in window.library.papers())
    assert window.detail.authors_label.text() == "Authors unknown"


def test_the_paper_menu_completes_only_the_selected_paper(
    qtbot, window: MainWindow, script: Script
) -> None:
    open_example(qtbot, window)
    _, works = example_works(window.library)
    script.arxiv = works  # no Daily Papers day: found on arXiv by title
    window.table.setFocus()
    chosen = window.current_id()
    assert chosen is not None
    press(window, Key.Key_P, Qt.KeyboardModifier.AltModifier)
    choose(qtbot, window, "Complete Details Online")
    qtbot.waitUntil(lambda: finished(window), timeout=WAIT_MS)
    assert window.message.text() == "Completed 1 of 1 paper"
    assert "Surname" in authors_column(window, window.model.position_of(chosen) or 0)
    completed = [p.id for p in window.library.papers() if p.arxiv_id]
    assert completed == [chosen]


def test_cancel_stops_the_run_with_every_paper_whole_and_the_rest_untouched(
    qtbot, window: MainWindow, script: Script
) -> None:
    open_example(qtbot, window)
    _, works = example_works(window.library)
    script.arxiv = works  # by title: arXiv's 3 s between requests makes the run long
    complete_digest_from_sidebar(qtbot, window)
    qtbot.waitUntil(lambda: window.enriching.progress.value() >= 1, timeout=WAIT_MS)
    assert is_seen(window.enriching.progress)
    assert is_seen(window.enriching.cancel_button)
    click(window.enriching.cancel_button)
    qtbot.waitUntil(lambda: finished(window), timeout=WAIT_MS)
    assert "cancelled" in window.message.text()
    assert not window.enriching.progress.isVisible()
    papers = window.library.papers()
    done = [p for p in papers if p.arxiv_id]
    assert 1 <= len(done) < 114
    for paper in papers:  # each paper either completed or exactly as imported
        assert bool(paper.arxiv_id) == bool(paper.authors) == bool(paper.url)
    assert window.message.text().startswith(f"Completed {len(done)} of 114 papers")
    assert sum(1 for row in window.list.rows if row.authors) == len(done)

    window.table.setFocus()
    press(window, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # runs in the background
    qtbot.waitUntil(
        lambda: window.message.text().startswith("Undone: Complete Details"), timeout=WAIT_MS
    )
    assert not any(p.arxiv_id or p.authors for p in window.library.papers())


def test_a_server_error_is_said_in_the_status_bar_and_changes_nothing(
    qtbot, window: MainWindow, script: Script
) -> None:
    open_example(qtbot, window)
    steps_before = window.edits.stack.count()  # the import itself is one step
    script.status = 500
    window.table.setFocus()
    press(window, Key.Key_P, Qt.KeyboardModifier.AltModifier)
    choose(qtbot, window, "Complete Details Online")
    qtbot.waitUntil(lambda: finished(window), timeout=WAIT_MS)
    text = window.message.text()
    assert text.startswith("Completed 0 of 1 paper; 1 failed (")
    assert "500" in text and "Traceback" not in text
    assert is_seen(window.message)
    assert QApplication.activeModalWidget() is None
    assert not any(p.arxiv_id or p.authors for p in window.library.papers())
    assert window.edits.stack.count() == steps_before  # nothing changed: nothing to undo


def test_details_list_what_happened_to_each_paper(
    qtbot, window: MainWindow, script: Script
) -> None:
    open_example(qtbot, window)
    day, works = example_works(window.library)
    script.days[day] = works[:-1]  # the last paper is on no service
    complete_digest_from_sidebar(qtbot, window)
    qtbot.waitUntil(lambda: finished(window), timeout=WAIT_MS)
    assert window.message.text() == "Completed 113 of 114 papers; 1 not found"
    seen: list[str] = []

    def read_dialog(dialog: QDialog) -> None:
        assert is_seen(dialog.findChild(QPlainTextEdit))
        seen.append(dialog.findChild(QPlainTextEdit).toPlainText())
        QTest.keyClick(dialog, Key.Key_Escape)

    timer = when_a_dialog_opens(read_dialog)
    click(window.enriching.details_button)
    timer.stop()
    (text,) = seen
    assert f"not found: {works[-1].title}" in text
    assert f"completed: {works[0].title} — " in text
    assert "from Hugging Face Daily Papers" in text


def test_no_request_is_sent_after_an_import_unless_preferences_say_so(
    qtbot, window: MainWindow, script: Script
) -> None:
    open_example(qtbot, window)
    qtbot.wait(200)
    assert window.enriching.job is None
    assert script.requests == []


def test_preferences_turn_on_completion_after_each_import(
    qtbot, window: MainWindow, script: Script, example_digest
) -> None:
    def fill_in(dialog: QDialog) -> None:
        assert isinstance(dialog, PreferencesDialog)
        assert is_seen(dialog.complete_after_import)
        assert not dialog.complete_after_import.isChecked()  # off by default
        assert dialog.email.text() == ""
        click(dialog.complete_after_import)
        dialog.email.setFocus()
        QTest.keyClicks(dialog.email, "me@example.org")
        QTest.keyClick(dialog, Key.Key_Return)

    timer = when_a_dialog_opens(fill_in)
    press(window, Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    timer.stop()
    activate(qtbot, window)  # the offscreen platform leaves the closed dialog active
    assert window.message.text() == "Preferences saved."
    saved = load_settings(window.library.directory)
    assert saved.complete_after_import and saved.contact_email == "me@example.org"

    # the day's papers are known before the import (the digest says its day)
    with Library.open(window.library.directory.parent / "scratch") as scratch:
        scratch.import_path(example_digest)
        day, works = example_works(scratch)
    script.days[day] = works
    example = next(b for b in window.empty_state.findChildren(QPushButton) if "Example" in b.text())
    click(example)
    qtbot.waitUntil(lambda: finished(window), timeout=WAIT_MS)
    assert window.message.text() == "Completed 114 of 114 papers"
    assert window.model.rowCount() == 114
    assert all(authors_column(window, row) for row in range(window.model.rowCount()))
    window.table.setFocus()
    press(window, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # runs in the background
    qtbot.waitUntil(
        lambda: window.message.text() == "Undone: Complete Details (114 Papers)", timeout=WAIT_MS
    )
    assert window.library.stats().papers == 114  # the import itself stays
