"""The main window: it builds the widgets and connects the controllers that do the work.

Sidebar | paper list | detail pane, with a search field, menus and a status bar. Each
controller has one job (the list, the search, the sidebar, imports, exports, the index,
triage keys, drops); none of them imports the window back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow

from readinglist import APP_NAME
from readinglist.core.library import Library
from readinglist.ui.context_menu import show_paper_menu
from readinglist.ui.dnd import ImportSource
from readinglist.ui.drop_target import DropTarget
from readinglist.ui.edits import Edits
from readinglist.ui.enrich_controller import EnrichController
from readinglist.ui.export_controller import ExportController
from readinglist.ui.for_you_controller import ForYouController
from readinglist.ui.icons import app_icon
from readinglist.ui.import_controller import ImportController, summarize_reports
from readinglist.ui.index_controller import IndexController
from readinglist.ui.panes import PaneSplitter, tab_chain
from readinglist.ui.paper_list import PaperList
from readinglist.ui.search_controller import SearchController
from readinglist.ui.search_thread import SearchThread
from readinglist.ui.sidebar_controller import SidebarController
from readinglist.ui.sidebar_menu import show_sidebar_menu
from readinglist.ui.similar_search import SimilarSearch
from readinglist.ui.status_line import StatusLine
from readinglist.ui.subscriptions_controller import SubscriptionsController
from readinglist.ui.triage import TriageActions
from readinglist.ui.views.detail_pane import DetailPane
from readinglist.ui.window_menus import build_menus
from readinglist.ui.window_settings import Preferences, WindowSettings
from readinglist.ui.workers import share_the_interpreter

__all__ = ["MainWindow", "summarize_reports"]


class MainWindow(QMainWindow):
    """Sidebar | paper table | detail pane, with a search field and background imports."""

    def __init__(self, library: Library, *, example_digest: Path | None = None) -> None:
        super().__init__()
        share_the_interpreter()  # workers hand the GUI thread the interpreter every 0.1 ms
        self.library = library
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.search_thread = SearchThread(library.directory, self)
        self.edits = Edits(library, self)  # one undo stack for every change the user makes
        self.toolbar = self.addToolBar(self.tr("Search"))
        self.toolbar.setObjectName("search-toolbar")
        self.toolbar.setMovable(False)
        self.status = StatusLine(self)  # the message, and the buttons that go with it
        self.message, self.show_message = self.status.label, self.status.say

        # Controllers: one per job, created and connected here (add new ones below).
        self.searching = SearchController(self.search_thread, self.toolbar, self)
        self.search, self.suggestion = self.searching.field, self.searching.suggestion_button
        self.sidebars = SidebarController(self, library, self.searching, self.search_thread)
        self.sidebar, self.sidebar_model = self.sidebars.tree, self.sidebars.model
        self.saved_searches = self.sidebars.saved_searches
        self.set_saved_searches = self.sidebars.set_saved_searches
        self.save_search = lambda: self.show_message(self.sidebars.save_search())
        self.detail = DetailPane(library, self, edits=self.edits)
        self.list = PaperList(
            self,
            library,
            self.pool,
            searching=self.searching,
            sidebars=self.sidebars,
            detail=self.detail,
            report=self.show_message,
        )
        self.model, self.table, self.papers = self.list.model, self.list.table, self.list.papers
        self.no_results, self.empty_state = self.list.no_results, self.list.empty_state
        self.center, self.count_label = self.list.center, self.list.count_label
        self.selected_ids, self.current_id = self.list.selected_ids, self.list.current_id
        self.select_paper, self.focus_list = self.list.select_paper, self.list.focus_list
        self.forget_rows, self.refresh_all = self.list.forget_rows, self.list.refresh_all
        self.open_current_link = self.list.open_current_link
        self.imports = ImportController(
            self,
            library,
            self.pool,
            edits=self.edits,
            held=self.list.papers.held,
            report=self.show_message,
            example=example_digest,
        )
        self.start_import, self.cancel_import = self.imports.start, self.imports.cancel
        self.import_example = self.imports.import_example
        self.undo_last_import = self.imports.undo_last
        self.indexing = IndexController(self, library, self.pool, self.show_message)
        self.exports = ExportController(
            self,
            library.directory,
            self.pool,
            shown=self.model.ids,
            selected=self.selected_ids,
            report=self.show_message,
        )
        self.similar = SimilarSearch(self.search_thread, self.searching, self.show_message)
        self.show_similar_to = self.similar.show_similar_to
        self.drops = DropTarget(self, self.start_import)
        self.paste = self.drops.paste  # Ctrl+V: digest text (or a URL) from the clipboard
        self.triage = TriageActions(self, self, self.detail)
        self.menu_actions = build_menus(
            self,
            self,
            self.toolbar,
            imports=self.imports,
            exports=self.exports,
            edits=self.edits,
            triage=self.triage,
            detail=self.detail,
            searching=self.searching,
        )
        self.sort_order = self.table.sort_order
        self.enriching = EnrichController(self)  # Complete details online, Preferences
        self.enriching.add_actions(self.menu_actions.paper_menu, self.menu_actions.edit_menu)
        self.complete_details = self.enriching.complete
        self._view_menu = self.menu_actions.view_menu
        self.for_you = ForYouController(self, self.pool)  # ranking, score column, X key
        self._connect()
        self._lay_out()
        self.feeds = SubscriptionsController(  # subscriptions, rules, the Inbox, the schedule
            self,
            library,
            self.pool,
            sidebar=self.sidebar,
            searching=self.searching,
            report=self.show_message,
            show=self.imports.finished.emit,
            held=self.list.papers.held,
            began=self.imports.started.emit,
        )
        self.menuBar().insertMenu(self._view_menu.menuAction(), self.feeds.menu)
        self.for_you.follow_feeds(self.feeds)  # the Inbox sorted For you; score: rules
        tab_chain(self.search, self.sidebar, self.feeds.panel, self.table, *self.detail.buttons)
        self.search_thread.start()
        self._restore_settings()
        self.list.load()
        self.focus_list()  # the single-key shortcuts (or Ctrl+V) work at once, not the search
        if library.read_only:
            self.setWindowTitle(self.tr("{0} (read-only)").format(APP_NAME))
            self.show_message(
                self.tr(
                    "This library's folder is read-only: you can read and search it, "
                    "but changes will not be saved."
                )
            )

    def _connect(self) -> None:
        """Signals between the controllers."""
        self.edits.stale.connect(self.list.refresh_rows)
        self.edits.flagged.connect(self.list.show_flag)
        self.edits.unmarked = self.papers.unmarked  # a mark on many papers shows at once
        self.edits.counted.connect(self.sidebars.apply_delta)  # counts follow each edit
        self.list.follow_undo(self.edits)  # the list after a background undo
        self.edits.removed.connect(self.list.forget_rows)
        self.edits.sort_order = self.table.sort_order
        self.edits.reloaded.connect(self.refresh_all)
        self.imports.finished.connect(self.list.show_import)
        self.imports.stale.connect(self.refresh_all)  # (an undone import shows through edits)
        self.enriching.follow(self.imports)
        self.enriching.finished.connect(self.list.show_import)
        self.list.opened.connect(self.triage.opened)
        self.list.empty_state.open_example.connect(self.imports.import_example)
        self.list.empty_state.import_files.connect(self.imports.choose_files)
        self.searching.leave.connect(self.focus_list)
        self.searching.failed.connect(self.show_message)
        self.sidebar_model.papers_dropped_on_tag.connect(
            lambda ids, tag: self.triage.add_tag(list(ids), tag)
        )
        self.sidebar.customContextMenuRequested.connect(lambda p: show_sidebar_menu(self, p))
        self.table.customContextMenuRequested.connect(
            lambda pos: show_paper_menu(self, self.triage, pos)
        )
        self.detail.status_message.connect(self.show_message)
        self.detail.related_requested.connect(self.search_thread.request_related)
        self.search_thread.related.connect(self.detail.set_related)
        self.search_thread.index_missing.connect(self.indexing.rebuild)
        self.indexing.caught_up.connect(self.searching.ask_again)
        self.indexing.follow(
            self.imports, self.edits, self.search_thread, self.detail.current_paper_id
        )

    def _lay_out(self) -> None:
        """Sidebar | list | detail, the count beside the search field, the status bar."""
        for view in (self.sidebar, self.table):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.splitter = PaneSplitter(self)
        for widget in (self.sidebar, self.center, self.detail):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([240, 690, 350])
        self.setCentralWidget(self.splitter)
        self.toolbar.addWidget(self.count_label)
        self.undo_import_button = self.imports.undo_button
        self.status.add(
            self.undo_import_button,
            self.exports.show_button,
            self.exports.progress,
            self.exports.cancel_button,
            self.indexing.progress,
            self.indexing.catching_up,
            self.imports.progress,
            self.imports.cancel_button,
        )
        self.status.tie(
            self.exports.show_button, self.undo_import_button, self.enriching.details_button
        )

    def bring_forward(self, sources: list[ImportSource]) -> None:
        """Another launch on this library: come to the front and import what it was given."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        self.imports.start(sources)

    def _restore_settings(self) -> None:
        self.settings = WindowSettings(self, self.splitter, self.table.horizontalHeader())
        preferences = self.settings.restore()
        self.sidebars.view = preferences.view
        self.menu_actions.mark_on_open.setChecked(preferences.mark_read_when_opened)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Save notes and settings, stop workers, then close."""
        self.detail.flush()
        self.edits.wait()  # changes queued behind a background undo are made before closing
        self.sidebars.stop()  # no recount once the window (and the library) closed
        self.settings.save(Preferences(self.sidebars.view, self.triage.mark_read_when_opened))
        self.imports.cancel()
        self.enriching.cancel()
        self.indexing.cancel()
        self.search_thread.stop()
        self.pool.waitForDone()
        super().closeEvent(event)
