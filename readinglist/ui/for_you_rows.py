"""The "For you" scores put on the paper list's rows: every row, or only those read again,
walked in an ``ApplyJob`` worker and shown in one update (re-sorted when the list is
sorted by score); rows an import merged in get theirs here, without a walk; one walk at a
time, the next one asked for meanwhile runs after it. Used by ``ForYouController``."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QThreadPool
from PySide6.QtWidgets import QMainWindow

from readinglist.domain.entities import PaperRow
from readinglist.ui.for_you_apply import Applied, ApplyJob, merged_candidates
from readinglist.ui.for_you_imports import DigestScores
from readinglist.ui.for_you_job import RankOutcome
from readinglist.ui.for_you_views import ForYouViews
from readinglist.ui.models.paper_table_model import PaperTableModel

SCORE = PaperTableModel.SCORE


class Ranked(Protocol):
    """What the rows need of the ranking: its scores, the dismissed papers, the views it
    keeps up to date, the new digest's scores, and how a new ranking is shown."""

    scores: dict[int, float]
    dismissed: set[int]
    views: ForYouViews
    digests: DigestScores

    def show_ranking(self, outcome: RankOutcome) -> None:
        """A new ranking, its scores now on the rows."""


class ScoreRows(QObject):
    """Puts ``ranked``'s scores on ``window``'s rows (see the module docstring)."""

    def __init__(self, window: QMainWindow, pool: QThreadPool, ranked: Ranked) -> None:
        super().__init__(window)
        self.window = window
        self._pool = pool
        self._ranked = ranked
        self.applying: ApplyJob | None = None  # scores being put on the rows
        self.outcome: RankOutcome | None = None  # a ranking waiting for its rows
        self._applying_outcome: RankOutcome | None = None  # the one being applied
        self._apply_next: tuple[bool, bool] | None = None  # (every, resort) asked meanwhile
        self._replacing = False  # the rows are being replaced by the job's order
        # rows merged while the new digest's scores were awaited: (the list, its fresh rows)
        self._held_merge: tuple[list[PaperRow], list[PaperRow]] | None = None
        self.refilter = False  # Top Picks shows the new picks once they are on the rows

    def score_of(self, paper_id: int) -> float | None:
        """The score a row of ``paper_id`` shows (None: nothing ranked yet)."""
        ranked = self._ranked
        if not ranked.scores:
            return None
        return 0.0 if paper_id in ranked.dismissed else ranked.scores.get(paper_id)

    def rows_of(self, ids: list[int]) -> list[PaperRow]:
        """The list's rows of these papers (those it shows)."""
        model = self.window.model  # type: ignore[attr-defined]
        positions = (model.position_of(pid) for pid in ids)
        return [model.row_at(at) for at in positions if at is not None]

    def digest_scored(self) -> None:
        """The new digest's scores are in: the rows merged while they were awaited get
        them (or every row read again since, in a worker)."""
        held, self._held_merge = self._held_merge, None  # the rows waited for them
        rows = self.window.papers.rows  # type: ignore[attr-defined]
        if held is None or held[0] is not rows or not self._merge_scores(held[1]):
            self.apply(every=False)

    def apply(self, *, every: bool, resort: bool = False) -> None:
        """Put the scores on the rows in a worker (``every`` row, or only those read
        again since), then show them in one update (``_on_applied``)."""
        if self.applying is not None:  # one at a time: the next walks the rows then
            was_every, was_resort = self._apply_next or (False, False)
            self._apply_next = (every or was_every, resort or was_resort)
            return
        outcome, self.outcome = self.outcome, None  # a new ranking: its scores
        ranked = self._ranked
        job = ApplyJob(
            self.window.papers.rows,  # type: ignore[attr-defined]
            outcome.scores if outcome else ranked.scores,
            outcome.dismissed if outcome else frozenset(ranked.dismissed),
            self.window.sort_order(),  # type: ignore[attr-defined]
            every=every or outcome is not None,
            resort=resort,
        )
        job.signals.finished.connect(self._on_applied)  # a bound slot: queued to this thread
        self.applying, self._applying_outcome = job, outcome
        self._pool.start(job)

    def _on_applied(self, applied: Applied) -> None:
        outcome, self.applying, self._applying_outcome = self._applying_outcome, None, None
        if outcome is not None:
            self._ranked.show_ranking(outcome)
        papers = self.window.papers  # type: ignore[attr-defined]
        views = self._ranked.views
        if applied.rows is papers.rows:  # the rows the job walked are still the list
            views.candidates = applied.candidates
            views.day = applied.day
            if applied.ordered is not None:
                self._replacing = True
                try:
                    papers.replace(applied.ordered, applied.positions)  # one reset
                finally:
                    self._replacing = False
            elif applied.changed:
                self.repaint()
            views.update(refilter=self.refilter)
            self.refilter = False
        else:  # replaced meanwhile: rows read since lack the scores (or have older ones)
            every, resort = self._apply_next or (False, False)
            self._apply_next = (every or outcome is not None, True)
        if self._apply_next is not None:
            every, resort = self._apply_next
            self._apply_next = None
            self.apply(every=every, resort=resort)

    def rows_replaced(self) -> None:
        """Rows read again from the library (a reload, a re-sort) get their scores, in a
        worker; rows an import or a fetch merged in, here (see ``_merge_scores``)."""
        if not self._ranked.scores or self._replacing:
            return
        papers = self.window.papers  # type: ignore[attr-defined]
        merged = papers.merged
        if self._ranked.digests.waiting:  # once the new digest's scores are in: one merge
            one = merged is not None and self._held_merge is None
            self._held_merge = (papers.rows, merged.fresh) if one else None  # type: ignore[union-attr]
        elif merged is None or not self._merge_scores(merged.fresh):
            self.apply(every=False)

    def _merge_scores(self, fresh: list[PaperRow]) -> bool:
        """Rows an import merged into the list (most with their scores from its worker):
        the missing scores and the Top Picks candidates found among those rows only, not
        by a worker's pass over every row. False (nothing done) when a walk is needed:
        a ranking is being applied, or a row got a score the list is sorted by."""
        views = self._ranked.views
        if self.applying is not None or self.outcome is not None or not views.day:
            return False
        missing = [r for r in fresh if r.score is None and self.score_of(r.id) is not None]
        if missing and self.window.sort_order()[0] == SCORE:  # type: ignore[attr-defined]
            return False  # their places change: sorted again in the worker
        for row in missing:
            row.score = self.score_of(row.id)
        held = self.window.papers.find(views.candidates)  # type: ignore[attr-defined]
        views.candidates, views.day = merged_candidates(
            views.candidates,
            views.day,
            held,
            fresh,
            self._ranked.scores,
            frozenset(self._ranked.dismissed),
        )
        if missing:
            self.repaint()
        views.update()
        return True

    def repaint(self) -> None:
        """Repaint the score column (its values changed in place)."""
        model = self.window.model  # type: ignore[attr-defined]
        if model.rowCount():
            model.dataChanged.emit(model.index(0, SCORE), model.index(model.rowCount() - 1, SCORE))
