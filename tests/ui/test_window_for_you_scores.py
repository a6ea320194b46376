"""The window's "For you" ranking computes nothing heavy in the window's own process (the
features, the training and the scores come from another process, so the window never
stalls on them), and a window opened again ranks from the scores kept in the library."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from readinglist.core.library import Library
from readinglist.core.ranking.model import LinearModel
from readinglist.core.ranking.ranker import Ranker
from readinglist.core.ranking.store import FeatureStore
from readinglist.ui.main_window import MainWindow
from readinglist.ui.models.paper_table_model import PaperTableModel
from tests.ranking_fixtures import VISION, import_small_set
from tests.ui.user import WAIT_MS, activate, is_seen, press, type_text

TRAINING_MS = 120_000  # a training process on a busy machine
SCORE_COLUMN = PaperTableModel.SCORE


@pytest.fixture
def categories(library: Library) -> dict[int, str]:
    return import_small_set(library)


def _no_computing_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Computing features, training or scoring in the window's process fails."""

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("computed in the window's process")

    monkeypatch.setattr(FeatureStore, "refresh", refuse)
    monkeypatch.setattr(LinearModel, "decisions", refuse)
    monkeypatch.setattr(Ranker, "retrain", refuse)


def _sort_for_you(window: MainWindow) -> None:
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(window, Qt.Key.Key_Y, modifiers)


def _learned(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: (
            window.for_you.mode == "learned"
            and window.for_you.job is None
            and not window.for_you._timer.isActive()
        ),
        timeout=TRAINING_MS,
    )


def _top_categories(window: MainWindow, categories: dict[int, str], n: int) -> list[str]:
    return [categories[window.model.row_at(row).id] for row in range(n)]


def test_the_window_ranks_without_computing_in_its_own_process(
    qtbot, categories: dict[int, str], window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_computing_here(monkeypatch)
    vision = sorted(pid for pid, c in categories.items() if c == VISION)
    for pid in vision[:10]:
        window.select_paper(pid)
        window.focus_list()
        press(window, Qt.Key.Key_S)
    _learned(qtbot, window)
    _sort_for_you(window)
    assert _top_categories(window, categories, 15).count(VISION) >= 13
    assert "learned from your marks" in window.for_you.status.text()


def test_a_window_opened_again_ranks_from_the_kept_scores(
    qtbot, categories: dict[int, str], window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    vision = sorted(pid for pid, c in categories.items() if c == VISION)
    for pid in vision[:10]:
        window.select_paper(pid)
        window.focus_list()
        press(window, Qt.Key.Key_S)
    _learned(qtbot, window)
    _sort_for_you(window)
    first = [window.model.row_at(row).id for row in range(20)]
    window.close()

    _no_computing_here(monkeypatch)  # a restart: nothing is computed again
    again = MainWindow(window.library)
    qtbot.addWidget(again)
    again.resize(1280, 800)
    activate(qtbot, again)
    _learned(qtbot, again)
    _sort_for_you(again)
    assert [again.model.row_at(row).id for row in range(20)] == first
    bar = again.model.index(0, PaperTableModel.SCORE).data()
    assert 0.5 < float(bar) <= 1.0
    again.select_paper(first[12])
    assert is_seen(again.for_you.why)
    qtbot.waitUntil(lambda: is_seen(again.statusBar()), timeout=WAIT_MS)
    again.close()


def test_searching_score_shows_the_papers_ranked_that_high(
    qtbot, categories: dict[int, str], window: MainWindow
) -> None:
    vision = sorted(pid for pid, c in categories.items() if c == VISION)
    for pid in vision[:10]:
        window.select_paper(pid)
        window.focus_list()
        press(window, Qt.Key.Key_S)
    _learned(qtbot, window)
    scores = window.for_you.scores
    expected = {pid for pid, score in scores.items() if score > 0.9}
    assert 5 <= len(expected) < len(categories) / 4

    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(window, "score:>0.9")

    def shown() -> set[int]:
        return {window.model.row_at(row).id for row in range(window.model.rowCount())}

    qtbot.waitUntil(lambda: shown() == expected, timeout=WAIT_MS)
    bars = [
        float(window.model.index(row, PaperTableModel.SCORE).data())
        for row in range(window.model.rowCount())
    ]
    assert all(bar > 0.9 for bar in bars)
    assert sum(categories[pid] == VISION for pid in expected) >= 0.8 * len(expected)
    assert is_seen(window.table)


def test_closing_the_window_ends_its_training_process(
    qtbot, categories: dict[int, str], window: MainWindow
) -> None:
    vision = sorted(pid for pid, c in categories.items() if c == VISION)
    for pid in vision[:10]:
        window.select_paper(pid)
        window.focus_list()
        press(window, Qt.Key.Key_S)
    _learned(qtbot, window)
    worker = window.for_you.worker
    assert worker.pid is not None  # kept for the next retrain
    window.close()
    assert worker.pid is None


def test_the_window_reads_the_kept_scores_without_ranking_every_paper(
    qtbot, categories: dict[int, str], window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sorting every paper's score in the ranking job held the interpreter lock long
    enough to stall the window at 100k papers; the rows are sorted where they are kept."""
    ranked_sizes: list[int] = []
    real_rank = Ranker.rank

    def counted_rank(self: Ranker, paper_ids: list[int], *args: object, **kw: object) -> object:
        ranked_sizes.append(len(paper_ids))
        return real_rank(self, paper_ids, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Ranker, "rank", counted_rank)
    vision = sorted(pid for pid, c in categories.items() if c == VISION)
    for pid in vision[:10]:
        window.select_paper(pid)
        window.focus_list()
        press(window, Qt.Key.Key_S)
    _learned(qtbot, window)
    _sort_for_you(window)
    assert _top_categories(window, categories, 15).count(VISION) >= 13
    bars = [window.model.index(row, SCORE_COLUMN).data() for row in range(window.model.rowCount())]
    assert all(bar not in (None, "") for bar in bars)  # every paper shows its score
    assert max(ranked_sizes) < len(categories)  # no ranking of every paper in the job
