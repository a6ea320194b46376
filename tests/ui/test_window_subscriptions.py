"""Subscriptions through the window: a scheduled fetch on start (off the GUI thread) with
the notification, the Inbox, the schedule on an injected clock, a failure shown in words,
the Add Subscription dialog's preview and the Rules dialog's live count."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from readinglist.core.library import Library
from readinglist.domain.subscriptions import HF_DAILY
from readinglist.ui import subscriptions_controller
from readinglist.ui.main_window import MainWindow
from readinglist.ui.subscriptions_panel import INBOX, SUBSCRIPTION
from tests.local_server import Answer, FeedScript, default_paths, serving
from tests.ui.user import WAIT_MS, activate, click, is_seen, press

START = datetime(2026, 8, 21, 9, 0, tzinfo=UTC)


@pytest.fixture
def script() -> FeedScript:
    return FeedScript(paths=default_paths())


@pytest.fixture
def server(script: FeedScript, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with serving(script) as base:
        monkeypatch.setenv("READINGLIST_HF_URL", base)
        monkeypatch.setenv("READINGLIST_ARXIV_RSS_URL", f"{base}/rss")
        monkeypatch.setenv("READINGLIST_ARXIV_API_URL", f"{base}/api/query")
        yield base


@pytest.fixture
def window(
    qtbot, library: Library, example_digest: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    """The window on a library subscribed to Daily Papers with two rules, its clock at
    START; the scheduled look on start comes almost at once."""
    monkeypatch.setattr(subscriptions_controller, "START_DELAY_MS", 50)
    subs = library.subscriptions
    subs.subscribe("HF", HF_DAILY)
    subs.add_rule("*", "notify")
    subs.add_rule("title:video", "hide")
    win = MainWindow(library, example_digest=example_digest)
    win.feeds.clock = lambda: START
    qtbot.addWidget(win)
    win.resize(1280, 800)
    activate(qtbot, win)
    yield win
    win.close()


def _wait_fetched(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: win.feeds.job is None and "new papers" in win.message.text(),
                    timeout=WAIT_MS)  # fmt: skip


def test_a_scheduled_fetch_on_start_fills_the_list_and_notifies(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: bool(window.feeds.notifier.messages), timeout=WAIT_MS)
    assert window.feeds.notifier.messages == ["17 new papers match your rules: “*” 17"]
    qtbot.waitUntil(lambda: window.model.rowCount() == 17, timeout=WAIT_MS)
    assert is_seen(window.feeds.panel)
    hf = window.feeds.panel.item_for(SUBSCRIPTION, 1)
    assert hf is not None and hf.text(0) == "HF" and hf.text(1) == "17"
    assert "last fetch 2026-08-21 09:00: 17 new" in hf.toolTip(0)
    inbox = window.feeds.panel.item_for(INBOX)
    assert inbox is not None and inbox.text(1) == "14"  # three video papers hidden


def test_the_inbox_shows_new_papers_minus_hidden_and_empties_after_a_visit(
    qtbot, window: MainWindow
) -> None:
    qtbot.waitUntil(lambda: bool(window.feeds.notifier.messages), timeout=WAIT_MS)
    press(
        window,
        Qt.Key.Key_I,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.model.rowCount() == 14, timeout=WAIT_MS)
    assert window.message.text() == "Inbox: 14 papers arrived since your last visit."
    titles = {window.model.row_at(r).title for r in range(window.model.rowCount())}
    assert not any("Video" in title for title in titles)
    sidebar_all = window.sidebar.visualRect(window.sidebar_model.index(0, 0))
    click(window.sidebar.viewport(), sidebar_all.center())  # leave the inbox: seen
    qtbot.waitUntil(lambda: window.model.rowCount() == 17, timeout=WAIT_MS)
    assert window.feeds.panel.item_for(INBOX).text(1) == ""
    press(
        window,
        Qt.Key.Key_I,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=WAIT_MS)
    assert window.message.text() == "Inbox: 0 papers arrived since your last visit."


def test_the_schedule_follows_the_clock(qtbot, window: MainWindow, script: FeedScript) -> None:
    qtbot.waitUntil(lambda: bool(window.feeds.notifier.messages), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.feeds.job is None, timeout=WAIT_MS)
    asked = len(script.hits("/api/daily_papers"))
    window.feeds.timer.setInterval(20)
    qtbot.wait(200)  # several looks: nothing is due
    assert len(script.hits("/api/daily_papers")) == asked
    window.feeds.clock = lambda: START + timedelta(hours=25)
    qtbot.waitUntil(lambda: len(script.hits("/api/daily_papers")) > asked, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.feeds.job is None, timeout=WAIT_MS)
    days = [seen.query["date"] for seen in script.hits("/api/daily_papers")[asked:]]
    assert days[:2] == ["2026-08-21", "2026-08-22"]


def test_a_failed_fetch_shows_its_error_in_words(
    qtbot, window: MainWindow, script: FeedScript
) -> None:
    qtbot.waitUntil(lambda: bool(window.feeds.notifier.messages), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.feeds.job is None, timeout=WAIT_MS)
    script.paths["/api/daily_papers"] = Answer(b"down", status=500)
    press(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "failed" in window.message.text(), timeout=WAIT_MS)
    assert window.message.text() == "HF: failed: the server answered 500 Internal Server Error"
    hf = window.feeds.panel.item_for(SUBSCRIPTION, 1)
    assert hf.text(0) == "HF ⚠" and "the server answered 500" in hf.toolTip(0)
    assert window.model.rowCount() == 17  # nothing lost


def test_add_subscription_previews_then_subscribes(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: bool(window.feeds.notifier.messages), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.feeds.job is None, timeout=WAIT_MS)
    window.feeds.add_action.trigger()
    dialog = window.feeds.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    dialog.kind.setCurrentIndex(dialog.kind.findData("arxiv-listing"))
    dialog.category.lineEdit().selectAll()
    qtbot.keyClicks(dialog.category.lineEdit(), "cs.CL")
    click(dialog.preview_button)
    qtbot.waitUntil(lambda: dialog.preview_list.count() > 0, timeout=WAIT_MS)
    assert dialog.preview_label.text() == "It would bring 18 papers now, such as:"
    assert is_seen(dialog.preview_list)
    assert len(window.library.papers()) == 17  # a preview stores nothing
    click(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: window.feeds.panel.item_for(SUBSCRIPTION, 2) is not None,
                    timeout=WAIT_MS)  # fmt: skip
    assert window.feeds.panel.item_for(SUBSCRIPTION, 2).text(0) == "arXiv cs.CL"
    qtbot.waitUntil(lambda: window.model.rowCount() == 17 + 18, timeout=WAIT_MS)


def test_the_rules_dialog_counts_as_you_type_and_adds(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: bool(window.feeds.notifier.messages), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.feeds.job is None, timeout=WAIT_MS)
    window.feeds.rules_action.trigger()
    dialog = window.feeds.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert dialog.list.count() == 2
    dialog.query.setFocus()
    qtbot.keyClicks(dialog.query, "title:agents")
    qtbot.waitUntil(lambda: dialog.count.text().startswith("Would match"), timeout=WAIT_MS)
    expected = len(window.library.matching_ids("title:agents", as_you_type=False))
    assert dialog.count.text() == f"Would match {expected} papers in the last digests"
    dialog.action.setCurrentIndex(dialog.action.findData("tag"))
    qtbot.keyClicks(dialog.argument, "agents")
    click(dialog.add_button)
    assert dialog.list.count() == 3
    assert dialog.list.item(2).text() == "title:agents -> tag agents   [everywhere]"


def test_cancel_fetch_abandons_a_slow_answer_and_keeps_the_list(
    qtbot, window: MainWindow, script: FeedScript
) -> None:
    qtbot.waitUntil(lambda: bool(window.feeds.notifier.messages), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.feeds.job is None, timeout=WAIT_MS)
    asked, answered = len(script.hits("/api/daily_papers")), len(script.answered)
    script.paths["/api/daily_papers"] = Answer(b"[]", delay=600)  # held until the test ends
    press(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: len(script.hits("/api/daily_papers")) > asked, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: is_seen(window.feeds.cancel_button), timeout=WAIT_MS)
    click(window.feeds.cancel_button)
    qtbot.waitUntil(lambda: window.feeds.job is None, timeout=WAIT_MS)
    assert len(script.answered) == answered  # back while the server still held the answer
    assert window.message.text() == (
        "Fetch cancelled: 0 subscriptions fetched (0 new papers); the rest stay due."
    )
    assert not window.feeds.cancel_button.isVisible()
    assert window.model.rowCount() == 17
    hf = window.feeds.panel.item_for(SUBSCRIPTION, 1)
    assert hf.text(0) == "HF" and "failed" not in hf.toolTip(0)  # a cancel is no failure


def test_while_fetching_the_window_leaves_the_index_to_the_index_process(
    qtbot, window: MainWindow, script: FeedScript
) -> None:
    """As during an import, the search thread does not write the fetched papers to the
    index in the window's process (that stalled the window): searches scan them meanwhile,
    and the import's end hands the index to the index process (or to the thread when few)."""
    qtbot.waitUntil(lambda: window.feeds.job is None and bool(window.feeds.notifier.messages),
                    timeout=WAIT_MS)  # fmt: skip
    assert not window.search_thread._catching_up.is_set()
    script.paths["/api/daily_papers"] = Answer(b"[]", delay=600)  # held until cancelled
    press(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.feeds.job is not None, timeout=WAIT_MS)
    assert window.search_thread._catching_up.is_set()
    click(window.feeds.cancel_button)
    qtbot.waitUntil(lambda: window.feeds.job is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.search_thread._catching_up.is_set(), timeout=WAIT_MS)
