"""Where the reader meets the "For you" ranking: **Top Picks** in the sidebar (the
best-ranked papers still to triage: unread, not starred, not marked "Not interested"; of
the newest arrivals, the papers added on the last day any came; with a count) and the For
you order
by default in the triage views (the Inbox, a subscription's papers, a digest, Top Picks).

The order of the triage views is the reader's to choose: once they sort one by another
column, that choice is remembered (QSettings) and wins from then on; leaving the triage
views brings back the order the other views had.

Top Picks exists once a ranking does, so when it was the view the window last closed on
(the window's saved ``filter/kind``), it is shown again when the first ranking arrives
(from the scores kept in the library: no training), unless the reader has meanwhile
chosen another view."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QMainWindow

from readinglist.ui.for_you_apply import CANDIDATES, TOP_PICKS
from readinglist.ui.models.paper_table_model import PaperTableModel

TRIAGE_KINDS = ("digest", "top")  # sidebar views that open sorted For you
SORT_KEY = "forYou/triageSort"  # the reader's own choice for the triage views
LAST_VIEW_KEY = "filter/kind"  # the sidebar entry the window closed on (window_settings)
FOR_YOU_SORT = (PaperTableModel.SCORE, True)


def remembered_sort() -> tuple[int, bool] | None:
    """The order the reader chose for the triage views (None: never chosen)."""
    value = QSettings().value(SORT_KEY)
    if isinstance(value, list | tuple) and len(value) == 2 and str(value[0]).isdigit():
        return int(value[0]), str(value[1]).lower() in ("true", "1")
    return None


class ForYouViews(QObject):
    """Top Picks and the default order of the triage views, for a MainWindow and its
    ``ForYouController`` (which calls :meth:`update` after each ranking and edit)."""

    def __init__(self, window: QMainWindow, ranked: object) -> None:
        super().__init__(window)
        self.window = window
        self._ranked = ranked  # the ForYouController: scores, dismissed
        self._sidebars = window.sidebars  # type: ignore[attr-defined]
        self._panel: object | None = None
        self.top_ids: list[int] = []
        self.candidates: list[int] = []  # best first, found in a worker (for_you_apply)
        self.day = ""  # the day the candidates were added: Top Picks are of the newest
        self._triage = False
        self._other_sort: tuple[int, bool] | None = None  # the non-triage views' order
        self._applying = False
        self._reopen_top = QSettings().value(LAST_VIEW_KEY) == "top"
        self._sidebars.top_picks = lambda: set(self.top_ids)
        self._sidebars.view_changed.connect(self._follow_view)
        header = window.table.horizontalHeader()  # type: ignore[attr-defined]
        header.sortIndicatorChanged.connect(self._on_sort_changed)

    def follow_panel(self, panel: object) -> None:
        """Also treat the subscriptions panel's Inbox and subscriptions as triage views."""
        self._panel = panel
        panel.chosen.connect(lambda *_: self._follow_view())  # type: ignore[attr-defined]
        # a click in the sidebar, or an arrow key there, leaves the panel (connected
        # before this): follow the view after it, so keys do what clicks do
        tree = self._sidebars.tree
        tree.clicked.connect(lambda _index: self._follow_view())
        tree.selectionModel().currentChanged.connect(lambda *_: self._follow_view())

    def update(self, *, refilter: bool = False) -> None:
        """Recount Top Picks (after a ranking or an edit); ``refilter`` shows the new picks
        when Top Picks is the view (a paper read meanwhile stays until then)."""
        scores: dict[int, float] = self._ranked.scores  # type: ignore[attr-defined]
        self.top_ids = self._still_to_triage() if scores else []
        self._sidebars.model.set_top_picks(len(self.top_ids) if scores else None)
        if refilter and self._sidebars.view.kind == "top":
            self.window.list.apply_filters()  # type: ignore[attr-defined]
        if refilter and self._reopen_top:  # the first ranking since the window opened
            self._reopen_top = False
            if scores and self._sidebars.view.kind == "all":  # the reader chose no other
                self._ranked.actions.show_top_picks()  # type: ignore[attr-defined]
        if self._triage and scores and remembered_sort() is None:
            self._apply(FOR_YOU_SORT)

    # ---------------------------------------------------------------- internals

    def _still_to_triage(self) -> list[int]:
        """The first ``TOP_PICKS`` candidates still unread, not starred, not dismissed
        (looked up by id: no pass over every row); when marks used them up, the
        candidates are found again in a worker."""
        dismissed: set[int] = self._ranked.dismissed  # type: ignore[attr-defined]
        rows = self.window.papers.find(self.candidates)  # type: ignore[attr-defined]
        picks = [
            pid
            for pid in self.candidates
            if (row := rows.get(pid)) is not None
            and not (row.read or row.starred)
            and pid not in dismissed
        ][:TOP_PICKS]
        if len(picks) < TOP_PICKS and len(self.candidates) >= CANDIDATES:
            self._ranked.recount()  # type: ignore[attr-defined]
        return picks

    def _is_triage(self) -> bool:
        choice = self._panel.current_choice() if self._panel is not None else None  # type: ignore[attr-defined]
        if choice is not None:
            return True
        return self._sidebars.view.kind in TRIAGE_KINDS

    def _follow_view(self) -> None:
        triage = self._is_triage()
        if triage and not self._triage:
            self._other_sort = self.window.sort_order()  # type: ignore[attr-defined]
            self._triage = True
            chosen = remembered_sort()
            if chosen is not None:
                self._apply(chosen)
            elif self._ranked.scores:  # type: ignore[attr-defined]
                self._apply(FOR_YOU_SORT)
        elif not triage and self._triage:
            self._triage = False
            if self._other_sort is not None:
                self._apply(self._other_sort)

    def _apply(self, order: tuple[int, bool]) -> None:
        if self.window.sort_order() == order:  # type: ignore[attr-defined]
            return
        column, descending = order
        self._applying = True
        try:
            header = self.window.table.horizontalHeader()  # type: ignore[attr-defined]
            direction = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(column, direction)
        finally:
            self._applying = False

    def _on_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        """The reader sorted the list: in a triage view, that is their choice from now on."""
        if self._applying or not self._triage:
            return
        QSettings().setValue(SORT_KEY, [column, order == Qt.SortOrder.DescendingOrder])
