"""A highlight rule marks the papers it matched in the paper list: the row is tinted, the
title carries a marker, and hovering names the rule; removing the rule draws them plainly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QColor, QHelpEvent, QPalette
from PySide6.QtWidgets import QApplication, QToolTip

from readinglist.core.library import Library
from readinglist.domain.subscriptions import HF_DAILY
from readinglist.ui import subscriptions_controller
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import PaperTableModel
from tests.local_server import FeedScript, default_paths, serving
from tests.ui.user import WAIT_MS, activate, click

START = datetime(2026, 8, 21, 9, 0, tzinfo=UTC)
RULE = "title:benchmark"


@pytest.fixture
def window(
    qtbot, library: Library, example_digest: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    """Subscribed to Daily Papers with a highlight rule; the fetch on start brings 17."""
    with serving(FeedScript(paths=default_paths())) as base:
        monkeypatch.setenv("READINGLIST_HF_URL", base)
        monkeypatch.setattr(subscriptions_controller, "START_DELAY_MS", 50)
        library.subscriptions.subscribe("HF", HF_DAILY)
        library.subscriptions.add_rule(RULE, "highlight")
        win = MainWindow(library, example_digest=example_digest)
        win.feeds.clock = lambda: START
        qtbot.addWidget(win)
        win.resize(1280, 800)
        activate(qtbot, win)
        qtbot.waitUntil(lambda: win.model.rowCount() == 17, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: win.feeds.job is None, timeout=WAIT_MS)
        yield win
        win.close()


def _cell(win: MainWindow, title: str, column: int) -> QPoint:
    """Where a person sees this paper's cell in the given column."""
    model = win.model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).title == title)
    win.table.scrollTo(model.index(row, column))
    return win.table.visualRect(model.index(row, column)).center()


def _background(win: MainWindow, title: str) -> QColor:
    """The colour on screen in the paper's empty star cell (not starred; the Tags column is
    hidden while no paper has a tag)."""
    point = _cell(win, title, PaperTableModel.STAR)
    return win.table.viewport().grab().toImage().pixelColor(point)


def _distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def test_papers_a_rule_highlights_are_marked_and_say_why(qtbot, window: MainWindow) -> None:
    matched = window.library.matching_ids(RULE, as_you_type=False)
    titles = {p.id: p.title for p in window.library.papers()}
    marked = sorted(titles[i] for i in matched)
    plain = sorted(set(titles.values()) - set(marked))
    assert marked and plain
    click(window.table.viewport(), _cell(window, plain[0], PaperTableModel.TITLE))  # not marked
    qtbot.waitUntil(lambda: window.detail.current_paper_id() is not None, timeout=WAIT_MS)
    highlight = window.table.palette().color(QPalette.ColorRole.Highlight)
    tinted = _background(window, marked[0])
    untouched = _background(window, plain[1])
    assert _distance(tinted, highlight) < _distance(untouched, highlight)

    where = _cell(window, marked[0], PaperTableModel.TITLE)  # hovering the title
    qtbot.mouseMove(window.table.viewport(), where)
    viewport = window.table.viewport()  # the mouse rests there: the platform asks for help
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, where, viewport.mapToGlobal(where))
    )
    qtbot.waitUntil(QToolTip.isVisible, timeout=WAIT_MS)
    assert QToolTip.text() == f"Highlighted by your rule “{RULE}”"

    window.feeds.rules_action.trigger()  # the rule goes: the rows are drawn plainly again
    dialog = window.feeds.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    click(dialog.remove_button)
    dialog.reject()
    qtbot.waitUntil(lambda: _background(window, marked[0]) != tinted, timeout=WAIT_MS)
    again = _background(window, marked[0])
    assert _distance(again, highlight) > _distance(tinted, highlight)
