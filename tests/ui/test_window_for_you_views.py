"""Where a reader meets the "For you" ranking in the window: Top Picks in the sidebar (the
best-ranked unread papers, with a count) and the Inbox and digests opening sorted For you,
until the reader sorts them another way, a choice the window then keeps."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QPoint, Qt

from readinglist.core.library import Library
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import PaperTableModel
from readinglist.ui.models.sidebar_model import SidebarFilter, SidebarModel
from readinglist.ui.subscriptions_panel import INBOX
from tests.ranking_fixtures import VISION, import_small_set
from tests.ui.user import WAIT_MS, activate, click, is_seen, press

TRAINING_MS = 120_000  # a training process on a busy machine
FOR_YOU = (PaperTableModel.SCORE, True)


@pytest.fixture
def categories(library: Library) -> dict[int, str]:
    return import_small_set(library)


def _shown_ids(window: MainWindow) -> list[int]:
    return [window.model.row_at(n).id for n in range(window.model.rowCount())]


def _star_vision_and_learn(qtbot, window: MainWindow, categories: dict[int, str]) -> list[int]:  # type: ignore[no-untyped-def]
    starred = sorted(pid for pid, c in categories.items() if c == VISION)[:10]
    for pid in starred:
        window.select_paper(pid)
        window.focus_list()
        press(window, Qt.Key.Key_S)
    qtbot.waitUntil(
        lambda: window.for_you.mode == "learned" and window.for_you.job is None,
        timeout=TRAINING_MS,
    )
    return starred


def _click_sidebar(window: MainWindow, wanted: SidebarFilter) -> None:
    index = window.sidebar_model.index_for_filter(wanted)
    assert index.isValid(), f"no sidebar entry for {wanted}"
    click(window.sidebar.viewport(), window.sidebar.visualRect(index).center())


def _click_header(window: MainWindow, column: int) -> None:
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    click(header.viewport(), QPoint(x, header.height() // 2))


def test_top_picks_in_the_sidebar_shows_the_best_unread_papers_with_a_count(
    qtbot, categories: dict[int, str], window: MainWindow
) -> None:
    top = SidebarFilter("top")
    assert not window.sidebar_model.index_for_filter(top).isValid()  # no ranking yet
    starred = _star_vision_and_learn(qtbot, window, categories)
    qtbot.waitUntil(lambda: window.sidebar_model.index_for_filter(top).isValid(), timeout=WAIT_MS)
    entry = window.sidebar_model.index_for_filter(top)
    assert entry.data(SidebarModel.LabelRole) == "Top Picks"
    count = entry.data(SidebarModel.CountRole)
    assert count == 20  # the best 20 of the 140 papers left to triage

    _click_sidebar(window, top)

    qtbot.waitUntil(lambda: window.model.rowCount() == count, timeout=WAIT_MS)
    shown = _shown_ids(window)
    assert window.sort_order() == FOR_YOU
    rows = [window.model.row_at(n) for n in range(len(shown))]
    assert not any(row.read or row.starred or row.id in starred for row in rows)
    scores = [row.score for row in rows]
    assert scores == sorted(scores, reverse=True)
    # 20 vision papers are among the 140 left: a random pick has 2.9 of them in 20
    assert sum(categories[pid] == VISION for pid in shown) >= 12
    assert is_seen(window.table)
    # read one with Space and dismiss another with X: the next visit no longer shows them
    window.select_paper(shown[0])
    window.focus_list()
    press(window, Qt.Key.Key_Space)
    window.select_paper(shown[1])
    press(window, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: window.library.paper(shown[1]).dismissed, timeout=WAIT_MS)
    _click_sidebar(window, SidebarFilter("all"))
    qtbot.waitUntil(lambda: window.model.rowCount() == len(categories), timeout=WAIT_MS)
    _click_sidebar(window, top)
    qtbot.waitUntil(lambda: window.model.rowCount() == count, timeout=WAIT_MS)
    again = _shown_ids(window)
    assert shown[0] not in again and shown[1] not in again and again[0] == shown[2]


def test_a_digest_opens_sorted_for_you_and_the_readers_own_order_wins(
    qtbot, categories: dict[int, str], window: MainWindow
) -> None:
    _star_vision_and_learn(qtbot, window, categories)
    library_order = window.sort_order()
    assert library_order != FOR_YOU
    (digest,) = window.library.digests()

    _click_sidebar(window, SidebarFilter("digest", digest.id))
    qtbot.waitUntil(lambda: window.sort_order() == FOR_YOU, timeout=WAIT_MS)
    first = _shown_ids(window)[:10]
    assert sum(categories[pid] == VISION for pid in first) >= 8

    _click_sidebar(window, SidebarFilter("all"))  # the other views keep their own order
    qtbot.waitUntil(lambda: window.sort_order() == library_order, timeout=WAIT_MS)

    _click_sidebar(window, SidebarFilter("digest", digest.id))
    qtbot.waitUntil(lambda: window.sort_order() == FOR_YOU, timeout=WAIT_MS)
    _click_header(window, PaperTableModel.TITLE)  # the reader prefers titles here
    qtbot.waitUntil(lambda: window.sort_order()[0] == PaperTableModel.TITLE, timeout=WAIT_MS)
    chosen = window.sort_order()
    _click_sidebar(window, SidebarFilter("all"))
    qtbot.waitUntil(lambda: window.sort_order() == library_order, timeout=WAIT_MS)
    _click_sidebar(window, SidebarFilter("digest", digest.id))
    qtbot.waitUntil(lambda: window.sort_order() == chosen, timeout=WAIT_MS)
    titles = [window.model.row_at(n).title for n in range(window.model.rowCount())]
    assert titles == sorted(titles, reverse=chosen[1]) or titles == sorted(
        titles, key=str.casefold, reverse=chosen[1]
    )


def test_the_inbox_opens_sorted_for_you(
    qtbot, categories: dict[int, str], window: MainWindow
) -> None:
    _star_vision_and_learn(qtbot, window, categories)
    library_order = window.sort_order()
    panel = window.feeds.panel
    inbox = panel.item_for(INBOX)
    click(panel.viewport(), panel.visualItemRect(inbox).center())
    qtbot.waitUntil(lambda: window.sort_order() == FOR_YOU, timeout=WAIT_MS)
    _click_sidebar(window, SidebarFilter("all"))
    qtbot.waitUntil(lambda: window.sort_order() == library_order, timeout=WAIT_MS)


def test_without_a_ranking_a_digest_keeps_the_list_order(
    qtbot, categories: dict[int, str], window: MainWindow
) -> None:
    order = window.sort_order()
    (digest,) = window.library.digests()
    _click_sidebar(window, SidebarFilter("digest", digest.id))
    qtbot.waitUntil(lambda: window.sidebars.view.kind == "digest", timeout=WAIT_MS)
    assert window.sort_order() == order
    assert not window.sidebar_model.index_for_filter(SidebarFilter("top")).isValid()


def test_top_picks_is_shown_again_when_the_window_opens_again(
    qtbot, categories: dict[int, str], window: MainWindow
) -> None:
    _star_vision_and_learn(qtbot, window, categories)
    press(
        window,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )  # View > Top Picks for You
    qtbot.waitUntil(
        lambda: window.sidebars.view.kind == "top" and window.model.rowCount() == 20,
        timeout=WAIT_MS,
    )
    shown = _shown_ids(window)
    window.close()

    again = MainWindow(window.library)
    qtbot.addWidget(again)
    again.resize(1280, 800)
    activate(qtbot, again)
    qtbot.waitUntil(
        lambda: again.sidebars.view.kind == "top" and again.model.rowCount() == 20,
        timeout=TRAINING_MS,
    )
    assert _shown_ids(again) == shown
    top = again.sidebar_model.index_for_filter(SidebarFilter("top"))
    assert again.sidebar.currentIndex() == top  # the sidebar shows where the reader is
    assert is_seen(again.table) and is_seen(again.sidebar)
    assert "Top picks" in again.message.text()
    again.close()


@pytest.fixture
def older_vision(library: Library, categories: dict[int, str]) -> set[int]:
    """The vision papers left to triage, as if they came in a digest a month ago."""
    older = set(sorted(pid for pid, c in categories.items() if c == VISION)[10:])
    with sqlite3.connect(library.database_path) as conn:
        conn.executemany(
            "UPDATE papers SET added = '2026-11-01T08:00:00+00:00' WHERE id = ?",
            [(pid,) for pid in older],
        )
    conn.close()
    return older


def test_top_picks_are_of_the_newest_digest_day(
    qtbot, categories: dict[int, str], older_vision: set[int], window: MainWindow
) -> None:
    top = SidebarFilter("top")
    _star_vision_and_learn(qtbot, window, categories)
    qtbot.waitUntil(lambda: window.sidebar_model.index_for_filter(top).isValid(), timeout=WAIT_MS)
    _click_sidebar(window, top)
    qtbot.waitUntil(lambda: window.model.rowCount() == 20, timeout=WAIT_MS)
    rows = [window.model.row_at(n) for n in range(window.model.rowCount())]
    # the older vision papers would rank first; Top Picks are today's digest only
    assert not {row.id for row in rows} & older_vision
    assert {row.added[:10] for row in rows} == {max(r.added[:10] for r in window.list.rows)}
    press(
        window,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert f"added on {rows[0].added[:10]}" in window.message.text()
