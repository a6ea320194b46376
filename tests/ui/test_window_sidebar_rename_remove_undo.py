"""Rename Tag… and Remove Digest… in the sidebar's menu (chosen by keys: Shift+F10,
arrows, Enter, then the dialog) are steps of the undo stack. They changed the library
behind the stack, so Ctrl+Z undid the step before them: a tag merged into another stayed
merged, and a removed digest's papers were lost."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox, QWidget

from readinglist.core.library import Library
from readinglist.domain.entities import PaperQuery
from readinglist.domain.removed import RemovedDigest
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.sidebar_model import SidebarFilter, SidebarModel
from tests.ui.test_window_keys import open_example
from tests.ui.test_window_sidebar_menu_undo import choose_in_menu, sidebar_rows, to_sidebar_row
from tests.ui.user import WAIT_MS, activate, click, press, tag_with_keys

Key = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


def when_dialog(kind: type, answer: Callable[[QWidget], None]) -> QTimer:
    """Answer the next modal dialog of ``kind`` as soon as it is up."""
    timer = QTimer(QApplication.instance())

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            timer.stop()
            answer(dialog)

    timer.timeout.connect(check)
    timer.start(20)
    return timer


def tag_selected(window: MainWindow, tag: str) -> None:
    tag_with_keys(window, tag)


def undo_and_wait(qtbot, window: MainWindow, keys: Qt.KeyboardModifier) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Z (or Ctrl+Shift+Z) once the window has the keyboard back from the dialog."""
    activate(qtbot, window)
    window.message.setText("")
    press(window, Key.Key_Z, keys)
    qtbot.waitUntil(lambda: window.message.text().startswith(("Undone", "Redone")), timeout=WAIT_MS)


def rename_in_sidebar(qtbot, window: MainWindow, tag: str, new: str) -> None:  # type: ignore[no-untyped-def]
    """Rename ``tag`` as a reader does with the keys: its sidebar row, Shift+F10, Rename
    Tag…, the new name typed over the old one, Enter."""
    to_sidebar_row(window, tag)
    press(window, Key.Key_F10, SHIFT)

    def rename(dialog: QWidget) -> None:
        field = dialog.findChild(QLineEdit)
        field.selectAll()
        QTest.keyClicks(field, new)
        QTest.keyClick(field, Key.Key_Return)

    when_dialog(QInputDialog, rename)
    choose_in_menu(qtbot, "Rename Tag…")


def test_rename_tag_onto_another_tag_is_undone_into_two_tags(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_S)  # a step before the rename
    first = window.selected_ids()
    tag_selected(window, "agents")
    press(window, Key.Key_Down, SHIFT)
    both = window.selected_ids()
    tag_selected(window, "llm")
    rename_in_sidebar(qtbot, window, "agents", "llm")
    qtbot.waitUntil(lambda: sidebar_rows(window, "agents") == [], timeout=WAIT_MS)
    assert sidebar_rows(window, "llm") == ["llm  2"]
    assert window.message.text() == "Tag “agents” renamed to “llm”. Ctrl+Z brings it back."
    assert window.menu_actions.undo_action.text().replace("&", "") == (
        "Undo Rename Tag 'agents' to 'llm'"
    )
    undo_and_wait(qtbot, window, CTRL)
    assert sorted(window.library.paper(first[0]).tags) == ["agents", "llm"]
    other = next(p for p in both if p != first[0])
    assert window.library.paper(other).tags == ["llm"]
    qtbot.waitUntil(lambda: sidebar_rows(window, "agents") == ["agents  1"], timeout=WAIT_MS)
    assert sidebar_rows(window, "llm") == ["llm  2"]
    assert window.library.paper(first[0]).starred  # the step before stays done
    undo_and_wait(qtbot, window, CTRL | SHIFT)  # redo merges them again
    assert all(window.library.paper(p).tags == ["llm"] for p in both)
    qtbot.waitUntil(lambda: sidebar_rows(window, "agents") == [], timeout=WAIT_MS)


def test_rename_tag_is_undone_and_redone(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    tagged = window.selected_ids()
    tag_selected(window, "agents")
    rename_in_sidebar(qtbot, window, "agents", "robots")
    qtbot.waitUntil(lambda: sidebar_rows(window, "robots") == ["robots  1"], timeout=WAIT_MS)
    undo_and_wait(qtbot, window, CTRL)
    assert window.library.paper(tagged[0]).tags == ["agents"]
    qtbot.waitUntil(lambda: sidebar_rows(window, "agents") == ["agents  1"], timeout=WAIT_MS)
    assert sidebar_rows(window, "robots") == []


def test_remove_digest_is_undone_with_its_papers_and_redone(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_S)  # a starred paper stays; the other 113 go with the digest
    starred = window.selected_ids()[0]
    press(window, Key.Key_S)  # ...unstarred again: its marks are all off, it goes too
    press(window, Key.Key_Down)
    press(window, Key.Key_S)
    kept = window.selected_ids()[0]
    press(window, Key.Key_Down)
    tag_selected(window, "agents")
    digest = window.library.digests()[0]
    before = {p.id: p for p in window.library.papers()}
    assert len(before) == 114
    to_sidebar_row(window, digest.source_name)
    press(window, Key.Key_F10, SHIFT)

    def yes(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        click(dialog.button(QMessageBox.StandardButton.Yes))

    when_dialog(QMessageBox, yes)
    choose_in_menu(qtbot, "Remove Digest…")
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=WAIT_MS)
    assert window.library.digests() == []
    qtbot.waitUntil(lambda: sidebar_rows(window, digest.source_name) == [], timeout=WAIT_MS)
    assert window.message.text() == f"Removed “{digest.source_name}”. Ctrl+Z brings it back."
    assert starred not in {p.id for p in window.library.papers()}
    assert window.menu_actions.undo_action.text().replace("&", "").startswith("Undo Remove Digest")
    window.table.setFocus()
    undo_and_wait(qtbot, window, CTRL)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    after = {p.id: p for p in window.library.papers()}
    assert after.keys() == before.keys()
    for pid, paper in before.items():
        back = after[pid]
        assert (back.title, back.tags, back.notes, back.read, back.starred) == (
            paper.title,
            paper.tags,
            paper.notes,
            paper.read,
            paper.starred,
        )
    assert [d.id for d in window.library.digests()] == [digest.id]
    held = window.library.papers(PaperQuery(digest_id=digest.id))
    assert len(held) == 114
    assert window.library.paper(kept).starred
    qtbot.waitUntil(lambda: len(sidebar_rows(window, digest.source_name)) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(window.selected_ids()) == 114, timeout=WAIT_MS)
    undo_and_wait(qtbot, window, CTRL | SHIFT)  # redo removes it again
    assert window.library.digests() == []
    left = {p.id for p in window.library.papers()}
    assert len(left) == 2
    qtbot.waitUntil(
        lambda: {window.model.row_at(i).id for i in range(window.model.rowCount())} <= left,
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(lambda: sidebar_rows(window, digest.source_name) == [], timeout=WAIT_MS)


def test_remove_digest_takes_the_papers_out_off_the_gui_thread(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Removing a digest saves its papers' rows before deleting them (for Ctrl+Z): on the
    GUI thread that held the window 139–353 ms for a digest of 5,000 papers. Its undo and
    redo ran in the background already; now the removal itself does too."""
    threads: list[bool] = []
    take_out = Library.take_out_digest

    def recorded(library: Library, digest_id: int) -> RemovedDigest:
        threads.append(threading.current_thread() is threading.main_thread())
        return take_out(library, digest_id)

    monkeypatch.setattr(Library, "take_out_digest", recorded)
    open_example(qtbot, window)
    digest = window.library.digests()[0]
    to_sidebar_row(window, digest.source_name)
    press(window, Key.Key_F10, SHIFT)
    asked: list[str] = []

    def yes(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        asked.append(dialog.text())
        click(dialog.button(QMessageBox.StandardButton.Yes))

    when_dialog(QMessageBox, yes)
    choose_in_menu(qtbot, "Remove Digest…")
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=WAIT_MS)
    assert window.library.digests() == []
    assert threads == [False]
    # what is deleted, as the rule is: a mark set and cleared again keeps no paper
    assert "have no mark (read, star, not interested), note or tag are deleted" in asked[0]
    # the digest shown is gone: the sidebar shows the whole library, not a heading
    current = window.sidebar.currentIndex().data(SidebarModel.FilterRole)
    assert current == SidebarFilter("all", None)
    assert window.message.text() == f"Removed “{digest.source_name}”. Ctrl+Z brings it back."
    undo_and_wait(qtbot, window, CTRL)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
