"""The background work of the "For you" ranking: features, retraining when the reader's
signals changed and scoring run in a separate process (``core.ranking.background``), which
Cancel stops; this job then reads the scores back. The job opens its own Library, so the
window's edits never wait for it."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Signal

from readinglist.core.library import Library
from readinglist.core.ranking.explain import paper_reasons, ranking_folder
from readinglist.core.ranking.worker import TrainingWorker

if TYPE_CHECKING:
    from readinglist.core.ranking.ranker import Ranker, Ranking

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

    def __init__(self, library_dir: Path, worker: TrainingWorker | None = None) -> None:
        super().__init__()
        self.signals = RankSignals()
        self._library_dir = library_dir
        self._worker = worker  # the window's training process, kept between jobs
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
                ranked = ranking.rank([], cached_only=True)  # how: learned, similar, none
                outcome = RankOutcome(
                    scores=_scores(ranking, ranked),
                    mode=ranked.mode,
                    explain=ranked.explain(),
                    dismissed=frozenset(ranking.signals().dismissed),
                )
        except Exception as exc:  # reported in the status bar; the list keeps its order
            logger.exception("the For you ranking failed")
            outcome = RankOutcome(error=str(exc) or type(exc).__name__)
        self.signals.finished.emit(outcome)


def _scores(ranking: Ranker, ranked: Ranking) -> dict[int, float]:
    """Every paper's score for the window. A learned ranking's are the scores kept in
    the library, read as they are: nothing computed in the window's process (a paper not
    scored yet has none until the next update), and not sorted here either (sorting
    100,000 pairs holds the interpreter lock for a tenth of a second: the window sorts
    its rows in ``ApplyJob`` only when the list is sorted For you)."""
    if ranked.mode == "learned":
        return ranking.scores.cached(ranked.model_version)
    if ranked.mode == "similar":
        return dict(ranking.rank(ranking.paper_ids()).scores)
    return {}


class ReasonsSignals(QObject):
    """finished(paper_id, words, asked_at): words None when the ranking process could not
    tell; ``asked_at`` is the token the job was given."""

    finished = Signal(int, object, int)


class ReasonsJob(QRunnable):
    """The words behind one paper's score, asked of the window's ranking process (which
    has scikit-learn loaded; the window's process never loads it for them)."""

    def __init__(
        self, worker: TrainingWorker, library: Library, paper_id: int, asked_at: int
    ) -> None:
        super().__init__()
        self._asked_at = asked_at
        self.signals = ReasonsSignals()
        self._worker = worker
        self._args = (library.database_path, ranking_folder(library.directory), paper_id)

    def run(self) -> None:
        words: list[str] | None
        try:
            words = list(self._worker.ask(paper_reasons, self._args))
        except Exception as exc:  # the process was stopped (Cancel, closing): nothing to show
            logger.info("the For you reasons of paper %s not told: %s", self._args[2], exc)
            words = None
        self.signals.finished.emit(int(self._args[2]), words, self._asked_at)
