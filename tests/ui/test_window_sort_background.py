"""A click on a column header of a long list: the sort runs in a worker, never on the GUI
thread; the rows then follow in one update with the selected paper still selected and
shown; of two clicks in a row the last one wins, even when the first one's sort ends last;
a paper edited while the sort runs is shown as edited, in its place. Where each paper is
comes from the worker with the rows: neither a sort nor a search answer makes the GUI
thread build a lookup table of the list."""

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
from tests.ui.test_window_import import drop_paths, write_ris
from tests.ui.user import WAIT_MS, click, focused, is_seen, press, type_text
from tests.ui.windows import library_copy, listing_window

PAPERS = paper_rows.BACKGROUND_SORT + 200  # long enough for the worker path
TITLE = PaperTableModel.TITLE
TAGS = PaperTableModel.TAGS


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


@pytest.fixture
def gui_tables(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the paper-id lookup tables built on the GUI thread: the model's own
    table of the rows it shows, and the whole list's positions when no worker handed them."""
    built: list[int] = []
    on_gui = threading.main_thread
    model_lookup = PaperTableModel._position

    def model_table(model: PaperTableModel) -> object:
        if model._positions is None and threading.current_thread() is on_gui():
            built.append(model.rowCount())
        return model_lookup.fget(model)  # type: ignore[attr-defined]

    monkeypatch.setattr(PaperTableModel, "_position", property(model_table))
    real_positions = getattr(paper_rows, "positions_of", None)

    def list_table(rows: list[PaperRow]) -> object:
        if threading.current_thread() is on_gui():
            built.append(len(rows))
        assert real_positions is not None
        return real_positions(rows)

    monkeypatch.setattr(paper_rows, "positions_of", list_table, raising=False)
    return built


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


def test_a_sorted_list_arrives_with_where_each_paper_is(
    qtbot, window: MainWindow, gui_tables: list[int]
) -> None:
    for _ in range(3):
        press(window, Qt.Key.Key_Down)
    chosen = window.list.current_id()
    assert chosen is not None
    wanted = by_title(window)

    click_header(window, TITLE)
    qtbot.waitUntil(lambda: shown_titles(window) == wanted, timeout=WAIT_MS)
    press(window, Qt.Key.Key_Down)  # the next paper in the new order
    after = wanted.index(window.library.paper(chosen).title) + 1

    assert window.model.row_at(window.table.currentIndex().row()).title == wanted[after]
    assert detail_shows(window, wanted[after])
    assert gui_tables == []  # the rows came with their positions from the worker


def test_a_search_answer_shows_its_papers_in_order_without_a_table_of_the_list(
    qtbot, window: MainWindow, gui_tables: list[int]
) -> None:
    click_header(window, TITLE)
    wanted = by_title(window)
    qtbot.waitUntil(lambda: shown_titles(window) == wanted, timeout=WAIT_MS)
    matching = [title for title in wanted if title.startswith("Paper 0001")]
    target = matching[3]
    gui_tables.clear()

    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(window, "00013")  # one paper
    qtbot.waitUntil(lambda: shown_titles(window) == [target], timeout=WAIT_MS)
    shown = window.model.row_at(0).id
    assert window.detail.current_paper_id() == shown
    press(window, Qt.Key.Key_Backspace)  # "0001": ten papers, the one shown stays current
    qtbot.waitUntil(lambda: shown_titles(window) == matching, timeout=WAIT_MS)

    assert window.model.row_at(3).id == shown
    assert window.list.current_id() == shown
    assert window.list.selected_ids() == [shown]
    assert window.detail.current_paper_id() == shown
    assert "00013" in window.detail.title_label.text() and is_seen(window.detail.title_label)
    assert window.count_label.text() == f"10 of {PAPERS}"
    assert gui_tables == []


def test_a_paper_edited_while_the_sort_runs_is_shown_edited_in_the_new_order(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    held = threading.Event()
    real = paper_rows.sort_rows

    def first_sort_held(rows: list[PaperRow], column: int, descending: bool) -> list[PaperRow]:
        if not held.is_set() and threading.current_thread() is not threading.main_thread():
            held.set()  # the sort of the rows as they were before the edit
            release.wait(WAIT_MS / 1000)
        return real(rows, column, descending)

    monkeypatch.setattr(paper_rows, "sort_rows", first_sort_held)
    press(window, Qt.Key.Key_Down)
    edited = window.list.current_id()
    assert edited is not None
    click_header(window, TITLE)
    qtbot.waitUntil(held.is_set, timeout=WAIT_MS)

    press(window, Qt.Key.Key_T)  # meanwhile, a tag on the paper shown
    assert focused(window) is window.detail.tag_edit
    type_text(window, "sorted")
    press(window, Qt.Key.Key_Return)
    assert "sorted" in window.library.paper(edited).tags
    release.set()

    qtbot.waitUntil(lambda: shown_titles(window) == by_title(window), timeout=WAIT_MS)
    window.pool.waitForDone()
    QApplication.processEvents()  # the re-sort of the edited rows is shown
    row = window.model.position_of(edited)
    assert row is not None
    tags = window.model.index(row, TAGS)
    assert tags.data() == "sorted"  # the edit, not the row as the first sort saw it
    assert not window.table.isColumnHidden(TAGS)
    assert shown_titles(window) == by_title(window)
    assert window.list.current_id() == edited


def test_papers_dropped_on_a_long_list_arrive_with_where_each_paper_is(
    qtbot, window: MainWindow, gui_tables: list[int], tmp_path: Path
) -> None:
    press(window, Qt.Key.Key_Down)
    chosen = window.list.current_id()
    drop_paths(window, write_ris(tmp_path, "one.ris", "A paper dropped on a long list"))
    qtbot.waitUntil(lambda: window.model.rowCount() == PAPERS + 1, timeout=WAIT_MS)
    window.pool.waitForDone()
    QApplication.processEvents()

    assert "A paper dropped on a long list" in shown_titles(window)
    assert window.list.current_id() == chosen
    assert window.list.selected_ids() == [chosen]
    assert gui_tables == []  # the import's worker found where each paper is
