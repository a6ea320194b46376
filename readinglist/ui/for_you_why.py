"""The "For you" line of the detail pane: a paper's score and the words that raised it.

The words are asked of the ranking process the first time a paper is shown (``ReasonsJob``
on a pool of its own, never queued behind a training); the window never computes them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool
from PySide6.QtWidgets import QLabel, QMainWindow

from readinglist.core.ranking.worker import TrainingWorker
from readinglist.ui.for_you_job import ReasonsJob


class WhyLine(QObject):
    """The label under the Read/Starred buttons, and the words asked for it, per ranking."""

    def __init__(
        self,
        window: QMainWindow,
        worker: TrainingWorker,
        pool: QThreadPool,
        text_of: Callable[[int], str | None],
    ) -> None:
        """``text_of(paper_id)``: the line for a paper, or None when nothing is ranked."""
        super().__init__(window)
        self.window = window
        self.library = window.library  # type: ignore[attr-defined]
        self._worker = worker
        self._pool = pool
        self._text_of = text_of
        self.label = QLabel(window)
        self.label.setWordWrap(True)
        self.label.setObjectName("for-you-why")
        self._reasons: dict[int, list[str]] = {}  # words of this ranking, by paper
        self._asked: set[int] = set()  # papers whose words are being asked for
        self._ranked_times = 0  # rankings shown: words asked before the last are dropped
        self._jobs: dict[tuple[int, int], ReasonsJob] = {}  # asked, not answered
        self._place()

    def _place(self) -> None:
        """In the detail pane, under the Read/Starred buttons, above the abstract."""
        header = self.window.detail.header  # type: ignore[attr-defined]
        layout = header.layout()
        layout.insertWidget(layout.indexOf(header.abstract_view) - 1, self.label)
        self.label.hide()

    def new_ranking(self) -> None:
        """A new ranking is shown: a new model may weigh the words otherwise."""
        self._reasons.clear()
        self._asked.clear()
        self._ranked_times += 1

    def show(self) -> None:
        """The line for the current paper (hidden when there is none, or no ranking)."""
        paper_id = self.window.current_id()  # type: ignore[attr-defined]
        text = None if paper_id is None else self._text_of(paper_id)
        if text is None:
            self.label.hide()
            return
        self.label.setText(text)
        self.label.show()

    def words_text(self, paper_id: int, score: float | None) -> str:
        """The score and its words; "…" until the words arrive from the ranking process."""
        shown = "" if score is None else f" {score:.2f}"
        words = self._reasons.get(paper_id)
        if words is None:
            self._ask(paper_id)
            told = "…"
        else:
            told = ", ".join(words) if words else self.tr("nothing stands out")
        return self.tr("For you{0} — why: {1}").format(shown, told)

    def _ask(self, paper_id: int) -> None:
        if paper_id in self._asked:
            return
        self._asked.add(paper_id)
        job = ReasonsJob(self._worker, self.library, paper_id, self._ranked_times)
        job.signals.finished.connect(self._on_reasons)  # a bound slot: queued to this thread
        self._jobs[(paper_id, self._ranked_times)] = job  # alive until answered
        self._pool.start(job)

    def _on_reasons(self, paper_id: int, words: list[str] | None, asked_at: int) -> None:
        """The words of a paper, asked after ``asked_at`` rankings were shown."""
        self._jobs.pop((paper_id, asked_at), None)
        if asked_at != self._ranked_times:  # asked of an older model
            return
        self._asked.discard(paper_id)
        if words is None:  # the process was stopped: asked again when next shown
            return
        self._reasons[paper_id] = words
        if self.window.current_id() == paper_id:  # type: ignore[attr-defined]
            self.show()
