"""The window's "For you" ranking: the score column (a bar), View > Sort For You, View >
Top Picks (the sidebar entry, see ``for_you_views``), the words behind a score in the detail pane,
and X ("Not interested", undoable). Ranking runs in ``RankJob`` after edits and imports;
the window only applies the scores it hands back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
)

from readinglist.core.ranking.worker import TrainingWorker
from readinglist.domain.entities import ImportReport, PaperRow
from readinglist.domain.errors import ReadingListError
from readinglist.ui.for_you_apply import Applied, ApplyJob, merged_candidates
from readinglist.ui.for_you_imports import DigestScores
from readinglist.ui.for_you_job import RankJob, RankOutcome
from readinglist.ui.for_you_views import ForYouViews
from readinglist.ui.for_you_why import WhyLine
from readinglist.ui.menus import add_action
from readinglist.ui.models.paper_table_model import PaperTableModel
from readinglist.ui.models.sidebar_model import SidebarFilter
from readinglist.ui.score_delegate import ScoreBarDelegate
from readinglist.ui.workers import ImportOutcome

if TYPE_CHECKING:
    from readinglist.ui.subscriptions_controller import SubscriptionsController

RETRAIN_DELAY_MS = 1_500  # edits in a row are one retrain
SCORE = PaperTableModel.SCORE


class ForYouController(QObject):
    """Wires the ranking into a MainWindow (see the module docstring)."""

    def __init__(self, window: QMainWindow, pool: QThreadPool) -> None:
        super().__init__(window)
        self.window = window
        self.library = window.library  # type: ignore[attr-defined]
        self._pool = pool
        self.scores: dict[int, float] = {}
        self.dismissed: set[int] = set()
        self._reasons_pool = QThreadPool(self)  # never queued behind a training
        self._reasons_pool.setMaxThreadCount(1)
        self.mode = "none"
        self.job: RankJob | None = None
        self._applying: ApplyJob | None = None  # scores being put on the rows
        self._outcome: RankOutcome | None = None  # a ranking waiting for its rows
        self._applying_outcome: RankOutcome | None = None  # the one being applied
        self._apply_next: tuple[bool, bool] | None = None  # (every, resort) asked meanwhile
        self._replacing = False  # the rows are being replaced by the job's order
        # rows merged while the new digest's scores were awaited: (the list, its fresh rows)
        self._held_merge: tuple[list[PaperRow], list[PaperRow]] | None = None
        self._refilter = False
        self._again = False
        self.status = QLabel(window)
        window.statusBar().addPermanentWidget(self.status)
        self.cancel_button = QPushButton(self.tr("Cancel"), window)
        self.cancel_button.setToolTip(self.tr("Stop training the For you ranking"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        window.statusBar().addPermanentWidget(self.cancel_button)
        self.worker = TrainingWorker()  # one training process for the window's session
        self.why_line = WhyLine(window, self.worker, self._reasons_pool, self._why_text)
        self.why = self.why_line.label
        table = window.table  # type: ignore[attr-defined]
        table.setItemDelegateForColumn(SCORE, ScoreBarDelegate(table))
        table.horizontalHeader().resizeSection(SCORE, 60)
        table.selectionModel().currentRowChanged.connect(lambda *_: self._show_why())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RETRAIN_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.dismiss_key = QShortcut(QKeySequence("X"), window)
        self.dismiss_key.activated.connect(self._dismiss_unless_typing)
        menu = window._view_menu  # type: ignore[attr-defined]
        menu.addSeparator()
        self.sort_action = add_action(
            window, menu, self.tr("Sort &For You"), "Ctrl+Shift+Y", self.sort_for_you
        )
        self.top_action = add_action(
            window, menu, self.tr("&Top Picks for You"), "Ctrl+Shift+T", self.show_top_picks
        )
        window.edits.changed.connect(self._on_edited)  # type: ignore[attr-defined]
        window.edits.reloaded.connect(self._schedule)  # type: ignore[attr-defined]
        window.imports.stored.connect(self._on_stored)  # type: ignore[attr-defined]
        window.imports.started.connect(lambda: self.digests.began())  # type: ignore[attr-defined]
        window.imports.finished.connect(self._on_imported)  # type: ignore[attr-defined]
        window.papers.changed.connect(self._on_rows_replaced)  # type: ignore[attr-defined]
        self.views = ForYouViews(window, self)  # Top Picks, For you first in triage views
        self.digests = DigestScores(self.library, self.worker, self._reasons_pool, self)
        self.digests.answered = self._on_digest_scores
        imports = window.imports  # type: ignore[attr-defined]
        imports.row_scores = lambda rows: self.digests.put_on(rows, self.scores, self.dismissed)
        window.installEventFilter(self)  # its closing ends that process
        stats = self.library.stats()
        if stats.starred or stats.tags:
            self.refresh()

    @property
    def busy(self) -> bool:
        """A ranking runs, or its scores are being put on the rows."""
        return self.job is not None or self._applying is not None

    # ------------------------------------------------------------------ actions

    def refresh(self) -> None:
        """Retrain (when the signals changed) and rank again, in the background."""
        if self.job is not None:
            self._again = True
            return
        self.job = RankJob(self.library.directory, self.worker)
        self.job.signals.finished.connect(self._on_ranked)
        self.status.setText(self.tr("For you: ranking…"))
        self.cancel_button.show()
        self._pool.start(self.job)

    def follow_feeds(self, feeds: SubscriptionsController) -> None:
        """The Inbox opens sorted For you; a fetch's ``score:`` rules (and a rule's count)
        have the new papers scored by the ranking process, never in the window's."""
        self.views.follow_panel(feeds.panel)
        feeds.score_new = self.digests.score_new

    def shutdown(self) -> None:
        """The window closes: stop a training under way and end the training process."""
        if self.job is not None:
            self.job.cancel.set()
            self._again = False
        self._reasons_pool.clear()
        self.worker.close()
        self._reasons_pool.waitForDone()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """The window's Close event: :meth:`shutdown` (the event goes on to the window)."""
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False

    def cancel(self) -> None:
        """Cancel: stop the training under way (the ranking shown stays as it was)."""
        if self.job is not None:
            self.job.cancel.set()
            self._again = False
            self.status.setText(self.tr("For you: cancelling…"))

    def sort_for_you(self) -> None:
        """Order the list by score, best first."""
        header = self.window.table.horizontalHeader()  # type: ignore[attr-defined]
        header.setSortIndicator(SCORE, Qt.SortOrder.DescendingOrder)
        if not self.scores:
            self.window.show_message(self.status.toolTip() or self.status.text())  # type: ignore[attr-defined]

    def show_top_picks(self) -> None:
        """View > Top Picks: the sidebar's Top Picks (the best-ranked unread papers)."""
        sidebars = self.window.sidebars  # type: ignore[attr-defined]
        index = sidebars.model.index_for_filter(SidebarFilter("top"))
        if not index.isValid():
            self.window.show_message(self.status.toolTip() or self.status.text())  # type: ignore[attr-defined]
            return
        self.window.feeds.leave_panel()  # type: ignore[attr-defined]
        sidebars.tree.setCurrentIndex(index)
        self.window.show_message(  # type: ignore[attr-defined]
            self.tr("Top picks: the {0} unread papers added on {1} ranked best for you.").format(
                len(self.views.top_ids), self.views.day
            )
        )

    def toggle_dismissed(self) -> None:
        """X: "Not interested" on the selection (or back, when all are already)."""
        ids = self.window.selected_ids()  # type: ignore[attr-defined]
        if not ids:
            return
        value = not all(pid in self.dismissed for pid in ids)
        try:
            self.window.edits.set_flag(ids, "dismissed", value)  # type: ignore[attr-defined]
        except ReadingListError as exc:
            self.window.show_message(str(exc))  # type: ignore[attr-defined]
            return
        text = (
            self.tr("Not interested: {0} paper(s). Ctrl+Z brings them back.")
            if value
            else self.tr("{0} paper(s) back in the ranking.")
        )
        self.window.show_message(text.format(len(ids)))  # type: ignore[attr-defined]

    # ---------------------------------------------------------------- internals

    def _dismiss_unless_typing(self) -> None:
        focus = self.window.focusWidget()
        if isinstance(focus, QLineEdit | QPlainTextEdit | QTextEdit) and not focus.isReadOnly():
            return
        self.toggle_dismissed()

    def _show_why(self) -> None:
        self.why_line.show()

    def _why_text(self, paper_id: int) -> str | None:
        """The detail pane's For-you line for a paper (None: nothing ranked yet)."""
        if not self.scores:
            return None
        if paper_id in self.dismissed:
            return self.tr("For you: you marked this paper “Not interested” (X undoes it).")
        if self.mode == "learned":
            return self.why_line.words_text(paper_id, self.scores.get(paper_id))
        return self.tr("For you: few signals yet, ranked by similarity to your stars.")

    def _schedule(self) -> None:
        self._timer.start()

    def _on_stored(self, reports: list[ImportReport]) -> None:
        """New digests stored: their scores asked of the ranking process at once."""
        self.digests.stored(reports, self.mode == "learned" and bool(self.scores))

    def _on_imported(self, outcome: ImportOutcome) -> None:
        """The import ended: its scores come with the rows (asked when stored), or, when
        the process cannot tell them, from a background update soon."""
        if not self.digests.ended():
            self._schedule()

    def _on_digest_scores(self, scores: dict[int, float] | None) -> None:
        """The new digest's scores (None: left to a background update soon)."""
        if scores is None:
            self._schedule()
        else:  # a new dict: a worker may be reading the old one
            self.scores = {**self.scores, **scores}
        if not (self.digests.waiting or self.digests.importing) and self.scores:
            held, self._held_merge = self._held_merge, None  # the rows waited for them
            rows = self.window.papers.rows  # type: ignore[attr-defined]
            if held is None or held[0] is not rows or not self._merge_scores(held[1]):
                self._apply_scores(every=False)

    def _on_edited(self, ids: list[int]) -> None:
        """After window.refresh_rows re-read these rows (and already asked for their
        repaint): their scores, a dismissal shown at once (a dismissed paper sinks), and a
        retrain soon."""
        turned = False
        marked = self.window.edits.flag_changed is not None  # type: ignore[attr-defined]
        # a read or star change turns no dismissal and no score: only Top Picks change
        for pid, dismissed in ({} if marked else self.library.flags(ids, "dismissed")).items():
            if dismissed != (pid in self.dismissed):
                turned = True
                (self.dismissed.add if dismissed else self.dismissed.discard)(pid)
        rows = [] if marked else self._rows_of(ids)
        for row in rows:
            row.score = self._score_of(row.id)
        column, _ = self.window.sort_order()  # type: ignore[attr-defined]
        if turned and column == SCORE and rows:  # the rows re-sorted in a worker
            self._apply_scores(every=False, resort=True)
        self._show_why()
        self.views.update()
        self._schedule()

    def _on_ranked(self, outcome: RankOutcome) -> None:
        self.job = None
        self.cancel_button.hide()
        if outcome.cancelled:
            self.status.setText(self.tr("For you: training cancelled"))
            self.status.setToolTip(self.tr("The ranking is retrained after your next change."))
        elif outcome.error:
            self.status.setText(self.tr("For you: unavailable"))
            self.status.setToolTip(outcome.error)
        else:  # shown once its scores are on the rows (_on_applied)
            self._outcome = outcome
            self._apply_scores(every=True)
        if self._again:
            self._again = False
            self.refresh()

    def _show_ranking(self, outcome: RankOutcome) -> None:
        """A new ranking, its scores now on the rows: the window says how it was made."""
        self.scores, self.mode = outcome.scores, outcome.mode
        self.why_line.new_ranking()  # a new model may weigh the words otherwise
        self.dismissed = set(outcome.dismissed)
        self.status.setText(self._status_text())
        self.status.setToolTip(outcome.explain)
        self._refilter = True  # Top Picks shows the new picks
        self._show_why()
        if self.mode == "learned":
            self.digests.warm()  # the next digest imported is ranked at once

    def _status_text(self) -> str:
        if self.mode == "learned":
            return self.tr("For you: learned from your marks")
        if self.mode == "similar":
            return self.tr("For you: few signals yet (by similarity)")
        return self.tr("For you: star or tag papers to rank")

    def _score_of(self, paper_id: int) -> float | None:
        if not self.scores:
            return None
        return 0.0 if paper_id in self.dismissed else self.scores.get(paper_id)

    def _rows_of(self, ids: list[int]) -> list[PaperRow]:
        model = self.window.model  # type: ignore[attr-defined]
        positions = (model.position_of(pid) for pid in ids)
        return [model.row_at(at) for at in positions if at is not None]

    def recount(self) -> None:
        """Find the Top Picks candidates again (the kept ones ran out), in a worker."""
        self._apply_scores(every=False)

    def _apply_scores(self, *, every: bool, resort: bool = False) -> None:
        """Put the scores on the rows in a worker (``every`` row, or only those read
        again since), then show them in one update (``_on_applied``)."""
        if self._applying is not None:  # one at a time: the next walks the rows then
            was_every, was_resort = self._apply_next or (False, False)
            self._apply_next = (every or was_every, resort or was_resort)
            return
        outcome, self._outcome = self._outcome, None  # a new ranking: its scores
        job = ApplyJob(
            self.window.papers.rows,  # type: ignore[attr-defined]
            outcome.scores if outcome else self.scores,
            outcome.dismissed if outcome else frozenset(self.dismissed),
            self.window.sort_order(),  # type: ignore[attr-defined]
            every=every or outcome is not None,
            resort=resort,
        )
        job.signals.finished.connect(self._on_applied)  # a bound slot: queued to this thread
        self._applying, self._applying_outcome = job, outcome
        self._pool.start(job)

    def _on_applied(self, applied: Applied) -> None:
        outcome, self._applying, self._applying_outcome = self._applying_outcome, None, None
        if outcome is not None:
            self._show_ranking(outcome)
        papers = self.window.papers  # type: ignore[attr-defined]
        if applied.rows is papers.rows:  # the rows the job walked are still the list
            self.views.candidates = applied.candidates
            self.views.day = applied.day
            if applied.ordered is not None:
                self._replacing = True
                try:
                    papers.replace(applied.ordered, applied.positions)  # one reset
                finally:
                    self._replacing = False
            elif applied.changed:
                self._repaint_scores()
            self.views.update(refilter=self._refilter)
            self._refilter = False
        else:  # replaced meanwhile: rows read since lack the scores (or have older ones)
            every, resort = self._apply_next or (False, False)
            self._apply_next = (every or outcome is not None, True)
        if self._apply_next is not None:
            every, resort = self._apply_next
            self._apply_next = None
            self._apply_scores(every=every, resort=resort)

    def _on_rows_replaced(self) -> None:
        """Rows read again from the library (a reload, a re-sort) get their scores, in a
        worker; rows an import or a fetch merged in, here (see ``_merge_scores``)."""
        if not self.scores or self._replacing:
            return
        papers = self.window.papers  # type: ignore[attr-defined]
        merged = papers.merged
        if self.digests.waiting:  # once the new digest's scores are in: one merge kept
            one = merged is not None and self._held_merge is None
            self._held_merge = (papers.rows, merged.fresh) if one else None  # type: ignore[union-attr]
        elif merged is None or not self._merge_scores(merged.fresh):
            self._apply_scores(every=False)

    def _merge_scores(self, fresh: list[PaperRow]) -> bool:
        """Rows an import merged into the list (most with their scores from its worker):
        the missing scores and the Top Picks candidates found among those rows only, not
        by a worker's pass over every row. False (nothing done) when a walk is needed:
        a ranking is being applied, or a row got a score the list is sorted by."""
        if self._applying is not None or self._outcome is not None or not self.views.day:
            return False
        missing = [r for r in fresh if r.score is None and self._score_of(r.id) is not None]
        if missing and self.window.sort_order()[0] == SCORE:  # type: ignore[attr-defined]
            return False  # their places change: sorted again in the worker
        for row in missing:
            row.score = self._score_of(row.id)
        views = self.views
        held = self.window.papers.find(views.candidates)  # type: ignore[attr-defined]
        views.candidates, views.day = merged_candidates(
            views.candidates, views.day, held, fresh, self.scores, frozenset(self.dismissed)
        )
        if missing:
            self._repaint_scores()
        views.update()
        return True

    def _repaint_scores(self) -> None:
        model = self.window.model  # type: ignore[attr-defined]
        if model.rowCount():
            model.dataChanged.emit(model.index(0, SCORE), model.index(model.rowCount() - 1, SCORE))
