"""Work that must not run on the GUI thread, reporting through signals.

Each worker opens its own ``Library`` (its own SQLite connection and index searcher), so
the window's reads never wait for an import or a search. Workers never touch widgets.
"""

from __future__ import annotations

import json
import logging
import queue
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThread, Signal

from readinglist import gc_policy
from readinglist.core.index_process import IndexProcess
from readinglist.core.indexed_elsewhere import IndexedElsewhere
from readinglist.core.library import Library
from readinglist.core.ranking.placement import computed_elsewhere
from readinglist.core.searching import OVERLAY_LIMIT
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
                    if self._cancel.is_set():
                        reports.append(ImportReport(source=source.value, error="cancelled"))
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


class SearchThread(QThread):
    """Answers search-as-you-type requests in the background, newest first: requests
    queued while one runs are skipped except the latest. Emits ``results(request_id,
    everything, ids, did_you_mean)``; ``everything`` is True for an empty query."""

    results = Signal(int, bool, object, str)
    failed = Signal(int, str)
    # related(paper_id, [(id, title), ...], [suggested tag, ...])
    related = Signal(int, list, list)
    # The index is missing or outdated (checked here: opening it takes ~1 s at 100k).
    index_missing = Signal()
    counts = Signal(object)  # {saved query: how many papers it finds}
    # More changes than this thread writes itself (the index process is asked to).
    backlog = Signal()

    def __init__(self, library_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library_dir = library_dir
        self._requests: queue.Queue[tuple[str, int, str] | None] = queue.Queue()
        # Set while another worker writes many changes to the index (``CatchUpJob``): this
        # thread then never writes the index itself, and answers from the database.
        self._catching_up = threading.Event()

    def set_catching_up(self, on: bool) -> None:
        """Another worker is (or is no longer) bringing the index up to date."""
        if on:
            self._catching_up.set()
        else:
            self._catching_up.clear()

    def reopen(self) -> None:
        """Open the index afresh (another worker wrote it) before the next request."""
        self._requests.put(("reopen", 0, ""))

    def request(self, request_id: int, text: str) -> None:
        """Ask for the ids matching ``text`` (as typed so far)."""
        self._requests.put(("search", request_id, text))

    def request_related(self, paper_id: int) -> None:
        """Ask for the papers similar to ``paper_id`` and tags to suggest for it."""
        self._requests.put(("related", paper_id, ""))

    def request_counts(self, queries: list[str]) -> None:
        """Ask how many papers each of these (saved) searches finds."""
        self._requests.put(("counts", 0, json.dumps(queries)))

    def stop(self) -> None:
        """Finish the current request and end the thread."""
        self._requests.put(None)
        self.wait()

    def run(self) -> None:
        try:
            library = IndexedElsewhere.open(self._library_dir)
        except ReadingListError as exc:
            self.failed.emit(0, str(exc))
            return
        try:
            if library.index_ready():
                self._warm_up(library)
            else:
                self.index_missing.emit()
            while True:
                try:
                    item = self._requests.get(timeout=2.0)
                except queue.Empty:
                    if not self._catching_up.is_set():
                        self._sync_quietly(library)
                    continue
                latest = self._latest(item)
                if latest is None:
                    return
                for kind, number, text in sorted(latest, key=_request_order):
                    if kind == "reopen":
                        library = self._reopened(library)
                    elif kind == "search":
                        self._answer(library, number, text)
                    elif kind == "counts":
                        self._count(library, json.loads(text))
                    else:
                        self._answer_related(library, number)
        finally:
            library.close()

    def _latest(self, item: tuple[str, int, str] | None) -> list[tuple[str, int, str]] | None:
        """The newest request of each kind queued so far (older ones are stale)."""
        newest: dict[str, tuple[str, int, str]] = {}
        while item is not None:
            newest[item[0]] = item
            try:
                item = self._requests.get_nowait()
            except queue.Empty:
                return list(newest.values())
        return None

    def _reopened(self, library: Library) -> Library:
        """A fresh ``Library`` (its index as another worker left it), or the old one."""
        try:
            fresh = IndexedElsewhere.open(self._library_dir)
        except ReadingListError as exc:
            logger.warning("reopening the library for searches failed: %s", exc)
            return library
        library.close()
        return fresh

    def _answer_related(self, library: Library, paper_id: int) -> None:
        if self._catching_up.is_set() or self._hand_over_backlog(library):
            self.related.emit(paper_id, [], [])  # asked again when the index has caught up
            return
        try:
            with INDEX_WRITER:
                library.sync_index()  # "more like this" needs the paper in the disk index
            similar = library.similar(paper_id, 5)
            tags = library.suggest_tags(paper_id, 3)
        except ReadingListError:
            similar, tags = [], []
        except Exception:
            logger.exception("similar papers failed for %d", paper_id)
            similar, tags = [], []
        pairs = [(p.id, p.title or p.arxiv_id or p.key) for p in similar]
        self.related.emit(paper_id, pairs, tags)

    def _answer(self, library: Library, request_id: int, text: str) -> None:
        try:
            if not text.strip():
                self.results.emit(request_id, True, set(), "")
                return
            ids = library.matching_ids(text, as_you_type=True)
            suggestion = ""
            if not ids and not self._catching_up.is_set():  # (a full search would catch up)
                suggestion = library.search(text, limit=1).did_you_mean or ""
            self.results.emit(request_id, False, ids, suggestion)
        except ReadingListError as exc:
            self.failed.emit(request_id, str(exc))
        except Exception as exc:
            logger.exception("search failed for %r", text)
            self.failed.emit(request_id, f"search failed: {exc}")

    def _count(self, library: Library, queries: list[str]) -> None:
        counts: dict[str, int] = {}
        for query in queries:
            try:
                counts[query] = len(library.matching_ids(query, as_you_type=False))
            except ReadingListError:
                continue  # e.g. a query the language no longer accepts: no count shown
            except Exception:
                logger.exception("counting the saved search %r failed", query)
        self.counts.emit(counts)

    @staticmethod
    def _warm_up(library: Library) -> None:
        """Open the searcher and read its id column now, not on the first keystroke; what
        it loaded stays for the session: out of the garbage collector's passes."""
        try:
            library.matching_ids("a", as_you_type=True)  # never writes the index
        except Exception:
            logger.exception("search warm-up failed")
        gc_policy.keep_long_lived()

    def _hand_over_backlog(self, library: Library) -> bool:
        """True (and ``backlog`` emitted) when the index lacks more papers than this
        thread should write: the index process writes them, searches scan them meanwhile."""
        if library.index_ready() and library.index_backlog() > OVERLAY_LIMIT:
            self._catching_up.set()  # until the index process is done
            self.backlog.emit()
            return True
        return False

    def _sync_quietly(self, library: Library) -> None:
        """While idle, write recent edits to the disk index (searches see them already);
        not while another worker writes it, and not many (say so: another process writes
        those, as after a window closed during a big catch-up)."""
        if self._hand_over_backlog(library) or not INDEX_WRITER.acquire(blocking=False):
            return
        try:
            library.sync_index()
        except Exception:
            logger.exception("background index update failed")
        finally:
            INDEX_WRITER.release()


def _request_order(request: tuple[str, int, str]) -> int:
    """Reopen first (the answers after it read the new index), then searches, then the rest."""
    return {"reopen": 0, "search": 1}.get(request[0], 2)
