"""Completing papers' details online away from the GUI thread (issue 20).

The job opens its own ``Library`` (as every worker does), completes the papers it was
given — or every paper of some digests — and reads the library as the run left it, so
the window only has to show it. Cancel stops after the paper in hand (each paper is one
transaction: nothing is half-written) and also cuts short a wait between two requests.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from readinglist import gc_policy
from readinglist.core.enrich import EnrichReport
from readinglist.core.enrich_http import EnrichSettings
from readinglist.core.library import Library
from readinglist.domain.entities import PaperQuery
from readinglist.domain.errors import ReadingListError
from readinglist.ui.models.paper_table_model import sort_rows
from readinglist.ui.row_merge import HeldRows
from readinglist.ui.touched_rows import Touched, touched_outcome
from readinglist.ui.workers import ImportOutcome

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EnrichTarget:
    """What to complete: these papers, or every paper of these digests."""

    paper_ids: Sequence[int] = ()
    digest_ids: Sequence[int] = ()


@dataclass(slots=True)
class EnrichOutcome:
    """What the job hands the window: the report (None when the run failed, then
    ``error`` says why), how many papers were asked about, and the library afterwards."""

    report: EnrichReport | None
    asked: int
    library: ImportOutcome
    error: str = ""
    digest_ids: list[int] = field(default_factory=list)


class EnrichSignals(QObject):
    """progress(done, total) and finished(EnrichOutcome)."""

    progress = Signal(int, int)
    finished = Signal(object)


class EnrichJob(QRunnable):
    """One enrichment run; cancellable."""

    def __init__(
        self,
        library_dir: Path,
        target: EnrichTarget,
        settings: Callable[[], EnrichSettings],
        sort_order: tuple[int, bool],
        held: HeldRows | None = None,
    ) -> None:
        """``held``: the list the window holds now, which the completed papers' rows are
        merged into (None: every row is read again)."""
        super().__init__()
        self.signals = EnrichSignals()
        self._library_dir = library_dir
        self._target = target
        self._settings = settings
        self._order = sort_order
        self._held = held
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop after the paper in hand (a wait between requests ends at once)."""
        self._cancel.set()

    def run(self) -> None:
        report: EnrichReport | None = None
        error, asked = "", 0
        snapshot = ImportOutcome([], [])
        try:
            with Library.open(self._library_dir) as library:
                try:
                    ids = self._paper_ids(library)
                    asked = len(ids)
                    report = library.enrich(ids, settings=self._polite(), progress=self._progress)
                except ReadingListError as exc:
                    error = str(exc)
                except Exception as exc:  # a bug: a message for the user, the trace in the log
                    logger.exception("completing papers failed")
                    error = f"unexpected error: {exc}"
                snapshot = self._snapshot(library, report)
                gc_policy.keep_long_lived()  # the window keeps these rows
        except ReadingListError as exc:
            error = error or str(exc)
        except Exception as exc:
            logger.exception("reading the library after completing papers failed")
            error = error or f"unexpected error: {exc}"
        outcome = EnrichOutcome(report, asked, snapshot, error, list(self._target.digest_ids))
        self.signals.finished.emit(outcome)

    def _snapshot(self, library: Library, report: EnrichReport | None) -> ImportOutcome:
        """The library as the run left it: the rows of the papers it completed (or merged
        away) merged into the list the window held; every row when the run failed midway
        (which papers it changed is not known) or no list was given."""
        if report is not None and self._held is not None:
            return touched_outcome(library, completed(report), self._held)
        rows = sort_rows(library.rows(), *self._order)
        return ImportOutcome([], rows, library.stats(), library.digests())

    def _paper_ids(self, library: Library) -> list[int]:
        ids = list(self._target.paper_ids)
        for digest_id in self._target.digest_ids:
            library.digest(digest_id)  # an unknown digest is an error, not nothing to do
            ids += [p.id for p in library.papers(PaperQuery(digest_id=digest_id))]
        return list(dict.fromkeys(ids))

    def _polite(self) -> EnrichSettings:
        """The settings, with waits between requests that Cancel cuts short."""
        settings = self._settings()
        settings.sleep = self._wait
        return settings

    def _wait(self, seconds: float) -> None:
        self._cancel.wait(seconds)

    def _progress(self, done: int, total: int) -> bool:
        self.signals.progress.emit(done, total)
        return not self._cancel.is_set()


def completed(report: EnrichReport) -> Touched:
    """The papers a run changed: those it completed, and those it merged them into."""
    ids: list[int] = []
    for result in report.results:
        if result.fields or result.merged_into is not None:
            ids.append(result.paper_id)
        if result.merged_into is not None:
            ids.append(result.merged_into)
    return Touched.of(ids)
