"""The paper list: the library's rows through the sidebar's view and the search, in the
table's order; the table with its selection; the "no results" message; and the detail
pane, which always shows the list's current paper."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QWidget

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRow
from readinglist.ui.column_layout import ColumnLayout
from readinglist.ui.models.paper_table_model import PaperTableModel
from readinglist.ui.models.row_filter import Filtered, merged_visible, visible_rows
from readinglist.ui.models.row_order import Placement
from readinglist.ui.paper_rows import FIRST_PAGE, PaperRows, RowsMerged
from readinglist.ui.search_controller import SearchController
from readinglist.ui.sidebar_controller import SidebarController
from readinglist.ui.views.detail_pane import DetailPane
from readinglist.ui.views.empty_state import EmptyState
from readinglist.ui.views.no_results import NoResults, place_in
from readinglist.ui.views.paper_table import PaperTable
from readinglist.ui.workers import ImportOutcome

if TYPE_CHECKING:
    from readinglist.ui.undo_steps import UndoSteps

SAFE_SCHEMES = ("http", "https")


class PaperList(QObject):
    """Owns ``model``, ``table``, ``no_results``, ``empty_state`` and ``center`` (the table,
    or the first-run page when the library is empty)."""

    opened = Signal(int)  # the user made this paper current (not the list following itself)

    def __init__(
        self,
        parent: QWidget,
        library: Library,
        pool: QThreadPool,
        *,
        searching: SearchController,
        sidebars: SidebarController,
        detail: DetailPane,
        report: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._searching = searching
        self._sidebars = sidebars
        self._detail = detail
        self._report = report
        self._following = False  # the list moved the cursor itself (not the user)
        self._shown_for: tuple[object, str] | None = None  # the view and search shown
        self._filtered: Filtered | None = None  # what the last re-filter found, and on what
        self.model = PaperTableModel(self)
        self.table = PaperTable(self.model, parent)  # sorted here, not in the view
        self.papers = PaperRows(library, pool, self.table.sort_order)
        self.columns = ColumnLayout(self.table, lambda: self.papers.rows)  # empty ones hidden
        self.no_results = NoResults(self.table.viewport())
        place_in(self.table.viewport(), self.no_results)
        self.empty_state = EmptyState(parent)
        self.center = QStackedWidget(parent)
        self.center.addWidget(self.empty_state)
        self.center.addWidget(self.table)
        self.count_label = QLabel(parent)
        self.papers.changed.connect(self._on_rows_changed)
        self.papers.changed.connect(self._columns_follow)
        sidebars.view_changed.connect(self.apply_filters)
        searching.results.connect(self.apply_filters)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.doubleClicked.connect(lambda _: self.open_current_link())
        self.no_results.suggestion_chosen.connect(searching.field.setText)
        self.no_results.clear_requested.connect(self._clear_search)
        self.table.escaped.connect(searching.clear)  # every paper of the view again
        detail.tags.selection = self.selected_ids  # T tags every selected paper
        detail.paper_activated.connect(self.select_paper)
        detail.leave_requested.connect(self.focus_list)

    @property
    def rows(self) -> list[PaperRow]:
        """Every row of the library, in the table's order."""
        return self.papers.rows

    # ------------------------------------------------------------------ contents

    def load(self) -> None:
        """Show the newest papers at once and the whole list when a worker has read it."""
        self._sidebars.refresh()
        self.papers.load(FIRST_PAGE)

    def refresh_all(self) -> None:
        """Reload rows and the current filter from the library, and count it again (in a
        worker)."""
        self._sidebars.recount()
        self.papers.reload()
        self._detail.refresh()  # the paper shown may have changed too

    def show_import(self, outcome: ImportOutcome) -> None:
        """The library as an import left it (read by the import's worker)."""
        if outcome.stats is None:
            self.refresh_all()
            return
        self._sidebars.show_snapshot(outcome.stats, outcome.digests)
        if outcome.merged is None:
            self.papers.replace(outcome.rows, outcome.positions)
        else:  # a job merged the papers it stored into the list held when it began
            self.papers.adopt(outcome.rows, outcome.merged, outcome.positions)
        self._detail.refresh()  # an import may have filled in the paper shown

    def follow_undo(self, edits: UndoSteps) -> None:
        """Show the list as a background undo or redo left it, and select the papers an
        undone removal brought back (a key pressed next acts on them, not on a neighbour)."""
        edits.held = self.papers.held  # a step merges the rows it touched into this list
        edits.restored.connect(self.show_import)
        edits.brought_back.connect(self.select_back)

    def select_back(self, ids: list[int]) -> None:
        """Select the papers of ``ids`` the list shows, the first of them current."""
        shown = [pid for pid in ids if self.model.position_of(pid) is not None]
        if not shown:
            return
        first = min(shown, key=lambda pid: self.model.position_of(pid) or 0)
        self._following = True  # not "opened" by the user (no mark read on open)
        try:
            self.table.select_ids(shown, first)
        finally:
            self._following = False

    def refresh_rows(self, ids: list[int]) -> None:
        """Re-read these papers' rows after an edit (one ranged update of the view)."""
        fresh = self.papers.update(ids)
        self.model.update_rows(fresh.values())
        if self._detail.current_paper_id() in fresh:
            self._detail.refresh()

    def show_flag(self, ids: list[int], flag: str, value: bool) -> None:
        """A read or starred mark changed on these papers: set it on the rows held (no
        re-read, no re-sort or re-filter unless the list is sorted by that mark)."""
        self.papers.set_flag(ids, flag, value)
        self._filtered = None  # rows marked in place: the next re-filter tests every row
        self.model.rows_flagged(ids, flag)
        if self._detail.current_paper_id() in set(ids):
            self._detail.show_flag(flag, value)

    def forget_rows(self, ids: list[int]) -> None:
        """Drop removed papers from the list without reloading it."""
        self.papers.forget(ids)
        self.model.remove_ids(ids)
        self._sidebars.recount()
        self._show_count()

    def _show_count(self) -> None:
        self.count_label.setText(
            self.tr("{shown} of {total}").format(
                shown=self.model.rowCount(), total=len(self.papers.rows)
            )
        )

    def apply_filters(self) -> None:
        """Show the rows that pass the sidebar filter and the search, in table order."""
        self._show_filtered(None)

    def _on_rows_changed(self) -> None:
        """The rows were replaced: after an import or a fetch merged its rows into the
        list, with the same view and search, only those rows are filtered."""
        self._show_filtered(self.papers.merged)

    def _show_filtered(self, merged: RowsMerged | None) -> None:
        every, positions = self.papers.rows, self.papers.positions  # from the worker
        digest, view = self._sidebars.digest_ids(), self._sidebars.view
        search, done = self._searching.ids, self._filtered
        if merged and done and done.same(merged.before, search, view, digest):
            shown = merged_visible(done.shown, every, positions, merged.fresh, search, view, digest)
        else:
            shown = visible_rows(every, search, view, digest, positions)
        self._filtered = Filtered(every, search, view, digest, shown)
        rows = shown.rows
        current = self._detail.current_paper_id()
        # The same view and search shown again (re-sorted, re-read, answered again after
        # an index catch-up): the papers selected stay selected. Another view starts over.
        shown_for = (view, self._searching.text())
        chosen = self.table.selected_ids() if shown_for == self._shown_for else []
        self._shown_for = shown_for
        self.model.set_rows(rows, Placement(positions, shown.picked))
        self._show_page(self.table if every else self.empty_state)
        self._show_count()
        self._follow(current, chosen)
        if rows or not every:
            self.no_results.hide()
        else:
            self.no_results.show_for(self._searching.text(), self._searching.suggestion)

    # ----------------------------------------------------------------- selection

    def selected_ids(self) -> list[int]:
        """Ids of the selected rows, in table order; the current paper when none is."""
        return self.table.selected_ids()

    def current_id(self) -> int | None:
        """The paper under the cursor."""
        return self.table.current_id()

    def select_paper(self, paper_id: int) -> None:
        """Make ``paper_id`` the current row (when it is shown)."""
        self.table.select_id(paper_id)

    def focus_list(self) -> None:
        """Give the keys back to the paper list, its current paper selected (to the
        first-run page when the library is empty: there Ctrl+V imports the clipboard,
        where the search field, which had the keys, pasted it into itself)."""
        if self.center.currentWidget() is self.empty_state:
            self.empty_state.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.table.take_focus()

    def _show_page(self, page: QWidget) -> None:
        """Show the list or the first-run page; the keys go along when they were on the
        page that goes (after the first import, the list has them)."""
        before = self.center.currentWidget()
        if page is before:
            return
        focus = QApplication.focusWidget()
        had_keys = focus is not None and (focus is before or before.isAncestorOf(focus))
        self.center.setCurrentWidget(page)
        if had_keys:
            self.focus_list()

    def open_current_link(self) -> None:
        """Open the current paper's page in the browser (http/https only)."""
        paper_id = self.current_id()
        if paper_id is None:
            return
        paper = self._library.paper(paper_id)
        for link in (paper.url, *paper.links):
            url = QUrl(link or "")
            if url.isValid() and url.scheme() in SAFE_SCHEMES:
                QDesktopServices.openUrl(url)
                return
        self._report(self.tr("This paper has no web link."))

    # ----------------------------------------------------------------- internals

    def _follow(self, previous: int | None, chosen: list[int]) -> None:
        """After the rows changed, the detail pane shows the list's current paper: the one
        shown before if it is still listed (with the papers ``chosen`` before that are
        still listed selected around it), else the first row, else nothing."""
        if previous is not None and self.model.position_of(previous) is not None:
            target: int | None = previous
        else:
            target = self.model.row_at(0).id if self.model.rowCount() else None
        self._following = True
        try:
            if target is None:
                self._detail.show_paper(None)
            elif target == previous and len(chosen) > 1:
                self.table.select_ids(chosen, target)
            else:
                self.select_paper(target)
        finally:
            self._following = False

    def _columns_follow(self) -> None:
        if not self.papers.reordered:  # a re-sort fills or empties no column
            merged = self.papers.merged  # (an import's rows: only those are looked at)
            self.columns.rows_changed(None if merged is None else merged.fresh)

    def _on_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        self.papers.resort(column, order == Qt.SortOrder.DescendingOrder)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        paper_id = self.model.row_at(current.row()).id if current.isValid() else None
        self._detail.show_paper(paper_id, self._searching.text())
        if paper_id is not None and not self._following:
            self.opened.emit(paper_id)

    def _clear_search(self) -> None:
        self._searching.clear()
        self.focus_list()
