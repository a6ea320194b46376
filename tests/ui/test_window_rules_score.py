"""The Rules dialog's live count of a ``score:`` rule: before any For you ranking exists it
says that ``score:`` matches nothing until the reader stars or tags papers (not a bare
"0 papers"); once a ranking exists it counts the papers again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from readinglist.core.library import Library
from readinglist.core.ranking import background
from readinglist.ui.main_window import MainWindow
from tests.ranking_fixtures import VISION, import_small_set
from tests.ui.user import WAIT_MS, activate, is_seen

TRAINING_MS = 120_000  # a training process on a busy machine


@pytest.fixture
def categories(library: Library) -> dict[int, str]:
    return import_small_set(library)


@pytest.fixture
def window(qtbot, library: Library, categories: dict[int, str]) -> Iterator[MainWindow]:
    win = MainWindow(library)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    activate(qtbot, win)
    yield win
    win.close()


def _type_rule(qtbot, window: MainWindow, query: str):  # type: ignore[no-untyped-def]
    window.feeds.rules_action.trigger()
    dialog = window.feeds.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    dialog.query.setFocus()
    qtbot.keyClicks(dialog.query, query)
    return dialog


def test_a_score_rule_without_a_ranking_says_why_it_matches_nothing(
    qtbot, window: MainWindow
) -> None:
    dialog = _type_rule(qtbot, window, "score:>0.8")
    qtbot.waitUntil(lambda: bool(dialog.count.text()), timeout=WAIT_MS)
    text = dialog.count.text()
    assert text == "No ranking yet — score: matches nothing until you star or tag papers"
    assert "5 papers are starred or tagged" in dialog.count.toolTip()
    assert is_seen(dialog.count)
    dialog.query.clear()
    qtbot.keyClicks(dialog.query, "title:learning")  # no score: counted as before
    qtbot.waitUntil(lambda: dialog.count.text().startswith("Would match"), timeout=WAIT_MS)


def test_once_ranked_a_score_rule_is_counted(
    qtbot, window: MainWindow, library: Library, categories: dict[int, str]
) -> None:
    library.set_starred(sorted(pid for pid, c in categories.items() if c == VISION)[:10])
    assert background.update(library.ranking)
    expected = len(library.matching_ids("score:>0.8", as_you_type=False))
    assert expected > 0
    dialog = _type_rule(qtbot, window, "score:>0.8")
    qtbot.waitUntil(lambda: bool(dialog.count.text()), timeout=TRAINING_MS)
    assert dialog.count.text() == f"Would match {expected} papers in the last digests"
