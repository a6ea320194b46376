"""A digest imported in the window is ranked at once, by the ranking process.

The window's import workers store papers without computing their "For you" features or
scores (``placement.computed_elsewhere``: that would load scikit-learn into the window's
process). As soon as an import has stored its digests (its worker then still reads the
list's rows), :class:`DigestScores` asks the window's ranking process
(``resident.score_digests``) for their scores, which computes their features, caches the
scores in the library and hands them back; the window puts them on the rows in the same
update that gives the imported rows their scores. A digest too large, a library
without a learned model, or a process that cannot answer leaves the new papers to the
background update (``RankJob``), as before."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from readinglist.core.library import Library
from readinglist.core.ranking.explain import ranking_folder
from readinglist.core.ranking.resident import score_digests, score_new, warm
from readinglist.core.ranking.worker import TrainingWorker
from readinglist.domain.entities import ImportReport, PaperRow

logger = logging.getLogger(__name__)

DIGEST_LIMIT = 2_000  # papers of an import scored at once; more: the background update
ROWS_WAIT_SECONDS = 1.0  # how long an import's worker waits for its digests' scores


class AskSignals(QObject):
    """finished(number, (answer, error)): error "" when the process answered."""

    finished = Signal(int, object)


class AskJob(QRunnable):
    """One question to the window's ranking process, from a worker thread."""

    def __init__(
        self,
        number: int,
        worker: TrainingWorker,
        function: Callable[..., Any],
        args: tuple[object, ...],
        keep: Callable[[tuple[Any, str]], None] | None = None,
    ) -> None:
        """``keep`` is also handed the answer, in the job's thread, before the signal."""
        super().__init__()
        self.signals = AskSignals()
        self.number = number
        self._worker, self._function, self._args = worker, function, args
        self._keep = keep

    def run(self) -> None:
        try:
            answer = (self._worker.ask(self._function, self._args), "")
        except Exception as exc:  # stopped (Cancel, closing) or failed: said to the caller
            answer = (None, str(exc) or type(exc).__name__)
        if self._keep is not None:
            self._keep(answer)
        self.signals.finished.emit(self.number, answer)


class DigestScores(QObject):
    """Asks the scores of the digests an import brought (see the module docstring);
    ``answered(scores)`` hands them over (None: the background update must do it)."""

    def __init__(
        self, library: Library, worker: TrainingWorker, pool: QThreadPool, parent: QObject
    ) -> None:
        super().__init__(parent)
        self._args = (library.database_path, ranking_folder(library.directory))
        self._read_only = library.read_only
        self._worker, self._pool = worker, pool
        self._jobs: dict[int, tuple[AskJob, Callable[[Any], None]]] = {}  # until answered
        self._asked = 0
        self.waiting = 0  # questions not answered yet
        self.warmed = False
        self.importing = False  # an import stored its digests and has not ended yet
        self._asked_now = False  # the running import's digests were asked for
        self.answered: Callable[[dict[int, float] | None], None] = lambda scores: None
        self._told: threading.Event | None = None  # set once the running import's are told
        self._answer: dict[int, float] | None = None
        self._decided = threading.Event()  # set once ``stored`` asked (or chose not to)
        self._decided.set()

    def began(self) -> None:
        """An import starts: its worker, once it has read its rows, waits (a moment at
        most) for :meth:`stored` to have asked for their scores here, on this thread."""
        self._decided = threading.Event()

    def stored(self, reports: list[ImportReport], learned: bool) -> None:
        """An import stored these digests (its worker now reads the rows): ask for their
        scores at once, so they are there when the import ends."""
        self.importing = True
        try:
            self._asked_now = self.ask(reports, learned)
        finally:
            self._decided.set()

    def ended(self) -> bool:
        """The import ended; True when its digests' scores were asked for."""
        asked, self._asked_now, self.importing = self._asked_now, False, False
        self._told = None
        self._decided.set()
        return asked

    def put_on(self, rows: list[PaperRow], scores: dict[int, float], dismissed: set[int]) -> None:
        """In the import's worker, before it hands its rows over: every row's score (the
        ranking's and, once the ranking process told them, the new digests'), so the
        imported list shows its scores at once instead of after a pass over 100,000 rows
        in another worker. The question, then the answer, are waited for a moment at most
        (the question is asked on the window's thread as the digests are stored)."""
        self._decided.wait(ROWS_WAIT_SECONDS)
        told = self._told
        if told is not None and told.wait(ROWS_WAIT_SECONDS) and self._answer:
            scores = {**scores, **self._answer}
        if scores:
            for row in rows:
                row.score = 0.0 if row.id in dismissed else scores.get(row.id)

    def ask(self, reports: list[ImportReport], learned: bool) -> bool:
        """Ask for the scores of these imported digests; False (nothing asked) when they
        are left to the background update."""
        ok = [r for r in reports if r.ok and r.digest_id is not None]
        digests = [r.digest_id for r in ok if r.new or r.merged]
        if not learned or self._read_only or not digests:
            return False
        if sum(r.total for r in ok) > DIGEST_LIMIT:
            return False
        self.waiting += 1
        told = self._told = threading.Event()
        self._answer = None

        def keep(answer: tuple[dict[int, float] | None, str]) -> None:  # in the AskJob
            self._answer = answer[0]
            told.set()

        self._start(score_digests, (*self._args, digests), self._answered, keep)
        return True

    def score_new(self) -> None:
        """From a fetch's worker, before its ``score:`` rules run: the ranking process
        scores the papers not scored yet (raises when it cannot; nothing when read-only)."""
        if not self._read_only:
            self._worker.ask(score_new, self._args)

    def warm(self) -> None:
        """Have the process load the model and features now (once), so the first import
        is ranked as quickly as the next ones."""
        if not self.warmed and not self._read_only:
            self.warmed = True
            self._start(warm, self._args, lambda answer: None)

    def _start(
        self,
        function: Callable[..., Any],
        args: tuple[object, ...],
        then: Callable[[tuple[Any, str]], None],
        keep: Callable[[tuple[Any, str]], None] | None = None,
    ) -> None:
        self._asked += 1
        job = AskJob(self._asked, self._worker, function, args, keep)
        self._jobs[job.number] = (job, then)
        job.signals.finished.connect(self._on_finished)  # a bound slot: queued to this thread
        self._pool.start(job)

    def _on_finished(self, number: int, answer: tuple[Any, str]) -> None:
        _, then = self._jobs.pop(number)
        then(answer)

    def _answered(self, answer: tuple[dict[int, float] | None, str]) -> None:
        scores, error = answer
        self.waiting -= 1
        if error or scores is None:
            logger.info("the new digest's For you scores not told: %s", error)
            scores = None
        self.answered(scores)
