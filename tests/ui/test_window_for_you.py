"""The "For you" ranking in the window, used the way a reader does: star papers with S,
sort For you from the View menu's shortcut, read the score bars and the "why" words, press
X on a paper and Ctrl+Z to bring it back, keep editing while a model trains, and cancel a
long training."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from readinglist.core.library import Library
from readinglist.core.ranking import background
from readinglist.core.ranking.ranker import Ranker
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import PaperTableModel
from tests.ranking_fixtures import VISION, import_small_set
from tests.ui.user import WAIT_MS, click, is_seen, press

TRAINING_MS = 120_000  # a training process on a busy machine


@pytest.fixture
def categories(library: Library) -> dict[int, str]:
    return import_small_set(library)


def _star_with_keys(qtbot, window: MainWindow, ids: list[int]) -> None:  # type: ignore[no-untyped-def]
    for pid in ids:
        window.select_paper(pid)
        window.focus_list()
        press(window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: all(window.library.paper(pid).starred for pid in ids), timeout=WAIT_MS)


def _shown_ids(window: MainWindow) -> list[int]:
    return [window.model.row_at(n).id for n in range(window.model.rowCount())]


def _settled(window: MainWindow) -> bool:
    """No ranking runs and none is due: the order shown is the one the last marks give (a
    retrain still pending would re-rank the list after the test looked at it)."""
    return window.for_you.job is None and not window.for_you._timer.isActive()


def _learned(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: window.for_you.mode == "learned" and _settled(window), timeout=TRAINING_MS
    )


def _sort_for_you(window: MainWindow) -> None:
    press(
        window,
        Qt.Key.Key_Y,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )


def test_a_reader_who_stars_vision_papers_sees_vision_papers_first(
    qtbot, categories: dict[int, str], window: MainWindow
) -> None:
    vision = sorted(pid for pid, c in categories.items() if c == VISION)
    _star_with_keys(qtbot, window, vision[:10])
    _learned(qtbot, window)
    _sort_for_you(window)
    assert window.sort_order() == (PaperTableModel.SCORE, True)
    top = _shown_ids(window)[:20]
    assert sum(categories[pid] == VISION for pid in top) >= 16  # 10 starred + >= 6 more
    unstarred_top = [pid for pid in top if pid not in vision[:10]]
    assert sum(categories[pid] == VISION for pid in unstarred_top[:6]) >= 4
    score = window.model.index(0, PaperTableModel.SCORE).data()
    assert 0.5 < float(score) <= 1.0
    window.select_paper(unstarred_top[0])
    why = window.for_you.why
    assert is_seen(why) and "why:" in why.text()
    assert "learned from your marks" in window.for_you.status.text()


def test_x_sends_a_paper_down_and_ctrl_z_brings_it_back(
    qtbot, categories: dict[int, str], window: MainWindow
) -> None:
    vision = sorted(pid for pid, c in categories.items() if c == VISION)
    _star_with_keys(qtbot, window, vision[:10])
    _learned(qtbot, window)
    _sort_for_you(window)
    top = _shown_ids(window)[0]
    window.select_paper(top)
    window.focus_list()
    press(window, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: _shown_ids(window)[0] != top, timeout=WAIT_MS)
    assert _shown_ids(window).index(top) >= len(categories) - 10
    assert "Not interested" in window.message.text()
    assert window.library.paper(top).dismissed
    press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # The retrain X asked for may still answer (with the paper dismissed) after Ctrl+Z:
    # the order to check is the one once the ranking has caught up with the undo.
    qtbot.waitUntil(lambda: _settled(window) and _shown_ids(window)[0] == top, timeout=TRAINING_MS)
    assert not window.library.paper(top).dismissed


def test_a_few_stars_rank_by_similarity_and_the_window_says_so(
    qtbot, categories: dict[int, str], window: MainWindow
) -> None:
    vision = sorted(pid for pid, c in categories.items() if c == VISION)
    _star_with_keys(qtbot, window, vision[:2])
    qtbot.waitUntil(lambda: window.for_you.mode == "similar", timeout=TRAINING_MS)
    assert "few signals yet" in window.for_you.status.text()
    _sort_for_you(window)
    window.select_paper(_shown_ids(window)[3])
    assert is_seen(window.for_you.why) and "similarity" in window.for_you.why.text()


def test_editing_goes_on_while_a_model_trains(
    qtbot, categories: dict[int, str], window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_update = background.update
    release = threading.Event()

    def held_update(ranker: Ranker, cancel: threading.Event, **options: object) -> bool:
        release.wait(TRAINING_MS / 1000)  # the training goes on until the edit is seen
        return real_update(ranker, cancel, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(background, "update", held_update)
    vision = sorted(pid for pid, c in categories.items() if c == VISION)
    _star_with_keys(qtbot, window, vision[:8])
    qtbot.waitUntil(lambda: window.for_you.job is not None, timeout=WAIT_MS)
    window.for_you.refresh()  # another request while one runs: queued, not blocking
    other = sorted(pid for pid, c in categories.items() if c == "cs.CR")[0]
    window.select_paper(other)
    window.focus_list()
    press(window, Qt.Key.Key_S)
    row = window.model.position_of(other)
    assert row is not None and window.model.index(row, PaperTableModel.STAR).data() == "★"
    assert window.library.paper(other).starred
    assert window.for_you.job is not None  # still training
    release.set()
    _learned(qtbot, window)


def test_cancel_stops_a_long_training_and_the_list_stays_as_it_was(
    qtbot, categories: dict[int, str], window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_update = background.update

    def long_update(ranker: Ranker, cancel: threading.Event, **options: object) -> bool:
        assert isinstance(cancel, threading.Event)
        cancel.wait(TRAINING_MS / 1000)  # a training that lasts until Cancel is pressed
        return real_update(ranker, cancel, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(background, "update", long_update)
    vision = sorted(pid for pid, c in categories.items() if c == VISION)
    _star_with_keys(qtbot, window, vision[:8])
    cancel = window.for_you.cancel_button
    qtbot.waitUntil(lambda: is_seen(cancel), timeout=WAIT_MS)
    assert "ranking" in window.for_you.status.text()
    order = _shown_ids(window)

    click(cancel)

    qtbot.waitUntil(lambda: "cancelled" in window.for_you.status.text(), timeout=TRAINING_MS)
    assert not cancel.isVisible() and window.for_you.job is None
    assert window.for_you.mode == "none" and not window.for_you.scores
    assert _shown_ids(window) == order
    assert window.library.ranking.needs_training()  # no model was written
    monkeypatch.setattr(background, "update", real_update)
    _star_with_keys(qtbot, window, vision[8:10])  # the next change trains again
    _learned(qtbot, window)


def test_x_says_one_paper_in_words(qtbot, categories: dict[int, str], window: MainWindow) -> None:
    """X's message counted "1 paper(s)": it says "1 paper", and "it" for the one."""
    first = sorted(categories)[0]
    window.select_paper(first)
    window.focus_list()
    press(window, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: window.library.paper(first).dismissed, timeout=WAIT_MS)
    assert window.message.text() == "Not interested: 1 paper. Ctrl+Z brings it back."
    press(window, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: not window.library.paper(first).dismissed, timeout=WAIT_MS)
    assert window.message.text() == "1 paper back in the ranking."
