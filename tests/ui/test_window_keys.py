"""Keys a person presses in the window: Enter and Escape in text fields, triage keys
right after an import, Home and End. Keys go through the platform's routing (shortcuts
first, then the focused widget); assertions look at what the window shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow
from tests.ui.user import WAIT_MS, activate, click, focused, is_seen, press, type_text

Key = Qt.Key


def open_example(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Click "Open the Example Digest" on the first-run page and wait for the rows."""
    button = next(b for b in window.empty_state.findChildren(QPushButton) if "Example" in b.text())
    click(button)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "114 new" in window.message.text(), timeout=WAIT_MS)


def shown_title(window: MainWindow) -> str:
    return window.detail.title_label.text()


def test_enter_in_the_tag_field_adds_the_tag_and_returns_to_the_list(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_J)
    paper_id = window.current_id()
    assert paper_id is not None
    press(window, Key.Key_T)
    assert focused(window) is window.detail.tag_edit
    type_text(window, "agents")
    assert window.detail.tag_edit.text() == "agents"
    press(window, Key.Key_Return)
    assert "agents" in window.library.paper(paper_id).tags
    assert window.detail.tag_edit.text() == ""
    assert focused(window) is window.table
    assert "Tag “agents” added" in window.message.text()
    chips = [
        c.text() for c in window.detail.tags.chips.findChildren(type(window.detail.read_button))
    ]
    assert any(text.startswith("agents") for text in chips)
    press(window, Key.Key_J)  # the next key moves on instead of typing into the field
    assert window.current_id() != paper_id
    assert window.detail.tag_edit.text() == ""


def test_enter_in_the_search_field_returns_to_the_list(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    press(window, Key.Key_Slash)
    assert focused(window) is window.search
    type_text(window, "xolver")
    press(window, Key.Key_Return)
    assert focused(window) is window.table
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=WAIT_MS)
    press(window, Key.Key_S)  # the list has the keys now: star the one result
    assert window.library.paper(window.model.row_at(0).id).starred


@pytest.mark.parametrize("field", ["tag", "notes", "search"])
def test_escape_in_a_text_field_returns_to_the_list(qtbot, window: MainWindow, field: str) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_J)
    paper_id = window.current_id()
    opener = {"tag": Key.Key_T, "notes": Key.Key_N, "search": Key.Key_Slash}[field]
    press(window, opener)
    widget = {"tag": window.detail.tag_edit, "notes": window.detail.notes_edit}.get(
        field, window.search
    )
    assert focused(window) is widget
    press(window, Key.Key_Escape)
    assert focused(window) is window.table
    press(window, Key.Key_Space)  # triage keys work again at once
    assert window.library.paper(paper_id).read


def test_escape_drops_a_half_typed_tag(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_J)
    paper_id = window.current_id()
    press(window, Key.Key_T)
    type_text(window, "half")
    press(window, Key.Key_Escape)
    press(window, Key.Key_J)
    assert window.detail.tag_edit.text() == ""
    assert window.library.paper(paper_id).tags == []


def test_letters_typed_in_notes_stay_in_the_notes(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_J)
    paper_id = window.current_id()
    press(window, Key.Key_N)
    type_text(window, "just so")
    press(window, Key.Key_Return)  # a new line in the notes, not "open the link"
    type_text(window, "k")
    press(window, Key.Key_Escape)
    assert window.current_id() == paper_id
    assert window.library.paper(paper_id).notes == "just so\nk"
    assert not window.library.paper(paper_id).read
    assert not window.library.paper(paper_id).starred
    assert is_seen(window.detail.notes_edit)


def test_the_first_keys_after_an_import_act_on_the_paper_shown(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    shown = window.detail.current_paper_id()
    assert shown is not None and shown == window.current_id()
    assert window.model.row_at(0).id == shown
    press(window, Key.Key_Space)
    press(window, Key.Key_S)
    paper = window.library.paper(shown)
    assert paper.read and paper.starred
    assert window.detail.read_button.isChecked() and window.detail.star_button.isChecked()
    assert window.model.row_at(0).starred


def test_end_and_home_go_to_the_last_and_first_paper(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    press(window, Key.Key_End)
    last = window.model.row_at(window.model.rowCount() - 1)
    assert window.current_id() == last.id
    assert window.selected_ids() == [last.id]
    assert window.detail.current_paper_id() == last.id
    assert window.table.visualRect(window.table.currentIndex()).intersects(
        window.table.viewport().rect()
    )
    press(window, Key.Key_Home)
    assert window.current_id() == window.model.row_at(0).id
    assert window.selected_ids() == [window.model.row_at(0).id]


# Menus grab the keyboard; the offscreen platform says it cannot (harmless here).
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_the_paper_menu_lists_the_triage_keys_and_acts(qtbot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QApplication, QMenu

    open_example(qtbot, window)
    window.table.setFocus()
    paper_id = window.current_id()
    press(window, Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert is_seen(menu)
    entries = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert "Toggle Star\tS" in entries and "Toggle Read\tSpace" in entries
    QTest.keyClick(menu, Key.Key_S)  # the menu has the keyboard: its mnemonic S
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert window.library.paper(paper_id).starred


def test_keys_work_as_soon_as_the_window_opens(
    qtbot, library: Library, example_digest: Path
) -> None:
    library.import_path(example_digest)
    window = MainWindow(library, example_digest=example_digest)
    qtbot.addWidget(window)
    activate(qtbot, window)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    first = window.current_id()
    press(window, Key.Key_J)  # not typed into the search field
    assert window.search.text() == ""
    assert window.current_id() == window.model.row_at(1).id != first
    window.close()
