"""The window's "For you" ranking: trained and ranked in ``RankJob`` after edits and
imports (one at a time, cancellable from the status bar), its status line, the score
column (a bar) and the words behind a score in the detail pane. The scores are put on the
rows by ``for_you_rows``; View > Sort For You, Top Picks and X are ``for_you_actions``;
the Top Picks entry and the triage views' order are ``for_you_views``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPushButton,
)

from readinglist.core.ranking.worker import TrainingWorker
from readinglist.domain.entities import ImportReport
from readinglist.ui.for_you_actions import ForYouActions
from readinglist.ui.for_you_imports import DigestScores
from readinglist.ui.for_you_job import RankJob, RankOutcome
from readinglist.ui.for_you_rows import ScoreRows
from readinglist.ui.for_you_views import ForYouViews
from readinglist.ui.for_you_why import WhyLine
from readinglist.ui.models.paper_table_model import PaperTableModel
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
        self.actions = ForYouActions(window, self)  # View > Sort For You, Top Picks; X
        window.edits.changed.connect(self._on_edited)  # type: ignore[attr-defined]
        window.edits.reloaded.connect(self._schedule)  # type: ignore[attr-defined]
        window.imports.stored.connect(self._on_stored)  # type: ignore[attr-defined]
        window.imports.started.connect(lambda: self.digests.began())  # type: ignore[attr-defined]
        window.imports.finished.connect(self._on_imported)  # type: ignore[attr-defined]
        self.rows = ScoreRows(window, pool, self)  # the scores put on the list's rows
        window.papers.changed.connect(self.rows.rows_replaced)  # type: ignore[attr-defined]
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
        return self.job is not None or self.rows.applying is not None

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

    # ---------------------------------------------------------------- internals

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
            self.rows.digest_scored()

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
        rows = [] if marked else self.rows.rows_of(ids)
        for row in rows:
            row.score = self.rows.score_of(row.id)
        column, _ = self.window.sort_order()  # type: ignore[attr-defined]
        if turned and column == SCORE and rows:  # the rows re-sorted in a worker
            self.rows.apply(every=False, resort=True)
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
        else:  # shown once its scores are on the rows (show_ranking)
            self.rows.outcome = outcome
            self.rows.apply(every=True)
        if self._again:
            self._again = False
            self.refresh()

    def show_ranking(self, outcome: RankOutcome) -> None:
        """A new ranking, its scores now on the rows: the window says how it was made."""
        self.scores, self.mode = outcome.scores, outcome.mode
        self.why_line.new_ranking()  # a new model may weigh the words otherwise
        self.dismissed = set(outcome.dismissed)
        self.status.setText(self._status_text())
        self.status.setToolTip(outcome.explain)
        self.rows.refilter = True  # Top Picks shows the new picks
        self._show_why()
        if self.mode == "learned":
            self.digests.warm()  # the next digest imported is ranked at once

    def _status_text(self) -> str:
        if self.mode == "learned":
            return self.tr("For you: learned from your marks")
        if self.mode == "similar":
            return self.tr("For you: few signals yet (by similarity)")
        return self.tr("For you: star or tag papers to rank")

    def recount(self) -> None:
        """Find the Top Picks candidates again (the kept ones ran out), in a worker."""
        self.rows.apply(every=False)
