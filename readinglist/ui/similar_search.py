"""Paper > Find Similar Papers: ask the search thread for a paper's neighbours and show
them (with the paper) as the list until the search changes. While the index is being
built or brought up to date (the first seconds after an import) the neighbours are not
known yet: the list stays as it is, the status bar says the answer follows, and it is
asked again when the index is ready — never a list of the paper alone that changes later
without the user's action."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from readinglist.ui.search_controller import SearchController
from readinglist.ui.search_thread import SearchThread


class SimilarSearch(QObject):
    """Shows the papers similar to one, answered by the search thread."""

    def __init__(
        self, thread: SearchThread, searching: SearchController, report: Callable[[str], None]
    ) -> None:
        super().__init__(searching)
        self._thread = thread
        self._searching = searching
        self._report = report
        self._asked_for: int | None = None
        self._waiting = False  # the index is not ready: asked again when it is
        self._not_yet: int | None = None  # the empty answer that follows "later" for it
        thread.related_later.connect(self._on_later)
        thread.related.connect(self._on_related)
        thread.index_ready.connect(self._on_index_ready)

    def show_similar_to(self, paper_id: int) -> None:
        """List the papers similar to ``paper_id``."""
        self._asked_for = paper_id
        self._waiting = False
        self._thread.request_related(paper_id)

    def _on_later(self, paper_id: int) -> None:
        if paper_id != self._asked_for:
            return
        self._not_yet = paper_id
        if not self._waiting:
            self._waiting = True
            self._report(self.tr("Finding similar papers once the search index is up to date…"))

    def _on_index_ready(self) -> None:
        if self._asked_for is not None and self._waiting:
            self._waiting = False
            self._thread.request_related(self._asked_for)

    def _on_related(self, paper_id: int, similar: list, _tags: list) -> None:
        if paper_id == self._not_yet:  # the index was not ready: the answer follows
            self._not_yet = None
            return
        if self._asked_for is None:
            return
        if paper_id != self._asked_for:
            if not self._waiting:  # a newer request for another paper took its turn
                self._thread.request_related(self._asked_for)
            return
        self._asked_for = None
        self._searching.show_only({paper_id, *(o for o, _ in similar)}, passing=True)
        self._report(self.tr("Papers like the selected one; Escape shows every paper again."))
