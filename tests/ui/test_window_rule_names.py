"""A rule named in the Rules dialog is called by its name: in the dialog's list, in the
tooltip of the papers it highlights and in the notification of a scheduled fetch."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from readinglist.core.library import Library
from readinglist.domain.subscriptions import HF_DAILY
from readinglist.ui import subscriptions_controller
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import PaperTableModel
from tests.local_server import FeedScript, default_paths, serving
from tests.ui.test_window_highlights import _cell
from tests.ui.user import WAIT_MS, activate, click

START = datetime(2026, 8, 21, 9, 0, tzinfo=UTC)


@pytest.fixture
def window(
    qtbot, library: Library, example_digest: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    """Subscribed to Daily Papers, nothing fetched yet (the schedule's first look waits)."""
    with serving(FeedScript(paths=default_paths())) as base:
        monkeypatch.setenv("READINGLIST_HF_URL", base)
        monkeypatch.setattr(subscriptions_controller, "START_DELAY_MS", 600_000)
        library.subscriptions.subscribe("HF", HF_DAILY)
        win = MainWindow(library, example_digest=example_digest)
        win.feeds.clock = lambda: START
        qtbot.addWidget(win)
        win.resize(1280, 800)
        activate(qtbot, win)
        yield win
        win.close()


def _add_rule(qtbot, win: MainWindow, query: str, action: str, name: str) -> None:  # type: ignore[no-untyped-def]
    dialog = win.feeds.dialog
    dialog.query.setFocus()
    qtbot.keyClicks(dialog.query, query)
    dialog.action.setCurrentIndex(dialog.action.findData(action))
    if name:
        qtbot.keyClicks(dialog.name, name)
    click(dialog.add_button)
    assert dialog.message.text() == "Added. It acts on papers that arrive from now on."


def test_a_named_rule_is_called_by_its_name(qtbot, window: MainWindow) -> None:
    window.feeds.rules_action.trigger()
    dialog = window.feeds.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    _add_rule(qtbot, window, "title:benchmark", "highlight", "Benchmarks")
    _add_rule(qtbot, window, "title:benchmark", "notify", "Benchmarks")
    _add_rule(qtbot, window, "*", "notify", "")
    assert [dialog.list.item(n).text() for n in range(dialog.list.count())] == [
        "Benchmarks: title:benchmark -> highlight   [everywhere]",
        "Benchmarks: title:benchmark -> notify   [everywhere]",
        "* -> notify   [everywhere]",
    ]
    assert dialog.name.text() == ""  # the form is ready for the next rule
    dialog.reject()

    window.feeds.timer.setInterval(20)  # the schedule looks: HF is due
    qtbot.waitUntil(lambda: bool(window.feeds.notifier.messages), timeout=WAIT_MS)
    marked = window.library.matching_ids("title:benchmark", as_you_type=False)
    assert marked
    assert window.feeds.notifier.messages == [
        f"17 new papers match your rules: “Benchmarks” {len(marked)}, “*” 17"
    ]
    title = window.library.paper(min(marked)).title
    qtbot.waitUntil(lambda: window.model.rowCount() == 17, timeout=WAIT_MS)
    where = _cell(window, title, PaperTableModel.TITLE)
    viewport = window.table.viewport()
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, where, viewport.mapToGlobal(where))
    )
    qtbot.waitUntil(QToolTip.isVisible, timeout=WAIT_MS)
    assert QToolTip.text() == "Highlighted by your rule “Benchmarks”"
