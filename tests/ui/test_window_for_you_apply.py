"""A ranking reaches the list without the GUI thread walking the rows: the scores are put
on the rows, the rows ordered For you and the Top Picks found in a worker, then shown in
one update. What the reader sees: every row's bar, the list in For you order, and Top
Picks listing the best-ranked papers still to triage."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt

from readinglist.core.library import Library
from readinglist.ui import for_you_apply, paper_rows
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import PaperTableModel
from readinglist.ui.models.sidebar_model import SidebarFilter, SidebarModel
from tests.ranking_fixtures import VISION, import_small_set
from tests.ui.user import WAIT_MS, click, is_seen, press

TRAINING_MS = 120_000  # a training process on a busy machine
SCORE = PaperTableModel.SCORE


@pytest.fixture
def categories(library: Library) -> dict[int, str]:
    return import_small_set(library)


def _on_gui_thread_recorded(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str, seen: list[str]
) -> None:
    """Record a call of ``module.name`` made on the GUI thread (what a walk over every
    row there would be); score sorts only, for ``sort_rows``."""
    real: Callable[..., Any] = getattr(module, name)

    def recording(*args: Any, **kwargs: Any) -> Any:
        on_gui = threading.current_thread() is threading.main_thread()
        if on_gui and (name != "sort_rows" or args[1] == SCORE):
            seen.append(f"{module.__name__}.{name}")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, recording)


def _shown_ids(window: MainWindow) -> list[int]:
    return [window.model.row_at(n).id for n in range(window.model.rowCount())]


def test_a_ranking_is_applied_off_the_gui_thread_and_shown_in_one_go(
    qtbot,
    categories: dict[int, str],
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(window, Qt.Key.Key_Y, modifiers)  # For you order first: no ranking yet
    assert window.sort_order() == (SCORE, True)
    on_gui_thread: list[str] = []
    _on_gui_thread_recorded(monkeypatch, paper_rows, "sort_rows", on_gui_thread)
    _on_gui_thread_recorded(monkeypatch, for_you_apply, "sort_rows", on_gui_thread)
    _on_gui_thread_recorded(monkeypatch, for_you_apply, "top_candidates", on_gui_thread)
    starred = sorted(pid for pid, c in categories.items() if c == VISION)[:10]
    for pid in starred:
        window.select_paper(pid)
        window.focus_list()
        press(window, Qt.Key.Key_S)
    # The list in its new order comes with where each paper is, from the worker too.
    _on_gui_thread_recorded(monkeypatch, paper_rows, "positions_of", on_gui_thread)
    top = SidebarFilter("top")
    for_you = window.for_you
    qtbot.waitUntil(
        lambda: (
            for_you.mode == "learned"
            and for_you.job is None
            and not for_you._timer.isActive()
            and window.sidebar_model.index_for_filter(top).isValid()
        ),
        timeout=TRAINING_MS,
    )
    qtbot.waitUntil(lambda: for_you.rows.applying is None, timeout=WAIT_MS)

    assert on_gui_thread == []
    bars = [window.model.index(n, SCORE).data() for n in range(window.model.rowCount())]
    assert len(bars) == len(categories) and all(bars)  # every row shows its score
    values = [float(bar) for bar in bars]
    assert values == sorted(values, reverse=True)  # in For you order
    assert sum(categories[pid] == VISION for pid in _shown_ids(window)[:15]) >= 13
    assert is_seen(window.table)

    scores = for_you.scores
    to_triage = [pid for pid in scores if pid not in starred]
    best = sorted(to_triage, key=lambda pid: (-scores[pid], pid))[:20]
    entry = window.sidebar_model.index_for_filter(top)
    assert entry.data(SidebarModel.CountRole) == 20
    click(window.sidebar.viewport(), window.sidebar.visualRect(entry).center())
    qtbot.waitUntil(lambda: window.model.rowCount() == 20, timeout=WAIT_MS)
    assert _shown_ids(window) == best
    assert on_gui_thread == []
