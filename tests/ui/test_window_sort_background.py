"""A click on a column header of a long list: the sort runs in a worker, never on the GUI
thread; the rows then follow in one update with the selected paper still selected and
shown; of two clicks in a row the last one wins, even when the first one's sort ends last."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord, PaperRow
from readinglist.ui import paper_rows
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import PaperTableModel
from tests.ui.user import WAIT_MS, click, is_seen, press
from tests.ui.windows import library_copy, listing_window

PAPERS = paper_rows.BACKGROUND_SORT + 200  # long enough for the worker path
TITLE = PaperTableModel.TITLE


@pytest.fixture(scope="module")
def many_papers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library whose title order is not its arrival order, made once for the module."""
    folder = tmp_path_factory.mktemp("sort-many") / "library"
    records = [
        PaperRecord(title=f"Paper {(n * 7919) % PAPERS:05d} on sorting", arxiv_id=f"2402.{n:05d}")
        for n in range(PAPERS)
    ]
    with Library.open(folder) as library:
        library.import_records(records, "many")
    return folder


@pytest.fixture
def library(data_dir: Path, many_papers: Path) -> Iterator[Library]:
    with library_copy(many_papers, data_dir) as copy:
        yield copy


@pytest.fixture
def window(qtbot, library: Library) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    with listing_window(qtbot, library, PAPERS) as win:
        yield win


@pytest.fixture
def sort_threads(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """The threads the list was sorted in after a header click (one per sort)."""
    threads: list[threading.Thread] = []
    real = paper_rows.sort_rows

    def recording(rows: list[PaperRow], column: int, descending: bool) -> list[PaperRow]:
        threads.append(threading.current_thread())
        return real(rows, column, descending)

    monkeypatch.setattr(paper_rows, "sort_rows", recording)
    return threads


def click_header(window: MainWindow, column: int) -> None:
    """A click on a column's header, where a person clicks it."""
    header = window.table.horizontalHeader()
    middle = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    click(header.viewport(), QPoint(middle, header.height() // 2))


def detail_shows(window: MainWindow, title: str) -> bool:
    """Whether the detail pane shows this paper's title (and is seen)."""
    label = window.detail.title_label
    return f">{title}</body>" in label.text() and is_seen(label)


def shown_titles(window: MainWindow) -> list[str]:
    return [window.model.row_at(n).title for n in range(window.model.rowCount())]


def by_title(window: MainWindow, descending: bool = False) -> list[str]:
    return sorted(shown_titles(window), key=str.casefold, reverse=descending)


def test_a_header_click_sorts_in_a_worker_and_keeps_the_paper_shown(
    qtbot, window: MainWindow, sort_threads: list[threading.Thread]
) -> None:
    press(window, Qt.Key.Key_Down)
    press(window, Qt.Key.Key_Down)
    chosen = window.list.current_id()
    assert chosen is not None
    title = window.model.row_at(window.model.position_of(chosen)).title
    assert detail_shows(window, title)
    wanted = by_title(window)
    assert shown_titles(window) != wanted  # the click has something to do

    click_header(window, TITLE)
    header = window.table.horizontalHeader()
    assert header.sortIndicatorSection() == TITLE  # the header shows the order at once
    qtbot.waitUntil(lambda: shown_titles(window) == wanted, timeout=WAIT_MS)

    assert sort_threads, "the rows were never sorted"
    assert threading.main_thread() not in sort_threads  # not on the GUI thread
    assert window.list.current_id() == chosen
    assert window.list.selected_ids() == [chosen]
    assert detail_shows(window, title)
    assert window.model.row_at(0).title == wanted[0]


def test_two_clicks_in_a_row_end_in_the_last_order(qtbot, window: MainWindow) -> None:
    click_header(window, TITLE)
    click_header(window, TITLE)  # again: descending
    header = window.table.horizontalHeader()
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    qtbot.waitUntil(lambda: shown_titles(window) == by_title(window, True), timeout=WAIT_MS)
    window.pool.waitForDone()
    QApplication.processEvents()  # any sort result still on its way arrives
    assert shown_titles(window) == by_title(window, True)


def test_an_older_sort_ending_last_is_dropped(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    held = threading.Event()
    real = paper_rows.sort_rows

    def ascending_held(rows: list[PaperRow], column: int, descending: bool) -> list[PaperRow]:
        if not descending and threading.current_thread() is not threading.main_thread():
            held.set()  # the first click's sort ends after the second's
            release.wait(WAIT_MS / 1000)
        return real(rows, column, descending)

    monkeypatch.setattr(paper_rows, "sort_rows", ascending_held)
    click_header(window, TITLE)
    click_header(window, TITLE)  # again: descending
    qtbot.waitUntil(held.is_set, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: shown_titles(window) == by_title(window, True), timeout=WAIT_MS)
    release.set()
    window.pool.waitForDone()
    QApplication.processEvents()  # the ascending result arrives now, and is dropped
    assert shown_titles(window) == by_title(window, True)
