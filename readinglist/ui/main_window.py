"""The main window: sidebar, paper list, detail pane, search field, imports.

It wires widgets to the Library and to background workers and holds no business logic:
filters and sorting happen on rows the library hands over; slow work runs in workers.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
)

from readinglist import APP_NAME
from readinglist.core.library import Library
from readinglist.domain.entities import PaperRow
from readinglist.ui.context_menu import show_paper_menu
from readinglist.ui.dialogs import about_dialog, shortcuts_dialog
from readinglist.ui.dnd import DropOverlay, ImportSource, can_import, sources_from_mime
from readinglist.ui.edits import Edits
from readinglist.ui.export_controller import ExportController
from readinglist.ui.icons import action_icon, app_icon
from readinglist.ui.import_controller import ImportController, summarize_reports
from readinglist.ui.index_controller import IndexController
from readinglist.ui.menus import add_action, build_edit_menu
from readinglist.ui.models.paper_table_model import PaperTableModel
from readinglist.ui.models.row_filter import visible_rows
from readinglist.ui.paper_menu import build_paper_menu
from readinglist.ui.paper_rows import PaperRows
from readinglist.ui.search_controller import SearchController
from readinglist.ui.sidebar_controller import SidebarController
from readinglist.ui.sidebar_menu import show_sidebar_menu
from readinglist.ui.subscriptions_controller import SubscriptionsController
from readinglist.ui.triage import TriageActions
from readinglist.ui.views.detail_pane import DetailPane
from readinglist.ui.views.empty_state import EmptyState
from readinglist.ui.views.no_results import NoResults, place_in
from readinglist.ui.views.paper_table import PaperTable
from readinglist.ui.window_settings import (
    Preferences,
    restore_layout,
    restore_preferences,
    save_layout,
    save_preferences,
)
from readinglist.ui.workers import ImportOutcome, SearchThread

__all__ = ["MainWindow", "summarize_reports"]

logger = logging.getLogger(__name__)

FIRST_PAGE = 300  # rows shown from the database before the whole list is read
GIL_SWITCH_SECONDS = 0.0001
SAFE_SCHEMES = ("http", "https")


class MainWindow(QMainWindow):
    """Sidebar | paper table | detail pane, with a search field and background imports."""

    def __init__(self, library: Library, *, example_digest: Path | None = None) -> None:
        super().__init__()
        # Background threads run Python (search, similar papers, indexing). A paint calls
        # back into Python for every visible cell, and each call waits for the interpreter
        # lock up to the switch interval: hand it back every 0.1 ms instead of 5 ms
        # (measured at 100k papers: selecting a row 0.9 s -> 22 ms; a search cleared
        # while similar papers were computed stalled 120-380 ms at 0.5 ms, 73-125 ms now).
        sys.setswitchinterval(GIL_SWITCH_SECONDS)
        self.library = library
        self._similar_for: int | None = None
        self._following_list = False  # the list moved the cursor itself (not the user)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.search_thread = SearchThread(library.directory, self)
        self.papers = PaperRows(library, self.pool, self.sort_order)
        self.papers.changed.connect(self._apply_filters)
        self.edits = Edits(library, self)  # one undo stack for every change the user makes
        self.edits.changed.connect(self.refresh_rows)
        self.edits.reloaded.connect(self.refresh_all)
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.imports = ImportController(
            self,
            library,
            self.pool,
            sort_order=self.sort_order,
            report=self.show_message,
            example=example_digest,
        )
        self.imports.finished.connect(self._on_import_finished)
        self.imports.undone.connect(self.refresh_all)
        self.indexing = IndexController(self, library, self.pool, self.show_message)
        self.exports = ExportController(
            self,
            library.directory,
            self.pool,
            shown=lambda: self.model.ids(),
            selected=self.selected_ids,
            report=self.show_message,
        )
        self._build_widgets()
        self._build_actions()
        self.triage = TriageActions(self, self, self.detail)
        paper_menu = build_paper_menu(self, self, self.triage, self.detail)
        self.menuBar().insertMenu(self._view_menu.menuAction(), paper_menu)
        self.feeds = SubscriptionsController(
            self,
            library,
            self.pool,
            sidebar=self.sidebar,
            searching=self.searching,
            report=self.show_message,
            show=self.imports.finished.emit,
            sort_order=self.sort_order,
        )
        self.menuBar().insertMenu(self._view_menu.menuAction(), self.feeds.menu)
        self.search_thread.related.connect(self.detail.set_related)
        self.search_thread.related.connect(self._on_related)
        self.detail.related_requested.connect(self.search_thread.request_related)
        self.search_thread.index_missing.connect(self.indexing.rebuild)
        self.indexing.follow(
            self.imports, self.edits, self.search_thread, self.detail.current_paper_id
        )
        self.search_thread.start()
        self._restore_settings()
        self._load_rows()
        self.table.setFocus()  # the single-key shortcuts work at once, not the search field
        if library.read_only:
            self.setWindowTitle(self.tr("{0} (read-only)").format(APP_NAME))
            self.show_message(
                self.tr(
                    "This library's folder is read-only: you can read and search it, "
                    "but changes will not be saved."
                )
            )

    # ------------------------------------------------------------------ building

    def _build_widgets(self) -> None:
        toolbar = self.addToolBar(self.tr("Search"))
        toolbar.setObjectName("search-toolbar")
        toolbar.setMovable(False)
        self.toolbar = toolbar
        self.searching = SearchController(self.search_thread, toolbar, self)
        self.search = self.searching.field
        self.suggestion = self.searching.suggestion_button
        self.sidebars = SidebarController(self, self.library, self.searching, self.search_thread)
        self.sidebars.view_changed.connect(self._apply_filters)
        self.sidebar, self.sidebar_model = self.sidebars.tree, self.sidebars.model
        self.sidebar_model.papers_dropped_on_tag.connect(self._tag_dropped_papers)
        self.sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.sidebar.customContextMenuRequested.connect(lambda p: show_sidebar_menu(self, p))

        self.model = PaperTableModel(self)
        # Sorting happens on the window's rows (or in the import worker), not in the view.
        self.table = PaperTable(self.model, self)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.doubleClicked.connect(lambda _: self.open_current_link())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(
            lambda pos: show_paper_menu(self, self.triage, pos)
        )
        self.no_results = NoResults(self.table.viewport())
        place_in(self.table.viewport(), self.no_results)

        self.empty_state = EmptyState(self)
        self.empty_state.open_example.connect(self.imports.import_example)
        self.empty_state.import_files.connect(self.imports.choose_files)
        self.center = QStackedWidget(self)
        self.center.addWidget(self.empty_state)
        self.center.addWidget(self.table)

        self.detail = DetailPane(self.library, self, edits=self.edits)
        self.detail.paper_activated.connect(self.select_paper)
        self.detail.status_message.connect(self.show_message)
        self.detail.leave_requested.connect(self.focus_list)

        self.splitter = QSplitter(self)
        for widget in (self.sidebar, self.center, self.detail):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([190, 740, 350])
        self.setCentralWidget(self.splitter)
        self.overlay = DropOverlay(self)

        self.searching.results.connect(self._apply_filters)
        self.searching.leave.connect(self.focus_list)
        self.searching.failed.connect(self.show_message)
        self.no_results.suggestion_chosen.connect(self.search.setText)
        self.no_results.clear_requested.connect(self._clear_search)
        self.count_label = QLabel(self)
        toolbar.addWidget(self.count_label)

        self.undo_import_button = self.imports.undo_button
        self.message = QLabel(self)
        status = self.statusBar()
        status.addWidget(self.message, 1)
        for widget in (
            self.undo_import_button,
            self.exports.show_button,
            self.indexing.progress,
            self.indexing.catching_up,
            self.imports.progress,
            self.imports.cancel_button,
        ):
            status.addPermanentWidget(widget)

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.import_action = self._add(
            file_menu, self.tr("&Import…"), QKeySequence.StandardKey.Open, self.imports.choose_files
        )
        self.import_action.setIcon(action_icon("import"))
        self._add(file_menu, self.tr("Import &Example Digest"), None, self.imports.import_example)
        self._add(
            file_menu, self.tr("&Paste Digest Text"), QKeySequence.StandardKey.Paste, self.paste
        )
        self.export_action = self._add(
            file_menu, self.tr("&Export…"), "Ctrl+E", self.exports.export
        )
        self.export_action.setIcon(action_icon("export"))
        save = self._add(file_menu, self.tr("&Save Search"), "Ctrl+S", self.save_search)
        save.setIcon(action_icon("search"))
        first = self.toolbar.actions()[0]
        self.toolbar.insertActions(first, [self.import_action, self.export_action])
        self.toolbar.insertSeparator(first)
        file_menu.addSeparator()
        self._add(file_menu, self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        self.undo_action, self.redo_action = build_edit_menu(
            self, self.menuBar(), self.edits.stack, self.triage_undo, self.triage_redo
        )
        view_menu = self._view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.mark_on_open_action = self._add(
            view_menu, self.tr("&Mark Papers Read When Opened"), None, self._toggle_mark_on_open
        )
        self.mark_on_open_action.setCheckable(True)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._add(help_menu, self.tr("&Keyboard Shortcuts and Search"), "F1", self.show_help)
        self._add(help_menu, self.tr("&About Reading List"), None, self.show_about)
        for keys in (QKeySequence.StandardKey.Find, QKeySequence("/")):
            QShortcut(keys, self, self.searching.focus)

    def _add(self, menu, text, keys, slot) -> QAction:  # type: ignore[no-untyped-def]
        return add_action(self, menu, text, keys, slot)

    def triage_undo(self) -> None:
        """Edit > Undo."""
        self.triage.undo()

    def triage_redo(self) -> None:
        """Edit > Redo."""
        self.triage.redo()

    def _toggle_mark_on_open(self, checked: bool) -> None:
        self.triage.mark_read_when_opened = checked

    # ------------------------------------------------------------- the paper list

    def sort_order(self) -> tuple[int, bool]:
        """The column the list is sorted by, and whether descending."""
        return self.table.sort_order()

    def _on_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        self.papers.resort(column, order == Qt.SortOrder.DescendingOrder)

    def forget_rows(self, ids: list[int]) -> None:
        """Drop removed papers from the list without reloading it."""
        self.papers.forget(ids)
        self.model.remove_ids(ids)
        self._refresh_sidebar()

    @property
    def _all_rows(self) -> list[PaperRow]:  # for tests and benchmarks: every row, in order
        return self.papers.rows

    def _load_rows(self) -> None:
        """Show the newest papers at once and the whole list when a worker has read it."""
        self._refresh_sidebar()
        self.papers.load(FIRST_PAGE)

    def refresh_all(self) -> None:
        """Reload rows, counts and the current filter from the library."""
        self._refresh_sidebar()
        self.papers.reload()
        self.detail.refresh()  # the paper shown may have changed too

    def _refresh_sidebar(self) -> None:
        self.sidebars.refresh()

    def _apply_filters(self) -> None:
        """Show the rows that pass the sidebar filter and the search, in table order."""
        view = self.sidebars.view
        rows = visible_rows(self._all_rows, self.searching.ids, view, self.sidebars.digest_ids())
        current = self.detail.current_paper_id()
        self.model.set_rows(rows)
        self.center.setCurrentWidget(self.table if self._all_rows else self.empty_state)
        total = len(self._all_rows)
        self.count_label.setText(self.tr("{shown} of {total}").format(shown=len(rows), total=total))
        self._follow_list(current)
        if rows or not self._all_rows:
            self.no_results.hide()
        else:
            self.no_results.show_for(self.search.text(), self.searching.suggestion)

    def _follow_list(self, previous: int | None) -> None:
        """After the rows changed, the detail pane shows the list's current paper: the one
        shown before if it is still listed, else the first row, else nothing."""
        if previous is not None and self.model.position_of(previous) is not None:
            target: int | None = previous
        else:
            target = self.model.row_at(0).id if self.model.rowCount() else None
        self._following_list = True
        try:
            if target is None:
                self.detail.show_paper(None)
            else:
                self.select_paper(target)
        finally:
            self._following_list = False

    def selected_ids(self) -> list[int]:
        """Ids of the selected rows, in table order; the current paper when none is."""
        return self.table.selected_ids()

    def focus_list(self) -> None:
        """Give the keys back to the paper list, its current paper selected."""
        self.table.take_focus()

    def current_id(self) -> int | None:
        """The paper under the cursor."""
        return self.table.current_id()

    def select_paper(self, paper_id: int) -> None:
        """Make ``paper_id`` the current row (when it is shown)."""
        self.table.select_id(paper_id)

    def _on_current_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        paper_id = self.model.row_at(current.row()).id if current.isValid() else None
        self.detail.show_paper(paper_id, self.search.text())
        if paper_id is not None and self.triage.mark_read_when_opened and not self._following_list:
            self.triage.mark_read_on_open(paper_id)

    def refresh_rows(self, ids: list[int]) -> None:
        """Re-read these papers' rows after an edit: one dataChanged per row."""
        fresh = self.papers.update(ids)
        self.model.update_rows(fresh.values())
        self.sidebars.counts_changed()
        if self.detail.current_paper_id() in fresh:
            self.detail.refresh()

    def _tag_dropped_papers(self, ids: list, tag: str) -> None:
        self.triage.add_tag(list(ids), tag)

    def open_current_link(self) -> None:
        """Open the current paper's page in the browser (http/https only)."""
        paper_id = self.current_id()
        if paper_id is None:
            return
        paper = self.library.paper(paper_id)
        for link in (paper.url, *paper.links):
            url = QUrl(link or "")
            if url.isValid() and url.scheme() in SAFE_SCHEMES:
                QDesktopServices.openUrl(url)
                return
        self.show_message(self.tr("This paper has no web link."))

    # ------------------------------------------------------------------ search

    def _clear_search(self) -> None:
        self.search.clear()
        self.focus_list()

    def saved_searches(self) -> list[str]:
        """The saved searches, in the order they were saved."""
        return self.sidebars.saved_searches()

    def save_search(self) -> None:
        """Keep the current search in the sidebar."""
        query = self.search.text().strip()
        if not query:
            self.show_message(self.tr("Type a search first, then save it."))
            return
        self.set_saved_searches([*self.saved_searches(), query])
        self.show_message(self.tr("Saved the search “{0}”.").format(query))

    def set_saved_searches(self, queries: list[str]) -> None:
        """Store and show these saved searches."""
        self.sidebars.set_saved_searches(queries)

    def show_similar_to(self, paper_id: int) -> None:
        """List the papers similar to one (asked of the search thread)."""
        self._similar_for = paper_id
        self.search_thread.request_related(paper_id)

    def _on_related(self, paper_id: int, similar: list, _tags: list) -> None:
        if paper_id != self._similar_for:
            return
        self._similar_for = None
        self.searching.show_only({paper_id, *(other for other, _ in similar)})
        self.show_message(self.tr("Papers like the selected one; clear the search to see all."))

    # ----------------------------------------------------------------- imports

    def start_import(self, sources: list[ImportSource]) -> None:
        """Import in the background (what a drop, a paste or a second launch hands over)."""
        self.imports.start(sources)

    def cancel_import(self) -> None:
        """Stop the running import."""
        self.imports.cancel()

    def import_example(self) -> None:
        """Import the bundled example digest."""
        self.imports.import_example()

    def undo_last_import(self) -> None:
        """Remove what the last import added."""
        self.imports.undo_last()

    @property
    def _import_job(self) -> object | None:  # for tests and benchmarks: an import is running
        return self.imports.job

    @property
    def _index_job(self) -> object | None:  # for tests and scripts: the index is building
        return self.indexing.job

    def _on_import_finished(self, outcome: ImportOutcome) -> None:
        if outcome.stats is not None:  # the worker read the library as it is now
            self.sidebars.show_snapshot(outcome.stats, outcome.digests)
            self.papers.replace(outcome.rows)
            self.detail.refresh()  # an import may have filled in the paper shown
        else:
            self.refresh_all()

    def paste(self) -> None:
        """Ctrl+V: import digest text (or a URL) from the clipboard."""
        if isinstance(self.focusWidget(), QLineEdit):
            return
        mime = QApplication.clipboard().mimeData()
        sources = sources_from_mime(mime, text_name=self.tr("pasted text"))
        if sources:
            self.imports.start(sources)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if can_import(event.mimeData()) and event.source() is None:
            event.acceptProposedAction()
            self.overlay.show_over(self)
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802
        self.overlay.hide()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self.overlay.hide()
        sources = sources_from_mime(event.mimeData())
        if sources:
            event.acceptProposedAction()
            self.imports.start(sources)

    def bring_forward(self, sources: list[ImportSource]) -> None:
        """Another launch on this library: come to the front and import what it was given."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        self.imports.start(sources)

    # ------------------------------------------------------------------ dialogs

    def show_message(self, text: str) -> None:
        """A short message in the status bar (never a modal dialog)."""
        self.message.setText(text)
        # A status-bar button belongs to the message it came with: once the user has
        # moved on, "Undo import" is no longer one click from removing a digest.
        self.exports.show_button.hide()
        self.undo_import_button.hide()

    def show_help(self) -> None:
        """The shortcuts and query language."""
        shortcuts_dialog(self).exec()

    def show_about(self) -> None:
        """Version and data folder."""
        about_dialog(self, self.library.directory).exec()

    # ---------------------------------------------------------------- settings

    def _restore_settings(self) -> None:
        restore_layout(self, self.splitter, self.table.horizontalHeader())
        preferences = restore_preferences()
        self.sidebars.view = preferences.view
        self.triage.mark_read_when_opened = preferences.mark_read_when_opened
        self.mark_on_open_action.setChecked(preferences.mark_read_when_opened)

    def _save_settings(self) -> None:
        save_layout(self, self.splitter, self.table.horizontalHeader())
        save_preferences(Preferences(self.sidebars.view, self.triage.mark_read_when_opened))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Save notes and settings, stop workers, then close."""
        self.detail.flush()
        self._save_settings()
        self.imports.cancel()
        self.search_thread.stop()
        self.pool.waitForDone()
        super().closeEvent(event)
