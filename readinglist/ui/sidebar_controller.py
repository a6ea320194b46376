"""The sidebar: which view of the library the list shows (All, Unread, a tag, a digest,
a saved search), with live counts; saved searches are views of their own.

The counts follow each edit from what it changed (``apply_delta``: Space on 5,000 papers
moves Read by 5,000 and each digest by its share), never by counting the library again on
the GUI thread; after papers came or went otherwise, a worker counts them (``recount``)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from readinglist.core.library import Library
from readinglist.domain.entities import Digest, LibraryStats, PaperQuery
from readinglist.ui.count_delta import CountsDelta, applied
from readinglist.ui.menu_keys import open_menu_by_keys
from readinglist.ui.models.sidebar_model import SidebarFilter, SidebarModel
from readinglist.ui.recount_job import Counts, RecountJob
from readinglist.ui.search_controller import (
    SearchController,
    load_saved_searches,
    store_saved_searches,
)
from readinglist.ui.search_thread import SearchThread
from readinglist.ui.views.sidebar_delegate import SidebarDelegate

logger = logging.getLogger(__name__)

COUNTS_DELAY_MS = 400  # saved searches are counted again once edits pause this long


class SidebarController(QObject):
    """Owns the sidebar tree and the view chosen in it."""

    view_changed = Signal()  # show the list for ``view``

    def __init__(
        self,
        parent: QWidget,
        library: Library,
        searching: SearchController,
        thread: SearchThread,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._searching = searching
        self._thread = thread
        self.view = SidebarFilter("all", None)
        self.top_picks: Callable[[], set[int]] = set  # For you's Top Picks (for_you_views)
        self.model = SidebarModel(self)
        self.tree = QTreeView(parent)
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.tree.setDragDropOverwriteMode(True)  # a drop anywhere on a tag lands on it
        self.tree.setItemDelegate(SidebarDelegate(self.tree))
        self.menu_keys = open_menu_by_keys(self.tree)  # Shift+F10, the Menu key
        self.tree.selectionModel().currentChanged.connect(self._on_current)
        self._counts_timer = QTimer(self, singleShot=True, interval=COUNTS_DELAY_MS)
        self._counts_timer.timeout.connect(lambda: thread.request_counts(self.saved_searches()))
        self._shown: Counts = (LibraryStats(0, 0, 0, 0, 0, {}), [])  # the counts shown
        self._recount_job: RecountJob | None = None
        self._moved_meanwhile = False  # the counts moved while the job counted: again
        self._stopped = False
        thread.counts.connect(self._on_counts)
        self.model.set_saved_searches(self.saved_searches())

    def refresh(self) -> None:
        """Counts, tags and digests as the library has them now."""
        self.show_snapshot(self._library.stats(), self._library.digests())

    def show_snapshot(self, stats: LibraryStats, digests: list[Digest]) -> None:
        """Show these counts, tags and digests, keeping the chosen entry current."""
        self._shown = (stats, list(digests))
        self._moved_meanwhile = True  # a count running now may have begun before these
        self.model.set_snapshot(stats, digests)
        self.tree.expandAll()
        self._counts_timer.start()
        index = self.model.index_for_filter(self.view)
        if not index.isValid() and self.view.kind in ("tag", "digest"):
            # the tag or digest shown is gone (removed, renamed): show the whole library
            index = self.model.index_for_filter(SidebarFilter("all", None))
        if index.isValid() and self.tree.currentIndex() != index:
            self.tree.setCurrentIndex(index)

    def apply_delta(self, delta: CountsDelta) -> None:
        """An edit moved the counts by ``delta``: show them moved (nothing is counted
        again); the saved searches are counted again once edits pause."""
        self._counts_timer.start()
        if not delta:
            return
        self._moved_meanwhile = True
        stats, digests = applied(*self._shown, delta)
        self._shown = (stats, digests)
        self.model.set_snapshot(stats, digests)

    def recount(self) -> None:
        """Papers came or went: count everything again in a worker, shown when it is
        done (edits meanwhile move the counts shown and make it count once more)."""
        self._counts_timer.start()
        if self._stopped:
            return
        if self._recount_job is not None:
            self._moved_meanwhile = True  # its answer may be older than what asked now
            return
        self._moved_meanwhile = False
        job = RecountJob(self._library.directory, self)
        job.finished.connect(self._on_recounted, Qt.ConnectionType.QueuedConnection)
        job.failed.connect(self._on_recount_failed, Qt.ConnectionType.QueuedConnection)
        self._recount_job = job
        job.start()

    def stop(self) -> None:
        """The window closes (and the library with it): no recount after this."""
        self._stopped = True
        self._counts_timer.stop()
        if self._recount_job is not None:
            self._recount_job.wait()

    def _on_recounted(self, counts: Counts) -> None:
        self._forget_job()
        if self._stopped:
            return
        if self._moved_meanwhile:
            self.recount()  # what it counted may not hold the latest changes
            return
        self.show_snapshot(*counts)

    def _on_recount_failed(self, message: str) -> None:
        self._forget_job()  # e.g. busy: the counts shown stay until the next change
        logger.warning("recounting the sidebar failed: %s", message)

    def _forget_job(self) -> None:
        if self._recount_job is not None:
            self._recount_job.deleteLater()
            self._recount_job = None

    def digest_ids(self) -> set[int] | None:
        """The papers of the digest shown (None when the view is not a digest)."""
        if self.view.kind == "top":
            return self.top_picks()
        if self.view.kind == "digest" and isinstance(self.view.value, int):
            return set(self._library.paper_ids(PaperQuery(digest_id=self.view.value)))
        return None

    def saved_searches(self) -> list[str]:
        """The saved searches, in the order they were saved."""
        return load_saved_searches()

    def set_saved_searches(self, queries: list[str]) -> None:
        """Store and show these saved searches."""
        self.model.set_saved_searches(store_saved_searches(queries))
        self.tree.expandAll()
        self._counts_timer.start()

    def save_search(self) -> str:
        """Ctrl+S: keep the search typed now in the sidebar; what to tell the user."""
        query = self._searching.text().strip()
        if not query:
            return self.tr("Type a search first, then save it.")
        self.set_saved_searches([*self.saved_searches(), query])
        return self.tr("Saved the search “{0}”.").format(query)

    def _on_counts(self, counts: dict[str, int]) -> None:
        self.model.set_saved_searches(self.saved_searches(), counts)

    def _on_current(self, current: QModelIndex | QPersistentModelIndex, _previous: object) -> None:
        chosen = current.data(SidebarModel.FilterRole)
        if not isinstance(chosen, SidebarFilter) or chosen == self.view:
            return
        leaving_saved_search = self.view.kind == "search"
        self.view = chosen  # a saved search is a view of its own, like Starred
        if chosen.kind == "search":
            self._searching.field.setText(str(chosen.value))  # runs like a typed search
        elif leaving_saved_search:
            self._searching.clear()  # its query belonged to that view
        self.view_changed.emit()
