"""The background work of the "For you" ranking: features, retraining when the reader's
signals changed and scoring run in a separate process (``core.ranking.background``), which
Cancel stops; this job then reads the scores back. The job opens its own Library, so the
window's edits never wait for it."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from readinglist.core.library import Library
from readinglist.core.ranking.worker import TrainingWorker

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RankOutcome:
    """Scores by paper id (empty: nothing to rank by yet), how they were made, the
    dismissed papers, and an error message when the job failed."""

    scores: dict[int, float] = field(default_factory=dict)
    mode: str = "none"
    explain: str = ""
    dismissed: frozenset[int] = frozenset()
    error: str = ""
    cancelled: bool = False  # the reader cancelled the training: the old scores stay


class RankSignals(QObject):
    """finished(RankOutcome)."""

    finished = Signal(object)


class RankJob(QRunnable):
    """Retrain if needed, then rank every paper of the library."""

    def __init__(
        self,
        library_dir: Path,
        window_library: Library | None = None,
        worker: TrainingWorker | None = None,
    ) -> None:
        super().__init__()
        self.signals = RankSignals()
        self._library_dir = library_dir
        self._worker = worker  # the window's training process, kept between jobs
        self._window_library = window_library  # its ranker is readied for the "why" line
        self.cancel = threading.Event()  # set by Cancel: the training process is stopped

    def run(self) -> None:
        from readinglist.core.ranking import background  # numpy, scikit-learn: loaded here

        try:
            with Library.open(self._library_dir) as library:
                ranking = library.ranking
                if not library.read_only:  # features, training, scores: another process
                    background.update(ranking, cancel=self.cancel, worker=self._worker)
                if self.cancel.is_set():
                    self.signals.finished.emit(RankOutcome(cancelled=True))
                    return
                ranked = ranking.rank(ranking.paper_ids())  # the cached scores, read back
                if ranked.mode == "learned" and self._window_library is not None:
                    self._window_library.ranking.prepare_reasons()  # "why" never waits
                outcome = RankOutcome(
                    scores=dict(ranked.scores) if ranked.mode != "none" else {},
                    mode=ranked.mode,
                    explain=ranked.explain(),
                    dismissed=frozenset(ranking.signals().dismissed),
                )
        except Exception as exc:  # reported in the status bar; the list keeps its order
            logger.exception("the For you ranking failed")
            outcome = RankOutcome(error=str(exc) or type(exc).__name__)
        self.signals.finished.emit(outcome)
