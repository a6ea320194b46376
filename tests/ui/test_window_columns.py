"""The first run on the example digest: the title gets the room, a column empty for every
paper is hidden (until a paper has a value there), and the column chooser on the header's
context menu shows any column the user wants, a choice kept for the next run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import PaperTableModel as Model
from tests.ui.test_window_enrich import choose
from tests.ui.user import WAIT_MS, activate, press, type_text

Key = Qt.Key


@pytest.fixture
def library(data_dir: Path, example_digest: Path) -> Iterator[Library]:
    """The example digest already imported (no authors, dates or tags in it)."""
    library = Library.open(data_dir)
    library.import_path(example_digest)
    yield library
    library.close()


def open_window(qtbot, library: Library) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    activate(qtbot, window)
    qtbot.waitUntil(lambda: window.model.rowCount() == 114, timeout=WAIT_MS)
    QApplication.processEvents()
    return window


@pytest.fixture
def window(qtbot, library: Library) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, library)
    yield window
    window.close()


def headers_seen(window: MainWindow) -> list[str]:
    """The column titles a person sees on the header, left to right."""
    header = window.table.horizontalHeader()
    shown = [
        (
            header.sectionViewportPosition(c),
            str(window.model.headerData(c, Qt.Orientation.Horizontal)),
        )
        for c in range(header.count())
        if not header.isSectionHidden(c) and header.sectionSize(c) > 0
    ]
    return [name for _, name in sorted(shown)]


def choose_column(qtbot, window: MainWindow, name: str, on: int) -> None:  # type: ignore[no-untyped-def]
    """Right-click the header (on column ``on``), then click ``name`` in the menu."""
    header = window.table.horizontalHeader()
    where = QPoint(header.sectionViewportPosition(on) + 10, header.height() // 2)
    handle = window.windowHandle()
    assert handle is not None
    right = Qt.MouseButton.RightButton
    QTest.mouseClick(handle, right, Qt.KeyboardModifier.NoModifier, header.mapTo(window, where))
    choose(qtbot, window, name)


def test_the_title_gets_the_room_and_empty_columns_are_hidden(qtbot, window: MainWindow) -> None:
    assert headers_seen(window) == ["★", "Title", "Digest", "Added"]
    title = window.table.horizontalHeader().sectionSize(Model.TITLE)
    assert title >= window.table.viewport().width() / 2

    press(window, Key.Key_T)  # a tag typed: the Tags column now has something to show
    type_text(window, "agents")
    press(window, Key.Key_Return)
    qtbot.waitUntil(lambda: "Tags" in headers_seen(window), timeout=WAIT_MS)
    assert headers_seen(window) == ["★", "Title", "Tags", "Digest", "Added"]


# Menus grab the keyboard; the offscreen platform says it cannot (harmless here).
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_a_column_chosen_on_the_header_stays_shown_though_empty(
    qtbot, window: MainWindow, library: Library
) -> None:
    choose_column(qtbot, window, "Authors", on=Model.TITLE)
    assert headers_seen(window) == ["★", "Title", "Authors", "Digest", "Added"]
    choose_column(qtbot, window, "Digest", on=Model.ADDED)  # and one with values hidden
    assert headers_seen(window) == ["★", "Title", "Authors", "Added"]
    window.close()

    again = open_window(qtbot, library)  # the choices are kept for the next run
    try:
        assert headers_seen(again) == ["★", "Title", "Authors", "Added"]
    finally:
        again.close()


def title_characters_seen(window: MainWindow) -> int:
    """How many characters of the first row's title its cell shows before eliding."""
    index = window.model.index(0, Model.TITLE)
    title = str(index.data())
    font = index.data(Qt.ItemDataRole.FontRole) or window.table.font()
    width = window.table.horizontalHeader().sectionSize(Model.TITLE) - 8  # the cell's margins
    shown = QFontMetrics(font).elidedText(title, Qt.TextElideMode.ElideRight, width)
    return len(shown.rstrip("…"))


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_with_every_column_shown_the_title_keeps_its_share(qtbot, window: MainWindow) -> None:
    chosen = [("Authors", Model.TITLE), ("Date", Model.ADDED), ("Tags", Model.TITLE)]
    for name, on in [*chosen, ("For you", Model.ADDED)]:  # (one spot twice: a double-click)
        choose_column(qtbot, window, name, on=on)
    assert headers_seen(window) == [
        "★", "Title", "Authors", "Date", "Tags", "Digest", "Added", "For you"
    ]  # fmt: skip
    header = window.table.horizontalHeader()
    viewport = window.table.viewport().width()
    qtbot.waitUntil(lambda: header.sectionSize(Model.TITLE) >= 0.4 * viewport, timeout=WAIT_MS)
    assert title_characters_seen(window) >= 30  # it showed 15
    assert header.length() <= viewport  # every column in sight, none scrolled away
    date = window.model.index(0, Model.ADDED)
    assert QFontMetrics(window.table.font()).horizontalAdvance(str(date.data())) < (
        header.sectionSize(Model.ADDED)
    )  # dates still whole

    window.resize(1600, 800)  # wider: the columns beside the title get their widths back
    qtbot.waitUntil(lambda: header.sectionSize(Model.AUTHORS) == 110, timeout=WAIT_MS)
