"""Work that must not run on the GUI thread, reporting through signals.

Each worker opens its own ``Library`` (its own SQLite connection and index searcher), so
the window's reads never wait for an import or a search. Workers never touch widgets.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from readinglist import gc_policy
from readinglist.core.imports import cancelled_reports
from readinglist.core.index_process import IndexProcess
from readinglist.core.library import Library
from readinglist.core.ranking.placement import computed_elsewhere
from readinglist.domain.entities import Digest, ImportReport, LibraryStats, PaperRow
from readinglist.domain.errors import ReadingListError
from readinglist.ui.dnd import ImportSource
from readinglist.ui.import_replay import ImportReplay, made_digests
from readinglist.ui.imported_rows import imported_rows
from readinglist.ui.models.paper_table_model import sort_rows
from readinglist.ui.models.row_order import Ordered, Positions, positions_of
from readinglist.ui.row_merge import HeldRows, MergedRows

logger = logging.getLogger(__name__)

# Held by whoever writes the search index from this process (the search thread's idle
# update, a catch-up after a big import): a second writer waits here instead of failing on
# the index's own lock after its 10 s timeout.
INDEX_WRITER = threading.Lock()
GIL_SWITCH_SECONDS = 0.0001


def share_the_interpreter() -> None:
    """Make the workers hand the interpreter lock back to the GUI thread every 0.1 ms.

    Background threads run Python (search, similar papers, indexing). A paint calls back
    into Python for every visible cell, and each call waits for the lock up to the switch
    interval (5 ms by default): measured at 100k papers, selecting a row took 0.9 s ->
    22 ms; a search cleared while similar papers were computed stalled 120-380 ms at 0.5 ms,
    73-125 ms at 0.1 ms."""
    sys.setswitchinterval(GIL_SWITCH_SECONDS)


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an ImportJob hands the window: the reports, and the library as it is afterwards
    (every row in the window's order, the sidebar's counts and digests), all read in the
    worker so the GUI thread only has to show them. ``stats`` is None when reading failed."""

    reports: list[ImportReport]
    rows: list[PaperRow]
    stats: LibraryStats | None = None
    digests: list[Digest] = field(default_factory=list)
    replay: ImportReplay | None = None  # what a redo imports again (kept by an ImportJob)
    merged: MergedRows | None = None  # ``rows`` is a list the window held plus these
    positions: Positions = field(init=False)  # each row's position, found by the worker

    def __post_init__(self) -> None:
        object.__setattr__(self, "positions", positions_of(self.rows))


class ImportSignals(QObject):
    """Signals of an ImportJob: progress(done, total, source) and finished(ImportOutcome).
    Signals never carry None: PySide6 mis-counts references to it across threads."""

    progress = Signal(int, int, str)
    stored = Signal(object)  # list[ImportReport]: stored, the rows not read yet
    finished = Signal(object)  # object: no copy of 100k rows into Qt types


class ImportJob(QRunnable):
    """Import sources (files, folders, URLs, text) one after the other; cancellable."""

    def __init__(
        self,
        library_dir: Path,
        sources: Sequence[ImportSource],
        held: HeldRows,
        *,
        keep_replay: bool = False,
    ) -> None:
        """``held``: the window's list, which the imported papers' rows are merged into;
        ``keep_replay``: also read (and hash) the files imported, for a redo."""
        super().__init__()
        self.signals = ImportSignals()
        self._library_dir = library_dir
        self._sources = list(sources)
        self._held = held
        self._keep_replay = keep_replay
        self._cancel = threading.Event()
        # called here with the rows read, before they are merged (the For you scores)
        self.row_scores: Callable[[list[PaperRow]], None] | None = None

    def cancel(self) -> None:
        """Stop after the current file's transaction rolls back (nothing of it is kept)."""
        self._cancel.set()

    def run(self) -> None:
        reports: list[ImportReport] = []
        replay: ImportReplay | None = None
        outcome: ImportOutcome | None = None
        try:
            with Library.open(self._library_dir) as library:
                for source in self._sources:
                    if self._cancel.is_set():  # unread: a folder's files are counted
                        reports += cancelled_reports(source.value, url=source.kind != "path")
                        continue
                    reports += self._import_one(library, source)
                self.signals.stored.emit(list(reports))  # e.g. the ranking starts on them
                if self._keep_replay:  # the bytes just imported, read here, not in the window
                    replay = ImportReplay(library, self._sources, made_digests(reports))
                rows, merged = imported_rows(library, reports, self._held, self.row_scores)
                stats, digests = library.stats(), library.digests()
                outcome = ImportOutcome(reports, rows, stats, digests, replay, merged)
                gc_policy.keep_long_lived()  # the window keeps these rows
        except ReadingListError as exc:
            reports.append(ImportReport(source=str(self._library_dir), error=str(exc)))
        except Exception as exc:  # never let a bug kill the thread silently
            logger.exception("import failed")
            reports.append(ImportReport(source="import", error=f"unexpected error: {exc}"))
        self.signals.finished.emit(outcome or ImportOutcome(reports, [], replay=replay))

    def _import_one(self, library: Library, source: ImportSource) -> list[ImportReport]:
        def progress(done: int, total: int) -> bool:
            self.signals.progress.emit(done, total, source.value)
            return not self._cancel.is_set()

        try:
            data = source.data if source.kind == "text" else None
            url = source.kind == "url"
            with computed_elsewhere():  # features and scores: the window's ranking process
                return library.import_source(source.value, data=data, url=url, progress=progress)
        except ReadingListError as exc:
            return [ImportReport(source=source.value, error=str(exc))]
        except Exception as exc:  # a bug on one source must not stop the sources after it
            logger.exception("import of %s failed", source.value)
            return [ImportReport(source=source.value, error=f"unexpected error: {exc}")]


class RowsSignals(QObject):
    """Signals of a RowsJob: finished(ordered): the rows with their positions (Ordered)."""

    finished = Signal(object)  # object: no copy of 100k rows into Qt types


class RowsJob(QRunnable):
    """Read every row of the paper list, sorted, away from the GUI thread (1–2 s at 100k)."""

    def __init__(self, library_dir: Path, sort_column: int, descending: bool) -> None:
        super().__init__()
        self.signals = RowsSignals()
        self._library_dir = library_dir
        self._order = (sort_column, descending)

    def run(self) -> None:
        try:
            with Library.open(self._library_dir) as library:
                ordered = Ordered.of(sort_rows(library.rows(), *self._order))
                gc_policy.keep_long_lived()  # the window keeps these rows
        except Exception:
            logger.exception("reading the paper list failed")
            ordered = Ordered([], {})
        self.signals.finished.emit(ordered)


class IndexSignals(QObject):
    """Signals of an IndexJob: progress(done, total), finished(error or "")."""

    progress = Signal(int, int)
    finished = Signal(str)


class IndexJob(QRunnable):
    """Rebuild the search index from the database (searches scan meanwhile)."""

    def __init__(self, library_dir: Path) -> None:
        super().__init__()
        self.signals = IndexSignals()
        self.process = IndexProcess(library_dir, "rebuild")  # its own process: see there

    def run(self) -> None:
        self.signals.finished.emit(self.process.run(self.signals.progress.emit))


class CatchUpJob(QRunnable):
    """Write the library's pending changes to the search index (after a big import) in
    another process, so the search thread answers meanwhile. Emits progress(done, total)
    and finished(error or "")."""

    def __init__(self, library_dir: Path) -> None:
        super().__init__()
        self.signals = IndexSignals()
        self.process = IndexProcess(library_dir, "sync")  # its own process: see there

    def run(self) -> None:
        with INDEX_WRITER:
            error = self.process.run(self.signals.progress.emit)
        self.signals.finished.emit(error)
