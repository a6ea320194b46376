"""The window's search thread: search-as-you-type, similar papers, saved-search counts,
and the index kept up to date while idle, away from the GUI thread."""

from __future__ import annotations

import json
import logging
import queue
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from readinglist import gc_policy
from readinglist.core.indexed_elsewhere import IndexedElsewhere
from readinglist.core.library import Library
from readinglist.core.searching import OVERLAY_LIMIT
from readinglist.domain.errors import ReadingListError
from readinglist.ui.workers import INDEX_WRITER

logger = logging.getLogger(__name__)


class SearchThread(QThread):
    """Answers search-as-you-type requests in the background, newest first: requests
    queued while one runs are skipped except the latest. Emits ``results(request_id,
    everything, ids, did_you_mean)``; ``everything`` is True for an empty query."""

    results = Signal(int, bool, object, str)
    failed = Signal(int, str)
    # related(paper_id, [(id, title), ...], [suggested tag, ...])
    related = Signal(int, list, list)
    # The index is being built or brought up to date: the paper's similar papers are not
    # known yet (``related`` follows with none); ``index_ready`` says when to ask again.
    related_later = Signal(int)
    index_ready = Signal()  # another worker finished bringing the index up to date
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
            self.index_ready.emit()

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
        building = not library.read_only and not library.index_ready()  # (a build runs)
        if self._catching_up.is_set() or building or self._hand_over_backlog(library):
            self.related_later.emit(paper_id)
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
