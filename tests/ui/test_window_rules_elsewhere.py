"""Rules and subscriptions changed by another process (``readinglist rules add|remove``,
``subscribe`` while the window is open): the window's next fetch applies the rules as the
library has them, a rule removed elsewhere stops marking its papers on screen, and a
subscription added elsewhere appears in the Subscriptions section."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from readinglist.core.library import Library
from readinglist.domain.subscriptions import ARXIV_LISTING
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import PaperTableModel
from readinglist.ui.subscriptions_panel import SUBSCRIPTION
from tests.ui.test_window_highlights import _background, _cell
from tests.ui.test_window_highlights import window as ruled_window  # noqa: F401
from tests.ui.test_window_rule_names import window as fresh_window  # noqa: F401
from tests.ui.user import WAIT_MS, is_seen

# fresh_window: subscribed to Daily Papers, nothing fetched yet; ruled_window: the fetch on
# start brought 17 papers and a highlight rule marked some


def _tooltip(win: MainWindow, title: str) -> str:
    """What hovering the paper's title says ("" when no tooltip shows)."""
    where = _cell(win, title, PaperTableModel.TITLE)
    viewport = win.table.viewport()
    QToolTip.hideText()
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, where, viewport.mapToGlobal(where))
    )
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_a_rule_added_by_another_process_acts_on_the_next_fetch(
    qtbot,
    fresh_window: MainWindow,  # noqa: F811
) -> None:
    win = fresh_window
    with Library.open(win.library.directory) as elsewhere:  # as the command line does
        elsewhere.subscriptions.add_rule("title:benchmark", "highlight", name="Benchmarks")
        elsewhere.subscriptions.add_rule("title:benchmark", "notify", name="Benchmarks")

    win.feeds.timer.setInterval(20)  # the schedule looks: HF is due
    qtbot.waitUntil(lambda: bool(win.feeds.notifier.messages), timeout=WAIT_MS)
    marked = win.library.matching_ids("title:benchmark", as_you_type=False)
    assert marked
    assert win.feeds.notifier.messages == [
        f"{len(marked)} new papers match your rules: “Benchmarks” {len(marked)}"
    ]
    title = win.library.paper(min(marked)).title
    qtbot.waitUntil(lambda: win.model.rowCount() == 17, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _tooltip(win, title).startswith("Highlighted"), timeout=WAIT_MS)
    assert _tooltip(win, title) == "Highlighted by your rule “Benchmarks”"


def test_a_rule_removed_by_another_process_stops_marking_its_papers(
    qtbot,
    ruled_window: MainWindow,  # noqa: F811
) -> None:
    win = ruled_window
    marked = win.library.matching_ids("title:benchmark", as_you_type=False)
    title = win.library.paper(min(marked)).title
    qtbot.waitUntil(lambda: _tooltip(win, title).startswith("Highlighted"), timeout=WAIT_MS)
    assert _tooltip(win, title) == "Highlighted by your rule “title:benchmark”"
    tinted = _background(win, title)

    with Library.open(win.library.directory) as elsewhere:  # as the command line does
        (rule,) = elsewhere.subscriptions.rules()
        elsewhere.subscriptions.remove_rule(rule.id)

    qtbot.waitUntil(lambda: _background(win, title) != tinted, timeout=WAIT_MS)
    assert "Highlighted" not in _tooltip(win, title)  # drawn plainly, saying nothing of it


def test_a_subscription_added_by_another_process_appears_in_the_section(
    qtbot,
    ruled_window: MainWindow,  # noqa: F811
) -> None:
    win = ruled_window
    with Library.open(win.library.directory) as elsewhere:
        added = elsewhere.subscriptions.subscribe("arXiv cs.CL", ARXIV_LISTING, "cs.CL")

    qtbot.waitUntil(
        lambda: win.feeds.panel.item_for(SUBSCRIPTION, added.id) is not None, timeout=WAIT_MS
    )
    entry = win.feeds.panel.item_for(SUBSCRIPTION, added.id)
    assert entry.text(0) == "arXiv cs.CL" and "not fetched yet" in entry.toolTip(0)
    assert is_seen(win.feeds.panel)
