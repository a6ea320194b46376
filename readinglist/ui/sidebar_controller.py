"""The sidebar: which view of the library the list shows (All, Unread, a tag, a digest,
a saved search), with live counts; saved searches are views of their own."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from readinglist.core.library import Library
from readinglist.domain.entities import Digest, LibraryStats, PaperQuery
from readinglist.domain.errors import ReadingListError
from readinglist.ui.models.sidebar_model import SidebarFilter, SidebarModel
from readinglist.ui.search_controller import (
    SearchController,
    load_saved_searches,
    store_saved_searches,
)
from readinglist.ui.views.sidebar_delegate import SidebarDelegate
from readinglist.ui.workers import SearchThread

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
        self.tree.selectionModel().currentChanged.connect(self._on_current)
        self._counts_timer = QTimer(self, singleShot=True, interval=COUNTS_DELAY_MS)
        self._counts_timer.timeout.connect(lambda: thread.request_counts(self.saved_searches()))
        self._snapshot_timer = QTimer(self, singleShot=True, interval=0)
        self._snapshot_timer.timeout.connect(self._recount)
        thread.counts.connect(self._on_counts)
        self.model.set_saved_searches(self.saved_searches())

    def refresh(self) -> None:
        """Counts, tags and digests as the library has them now."""
        self.show_snapshot(self._library.stats(), self._library.digests())

    def show_snapshot(self, stats: LibraryStats, digests: list[Digest]) -> None:
        """Show these counts, tags and digests, keeping the chosen entry current."""
        self.model.set_snapshot(stats, digests)
        self.tree.expandAll()
        self._counts_timer.start()
        index = self.model.index_for_filter(self.view)
        if index.isValid() and self.tree.currentIndex() != index:
            self.tree.setCurrentIndex(index)

    def counts_changed(self) -> None:
        """Papers changed: recount everything the sidebar counts, in the next turn of the
        event loop (the list repaints first; edits in a row are counted once), and the
        saved searches after a short pause."""
        self._snapshot_timer.start()
        self._counts_timer.start()

    def stop(self) -> None:
        """The window closes (and the library with it): no recount after this."""
        self._snapshot_timer.stop()
        self._counts_timer.stop()

    def _recount(self) -> None:
        try:
            self.model.set_snapshot(self._library.stats(), self._library.digests())
        except ReadingListError:  # e.g. busy: the counts shown stay until the next change
            logger.warning("recounting the sidebar failed", exc_info=True)

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
