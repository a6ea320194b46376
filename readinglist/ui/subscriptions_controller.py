"""Subscriptions in the window: the sidebar's Subscriptions section and Inbox, the
Subscriptions menu, scheduled fetches off the GUI thread (a QTimer and a worker, with
progress and Cancel), and the notification when new papers match the rules."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, QTimer, SignalInstance
from PySide6.QtWidgets import (
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeView,
)

from readinglist.core.library import Library
from readinglist.core.ranking.placement import ScoreNew, computed_elsewhere
from readinglist.core.subscriptions import outcome_line
from readinglist.domain.entities import PaperQuery
from readinglist.domain.errors import ReadingListError
from readinglist.domain.subscriptions import FetchRun
from readinglist.storage.codec import now_iso
from readinglist.ui import subscriptions_opml
from readinglist.ui.highlight_marks import HighlightMarks
from readinglist.ui.icons import app_icon
from readinglist.ui.menus import add_action
from readinglist.ui.notifier import Notifier
from readinglist.ui.row_merge import HeldRows
from readinglist.ui.rules_dialog import RulesDialog
from readinglist.ui.search_controller import SearchController
from readinglist.ui.subscription_dialog import SubscriptionDialog
from readinglist.ui.subscription_jobs import FetchJob, PanelState, panel_state
from readinglist.ui.subscriptions_follow import PanelFollower
from readinglist.ui.subscriptions_panel import INBOX, SubscriptionsPanel
from readinglist.ui.workers import ImportOutcome

logger = logging.getLogger(__name__)

START_DELAY_MS = 3_000  # the first scheduled look, once the window is up
CHECK_EVERY_MS = 60_000  # then: is a subscription due?


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SubscriptionsController(QObject):
    """Owns the Subscriptions section, its menu, the schedule and the fetch worker."""

    def __init__(
        self,
        window: QMainWindow,
        library: Library,
        pool: QThreadPool,
        *,
        sidebar: QTreeView,
        searching: SearchController,
        report: Callable[[str], None],
        show: Callable[[ImportOutcome], None],
        held: Callable[[], HeldRows],
        began: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._library = library
        self._pool = pool
        self._searching = searching
        self._report = report
        self._show = show
        self._held = held  # the list's rows and order: a fetch merges its papers into them
        self._began = began  # a fetch stores digests as an import does: say it began
        self.clock: Callable[[], datetime] = _utc_now
        self.job: FetchJob | None = None
        self.score_new: ScoreNew | None = None  # papers scored before a score: rule runs
        self._job_scheduled = False
        self._inbox_opened: str | None = None
        self.panel = SubscriptionsPanel(window)
        self.panel.chosen.connect(self._on_chosen)
        self._sidebar = sidebar
        self._place_below(sidebar)
        sidebar.clicked.connect(lambda _index: self.leave_panel())
        sidebar.selectionModel().currentChanged.connect(  # arrow keys there, as a click
            lambda *_: self.leave_panel() if sidebar.hasFocus() else None
        )
        self.notifier = Notifier(self, app_icon(), report)
        self.highlights = HighlightMarks(window.table)  # type: ignore[attr-defined]
        self.progress = QProgressBar(window)
        self.progress.setMaximumWidth(160)
        self.progress.setFormat(self.tr("Fetching %v/%m"))
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel fetch"), window)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        window.statusBar().addPermanentWidget(self.progress)
        window.statusBar().addPermanentWidget(self.cancel_button)
        self.menu = self._build_menu()
        self._closed = False
        self.timer = QTimer(self, interval=CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check_schedule)
        self._first_look = QTimer(self, singleShot=True, interval=START_DELAY_MS)
        self._first_look.timeout.connect(self.check_schedule)
        if not library.read_only:
            self.timer.start()
            self._first_look.start()
        window.installEventFilter(self)
        self.follower = PanelFollower(
            self, library.directory, pool, generation=lambda: library.generation,
            now=lambda: self.clock(), show=self.refresh, busy=lambda: self.job is not None,
        )  # fmt: skip
        for changed in _change_signals(window):
            changed.connect(self.follower.poke)
        self.refresh()
        self.follower.start()

    # ------------------------------------------------------------------ building

    def _place_below(self, sidebar: QTreeView) -> None:
        """Put the panel under the sidebar tree, in a vertical splitter of its own."""
        outer = sidebar.parentWidget()
        column = QSplitter(Qt.Orientation.Vertical)
        column.setObjectName("sidebar-column")
        if isinstance(outer, QSplitter):
            outer.insertWidget(outer.indexOf(sidebar), column)
        column.addWidget(sidebar)
        column.addWidget(self.panel)
        column.setStretchFactor(0, 3)
        column.setStretchFactor(1, 1)

    def _build_menu(self) -> QMenu:
        menu = QMenu(self.tr("&Subscriptions"), self._window)
        add = add_action
        w = self._window
        self.add_action = add(w, menu, self.tr("&Add Subscription…"), None, self.add_subscription)
        self.inbox_action = add(w, menu, self.tr("Show &Inbox"), "Ctrl+Shift+I", self.show_inbox)
        self.fetch_action = add(w, menu, self.tr("&Fetch Now"), "F5", self.fetch_now)
        self.rules_action = add(w, menu, self.tr("&Rules…"), None, self.edit_rules)
        menu.addSeparator()
        add(w, menu, self.tr("Import Subscriptions (&OPML)…"), None, self.import_opml)
        add(w, menu, self.tr("&Export Subscriptions (OPML)…"), None, self.export_opml)
        menu.addSeparator()
        self.unsubscribe_action = add(w, menu, self.tr("&Unsubscribe"), None, self.unsubscribe)
        return menu

    # ------------------------------------------------------------------ showing

    def refresh(self, state: PanelState | None = None) -> None:
        """Counts, states and highlights as the library has them now (or as a worker read
        them: ``state``)."""
        state = state or panel_state(self._library, self.clock())
        self.follower.seen(state.generation)
        self.panel.show_state(state.inbox, state.subscriptions)
        self.highlights.show(state.highlights)

    def show_inbox(self) -> None:
        """Choose the Inbox entry (what arrived since the last visit, minus hidden)."""
        item = self.panel.item_for(INBOX)
        if self.panel.currentItem() is item:
            self._on_chosen(INBOX, 0)
        else:
            self.panel.setCurrentItem(item)

    def _on_chosen(self, kind: str, ident: int) -> None:
        self._leave_inbox()
        self._sidebar.selectionModel().clearSelection()  # one entry looks chosen, not two
        subs = self._library.subscriptions
        if kind == INBOX:
            self._inbox_opened = now_iso()
            ids = subs.inbox_ids()
            self._searching.show_only(set(ids))
            self._report(self.tr("Inbox: {0} papers arrived since your last visit.").format(
                len(ids)))  # fmt: skip
            return
        sub = subs.get(ident)
        ids = {
            paper.id
            for digest_id in subs.digest_ids(ident)
            for paper in self._library.papers(PaperQuery(digest_id=digest_id))
        }
        self._searching.show_only(ids)
        state = sub.last_error and self.tr("last fetch failed: {0}").format(sub.last_error)
        self._report(state or self.tr("{0}: {1} papers").format(sub.name, len(ids)))

    def leave_panel(self) -> None:
        """The user chose a view in the main sidebar: back to its list."""
        if self.panel.current_choice() is None:
            return
        self._leave_inbox()
        self.panel.clear_choice()
        if self._searching.text():
            self._searching.clear()
        else:
            self._searching.ids = None
            self._searching.results.emit()
        self.refresh()

    def _leave_inbox(self) -> None:
        """Leaving the inbox marks it seen as of when it was opened."""
        if self._inbox_opened is not None:
            self._library.subscriptions.visit_inbox(self._inbox_opened)
            self._inbox_opened = None

    # ------------------------------------------------------------------ fetching

    def check_schedule(self) -> None:
        """Fetch the subscriptions due now (on start, then as their intervals pass)."""
        if self._closed or self.job is not None or self._library.read_only:
            return
        if self._library.subscriptions.due(self.clock()):
            self._start([], only_due=True, scheduled=True)

    def fetch_now(self) -> None:
        """Subscriptions > Fetch Now: every enabled subscription."""
        if self.job is not None:
            self._report(self.tr("Already fetching."))
            return
        if not self._library.subscriptions.list():
            self._report(self.tr("No subscriptions yet: Subscriptions > Add Subscription…"))
            return
        self._start([], only_due=False, scheduled=False)

    def _start(self, names: list[str], *, only_due: bool, scheduled: bool) -> None:
        job = FetchJob(
            self._library.directory,
            names,
            only_due=only_due,
            now=self.clock,
            held=self._held(),
            score_new=self.score_new,
        )
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        self.job = job
        self._job_scheduled = scheduled
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self._report(self.tr("Fetching subscriptions…"))
        self._began()  # e.g. the search thread leaves the index to the index process
        self._pool.start(job)

    def cancel(self) -> None:
        """Stop fetching now (what the current subscription brought so far is dropped)."""
        if self.job is not None:
            self.job.cancel()
            self._report(self.tr("Stopping the fetch…"))

    def _on_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if name:
            self.progress.setToolTip(name)

    def _on_finished(self, result: tuple[FetchRun, ImportOutcome, PanelState]) -> None:
        run, outcome, state = result
        self._done()
        self.highlights.show(state.highlights)  # before the rows are drawn
        self._show(outcome)  # rows, counts and digests as the worker read them
        self.refresh(state)
        failed = run.failed
        if run.cancelled:
            cancelled = self.tr(
                "Fetch cancelled: {0} subscriptions fetched ({1} new papers); the rest stay due."
            )
            self._report(cancelled.format(len(run.outcomes), run.new))
        elif failed:
            self._report("; ".join(outcome_line(o) for o in failed))
        else:
            self._report(self.tr("Fetched {0} subscriptions: {1} new papers.").format(
                len(run.outcomes), run.new))  # fmt: skip
        if self._job_scheduled and run.rules.notify:
            self.notifier.notify(
                self.tr("{0} new papers match your rules: {1}").format(
                    len(run.rules.notify), run.rules.notify_names())
            )  # fmt: skip

    def _on_failed(self, message: str) -> None:
        self._done()
        self._show(ImportOutcome([], []))  # the library as it is now (read again)
        self._report(self.tr("Fetching failed: {0}").format(message))

    def _done(self) -> None:
        self.job = None
        self.progress.hide()
        self.cancel_button.hide()

    # ------------------------------------------------------------------ editing

    def add_subscription(self) -> None:
        """Subscriptions > Add Subscription…: the dialog, then a first fetch."""
        dialog = SubscriptionDialog(self._window, self._library.directory, self._pool)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._subscribe(dialog))
        dialog.open()

    def _subscribe(self, dialog: SubscriptionDialog) -> None:
        try:
            name, kind, target, every = dialog.values()
            self._library.subscriptions.subscribe(name, kind, target, every)
        except ReadingListError as exc:
            self._report(str(exc))
            return
        self.refresh()
        self._report(self.tr("Subscribed to {0}; fetching the last 3 days.").format(name))
        if self.job is None:
            self._start([name], only_due=False, scheduled=False)

    def edit_rules(self) -> None:
        """Subscriptions > Rules…"""
        subs = self._library.subscriptions
        dialog = RulesDialog(
            self._window,
            self._library.directory,
            self._pool,
            subs.list(),
            add=self._add_rule,
            remove=self._remove_rule,
            rules=subs.rules,
            score_new=self.score_new,
        )
        self.dialog = dialog
        dialog.open()

    def _add_rule(
        self, query: str, action: str, argument: str, scope: int | None, name: str
    ) -> str | None:
        try:
            with computed_elsewhere():  # the query checked; nothing scored in this process
                self._library.subscriptions.add_rule(query, action, argument, scope, name)
        except ReadingListError as exc:
            return str(exc)
        return None

    def _remove_rule(self, rule_id: int) -> None:
        self._library.subscriptions.remove_rule(rule_id)
        self.refresh()  # what it highlighted is drawn plainly again

    def unsubscribe(self) -> None:
        """Forget the chosen subscription (its papers stay)."""
        choice = self.panel.current_choice()
        if choice is None or choice[0] == INBOX:
            self._report(self.tr("Choose a subscription in the sidebar first."))
            return
        gone = self._library.subscriptions.unsubscribe(choice[1])
        self.leave_panel()
        self.refresh()
        self._report(self.tr("Unsubscribed from {0}; its papers stay.").format(gone.name))

    def import_opml(self) -> None:
        """Add subscriptions from an OPML file."""
        subscriptions_opml.import_opml(self._window, self._library, self._report, self.refresh)

    def export_opml(self) -> None:
        """Write the subscriptions and rules as OPML."""
        subscriptions_opml.export_opml(self._window, self._library, self._report)

    # ------------------------------------------------------------------ closing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """On the window's close: stop the timer, cancel a fetch, mark the inbox seen."""
        if watched is self._window and event.type() == QEvent.Type.Close:
            self._closed = True  # the library may be closed next: no more looks at it
            self.timer.stop()
            self._first_look.stop()
            self.follower.stop()
            if self.job is not None:
                self.job.cancel()
            self._leave_inbox()
        return False


def _change_signals(window: QMainWindow) -> list[SignalInstance]:
    """The window's signals of writes that may change the section's counts: edits (a
    dismissal among them), background undo/redo, an import and its undo."""
    edits, imports = getattr(window, "edits", None), getattr(window, "imports", None)
    found = [edits.changed, edits.reloaded, edits.restored] if edits is not None else []
    return found + ([imports.undone, imports.finished] if imports is not None else [])
