"""The Subscriptions section's counts stay right as the library changes: after a fetch,
a rule removed in the Rules dialog, "Not interested" (X), an import and its undo, and a
fetch's digest removed from the command line while the window is open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from readinglist import cli
from readinglist.ui.main_window import MainWindow
from readinglist.ui.subscriptions_panel import INBOX, SUBSCRIPTION
from tests.ui.test_window_import import drop_paths
from tests.ui.test_window_subscriptions import script, server, window  # noqa: F401
from tests.ui.user import WAIT_MS, click, press


def _counts(win: MainWindow) -> tuple[str, str]:
    """What the section shows beside the Inbox and beside the subscription HF."""
    panel = win.feeds.panel
    return panel.item_for(INBOX).text(1), panel.item_for(SUBSCRIPTION, 1).text(1)


def _fetched(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The fetch on start is done: 17 papers, three of them hidden by the video rule."""
    qtbot.waitUntil(lambda: bool(win.feeds.notifier.messages), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: win.feeds.job is None, timeout=WAIT_MS)
    assert _counts(win) == ("14", "17")


def test_not_interested_takes_a_paper_out_of_the_inbox_count(
    qtbot,
    window: MainWindow,  # noqa: F811
) -> None:
    _fetched(qtbot, window)
    first, second = window.library.subscriptions.inbox_ids()[:2]
    window.select_paper(first)
    window.focus_list()
    press(window, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: _counts(window) == ("13", "17"), timeout=WAIT_MS)
    window.select_paper(second)
    press(window, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: _counts(window) == ("12", "17"), timeout=WAIT_MS)
    window.table.setFocus()
    press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the second X
    qtbot.waitUntil(lambda: _counts(window) == ("13", "17"), timeout=WAIT_MS)


def test_removing_the_hide_rule_brings_its_papers_back_into_the_inbox_count(
    qtbot,
    window: MainWindow,  # noqa: F811
) -> None:
    _fetched(qtbot, window)
    window.feeds.rules_action.trigger()
    dialog = window.feeds.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    hide = next(n for n in range(dialog.list.count()) if "hide" in dialog.list.item(n).text())
    dialog.list.setCurrentRow(hide)
    click(dialog.remove_button)
    assert dialog.list.count() == 1
    qtbot.waitUntil(lambda: _counts(window) == ("17", "17"), timeout=WAIT_MS)


def test_an_import_and_its_undo_move_the_inbox_count(
    qtbot,
    window: MainWindow,  # noqa: F811
    example_digest: Path,
) -> None:
    _fetched(qtbot, window)
    drop_paths(window, example_digest)
    qtbot.waitUntil(lambda: "new" in window.message.text() and window.imports.job is None,
                    timeout=WAIT_MS)  # fmt: skip
    arrived = len(window.library.subscriptions.inbox_ids())
    assert arrived > 14
    qtbot.waitUntil(lambda: _counts(window) == (str(arrived), "17"), timeout=WAIT_MS)
    click(window.undo_import_button)
    qtbot.waitUntil(lambda: _counts(window) == ("14", "17"), timeout=WAIT_MS)


def test_a_fetch_undone_from_the_command_line_leaves_the_counts(
    qtbot,
    window: MainWindow,  # noqa: F811
    capsys,
) -> None:
    _fetched(qtbot, window)
    directory = str(window.library.directory)
    for digest_id in window.library.subscriptions.digest_ids("HF"):
        assert cli.main(["--data-dir", directory, "remove-digest", str(digest_id)]) == 0
    capsys.readouterr()
    qtbot.waitUntil(lambda: _counts(window) == ("", ""), timeout=WAIT_MS)
