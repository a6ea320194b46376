"""Searching the way a person does: "/" or Ctrl+F, type, look at the list and the detail
pane; a search without results says so and offers a correction."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.sidebar_model import SidebarFilter
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS, click, is_seen, press, type_text

Key = Qt.Key


def search_for(qtbot, window: MainWindow, text: str, rows: int) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+F, replace what is there with ``text``, wait until the list shows ``rows``."""
    press(window, Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    press(window, Key.Key_Backspace)  # Ctrl+F selected the old text
    type_text(window, text)
    assert window.search.text() == text
    qtbot.waitUntil(lambda: window.model.rowCount() == rows, timeout=WAIT_MS)
    qtbot.wait(200)  # a second answer (debounce) would change nothing a person sees


def visible_text(widget: QWidget) -> str:
    """The words a person reads in ``widget``, left to right."""
    parts = [
        child
        for child in widget.findChildren(QLabel) + widget.findChildren(QPushButton)
        if child.isVisible() and child.text()
    ]
    parts.sort(
        key=lambda child: (
            child.mapTo(widget, child.rect().topLeft()).y() // 10,
            child.mapTo(widget, child.rect().topLeft()).x(),
        )
    )
    return " ".join(child.text() for child in parts)


def click_sidebar(window: MainWindow, wanted: SidebarFilter) -> None:
    index = window.sidebar_model.index_for_filter(wanted)
    assert index.isValid()
    click(window.sidebar.viewport(), window.sidebar.visualRect(index).center())


def test_no_results_says_so_in_the_list_and_offers_the_correction(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    search_for(qtbot, window, "transfomer", 0)
    message = window.no_results
    # The suggestion comes from the index, which the index process builds meanwhile.
    qtbot.waitUntil(lambda: is_seen(window.suggestion), timeout=WAIT_MS)
    assert is_seen(message)
    assert visible_text(message) == (
        "No papers match 'transfomer'. Did you mean transformer? · Clear search"
    )
    assert is_seen(window.suggestion)  # also next to the search field
    assert "transformer" in window.suggestion.text()
    click(message.suggestion)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=WAIT_MS)
    assert window.search.text() == "transformer"
    assert not message.isVisible()
    qtbot.waitUntil(lambda: not window.suggestion.isVisible())  # the toolbar lays out later


def test_did_you_mean_shows_next_to_the_search_field(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    search_for(qtbot, window, "contnual", 0)
    qtbot.waitUntil(lambda: is_seen(window.suggestion), timeout=WAIT_MS)  # see above
    assert window.suggestion.text() == "Did you mean: continual"
    click(window.suggestion)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=WAIT_MS)
    assert window.search.text() == "continual"
    qtbot.waitUntil(lambda: not window.suggestion.isVisible())  # the toolbar lays out later


def test_clear_search_in_the_list_brings_every_paper_back(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    search_for(qtbot, window, "zzqqxx", 0)
    assert is_seen(window.no_results)
    click(window.no_results.clear)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    assert window.search.text() == ""
    assert not window.no_results.isVisible()


def test_the_detail_pane_follows_the_list_through_searches_and_filters(
    qtbot, window: MainWindow
) -> None:
    open_example(qtbot, window)
    window.table.setFocus()
    for _ in range(3):
        press(window, Key.Key_J)
    before = window.current_id()
    search_for(qtbot, window, "xolver", 1)
    xolver = window.model.row_at(0).id
    assert xolver != before
    assert window.current_id() == xolver
    assert window.detail.current_paper_id() == xolver
    assert "Xolver" in window.detail.title_label.text()
    assert "<mark>" in window.detail.title_label.text()
    search_for(qtbot, window, "zzqqxx", 0)
    assert window.detail.current_paper_id() is None
    assert is_seen(window.detail.empty_label)
    assert not window.detail.title_label.isVisible()
    click(window.no_results.clear)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    click_sidebar(window, SidebarFilter("starred", None))
    assert window.model.rowCount() == 0
    assert window.detail.current_paper_id() is None
    assert is_seen(window.detail.empty_label)


def test_a_saved_search_is_a_view_of_its_own(qtbot, window: MainWindow) -> None:
    open_example(qtbot, window)
    search_for(qtbot, window, "xolver", 1)
    press(window, Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "Saved the search" in window.message.text()
    search_for(qtbot, window, "", 114)
    click_sidebar(window, SidebarFilter("starred", None))
    assert window.model.rowCount() == 0
    click_sidebar(window, SidebarFilter("search", "xolver"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=WAIT_MS)
    assert window.model.row_at(0).title.startswith("Xolver")
    assert window.search.text() == "xolver"
    click_sidebar(window, SidebarFilter("all", None))
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    assert window.search.text() == ""
    assert window.count_label.text() == "114 of 114"
    assert is_seen(window.count_label)


def test_saved_searches_show_live_counts(qtbot, window: MainWindow) -> None:
    from readinglist.ui.models.sidebar_model import SidebarModel

    open_example(qtbot, window)
    search_for(qtbot, window, "is:starred", 0)
    press(window, Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    search_for(qtbot, window, "", 114)
    window.table.setFocus()

    def count_shown() -> str:
        index = window.sidebar_model.index_for_filter(SidebarFilter("search", "is:starred"))
        return str(index.data(SidebarModel.CountTextRole))

    qtbot.waitUntil(lambda: count_shown() == "0", timeout=WAIT_MS)
    press(window, Key.Key_S)
    press(window, Key.Key_J)
    press(window, Key.Key_S)
    qtbot.waitUntil(lambda: count_shown() == "2", timeout=WAIT_MS)
    press(window, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: count_shown() == "1", timeout=WAIT_MS)
