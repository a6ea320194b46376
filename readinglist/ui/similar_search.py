"""Paper > Find Similar Papers: ask the search thread for a paper's neighbours and show
them (with the paper) as the list until the search changes."""

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
        thread.related.connect(self._on_related)

    def show_similar_to(self, paper_id: int) -> None:
        """List the papers similar to ``paper_id``."""
        self._asked_for = paper_id
        self._thread.request_related(paper_id)

    def _on_related(self, paper_id: int, similar: list, _tags: list) -> None:
        if paper_id != self._asked_for:
            return
        self._asked_for = None
        self._searching.show_only({paper_id, *(o for o, _ in similar)}, passing=True)
        self._report(self.tr("Papers like the selected one; Escape shows every paper again."))
