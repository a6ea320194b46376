"""Complete Details in the window: the selection (Paper menu, the list's context menu), a
digest (the sidebar's context menu), and — when Preferences say so — every import's
digest right after it. Runs in a worker with a progress bar and Cancel, reports the
outcome in words with its details one click away, and puts the run on the undo stack."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Protocol, cast

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.enrich_http import EnrichSettings
from readinglist.core.enrich_words import detail_lines, in_words
from readinglist.core.library import Library
from readinglist.core.settings import load_settings, save_settings
from readinglist.domain.errors import ReadingListError
from readinglist.ui.edits import Edits
from readinglist.ui.enrich_job import EnrichJob, EnrichOutcome, EnrichTarget, completed
from readinglist.ui.import_controller import ImportController
from readinglist.ui.preferences_dialog import ask_preferences
from readinglist.ui.touched_rows import Touched
from readinglist.ui.workers import ImportOutcome

_PROGRESS_MS = 200  # how often the progress bar shows the latest count


class EnrichHost(Protocol):
    """What the controller needs of its window."""

    library: Library
    pool: QThreadPool
    edits: Edits

    def selected_ids(self) -> list[int]: ...

    def sort_order(self) -> tuple[int, bool]: ...

    def show_message(self, text: str) -> None: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802


class EnrichController(QObject):
    """Runs completions for a window; its status-bar widgets are ``progress``,
    ``cancel_button`` and ``details_button`` (added to ``status`` here)."""

    finished = Signal(object)  # ImportOutcome: the library as the run left it

    def __init__(self, window: EnrichHost) -> None:
        parent = cast(QWidget, window)  # a main window: a QWidget with these members
        super().__init__(parent)
        self._parent = parent
        self._library = window.library
        self._pool = window.pool
        self._edits = window.edits
        self._selected = window.selected_ids
        self._sort_order = window.sort_order
        self._report = window.show_message
        self.job: EnrichJob | None = None
        self._queued: list[EnrichTarget] = []
        self._last_summary = ""
        self._last_details: list[str] = []
        self.progress = QProgressBar(parent)
        self.progress.setFixedWidth(180)
        self.progress.setFormat(self.tr("%v of %m"))
        self.progress.hide()
        self._latest = (0, 0)
        self._progress_timer = QTimer(self, singleShot=True, interval=_PROGRESS_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        self.cancel_button = QPushButton(self.tr("Cancel"), parent)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        self.details_button = QPushButton(self.tr("Details…"), parent)
        self.details_button.hide()
        self.details_button.clicked.connect(self.show_details)
        for widget in (self.details_button, self.progress, self.cancel_button):
            window.statusBar().addPermanentWidget(widget)

    # ------------------------------------------------------------------ wiring

    def add_actions(self, paper_menu: QMenu, edit_menu: QMenu | None) -> None:
        """Paper > Complete Details, and Edit > Preferences… (Ctrl+,)."""
        paper_menu.addSeparator()
        paper_menu.addAction(self.tr("&Complete Details Online"), self.complete_selection)
        if edit_menu is not None:
            edit_menu.addSeparator()
            action = edit_menu.addAction(self.tr("&Preferences…"), self.edit_preferences)
            action.setShortcut(QKeySequence("Ctrl+,"))
            self._parent.addAction(action)  # the shortcut works anywhere in the window

    def follow(self, imports: ImportController) -> None:
        """Complete each import's digests after it, when Preferences say so."""
        imports.finished.connect(self._after_import)

    # ----------------------------------------------------------------- actions

    def complete(self, digest_id: int | None = None) -> None:
        """Complete the selected papers' details online, or a digest's papers."""
        if digest_id is None:
            self.complete_selection()
        else:
            self.complete_digest(digest_id)

    def complete_selection(self) -> None:
        """Complete the selected papers (or the current one)."""
        ids = self._selected()
        if ids:
            self.start(EnrichTarget(paper_ids=ids))

    def complete_digest(self, digest_id: int) -> None:
        """Complete every paper of a digest."""
        self.start(EnrichTarget(digest_ids=[digest_id]))

    def start(self, target: EnrichTarget, *, announce: bool = True) -> None:
        """Run in the background with progress and Cancel (queued after a running one);
        ``announce=False`` leaves the status bar's message (an import's report, with its
        Undo import button) until the run ends."""
        if self.job is not None:
            self._queued.append(target)
            self._report(self.tr("Completing details queued after the running one."))
            return
        directory = self._library.directory
        held = None if self._edits.held is None else self._edits.held()
        settings = partial(_enrich_settings, directory)
        job = EnrichJob(directory, target, settings, self._sort_order(), held)
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        self.job = job
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        if announce:
            self._report(self.tr("Completing details online…"))
        self._pool.start(job)

    def cancel(self) -> None:
        """Stop after the paper in hand (what is completed stays, and can be undone)."""
        if self.job is not None:
            self.job.cancel()
            self._report(self.tr("Stopping after the paper in hand…"))

    def show_details(self) -> None:
        """What happened to each paper of the last run."""
        _details_dialog(self._parent, self._last_summary, self._last_details).exec()

    def edit_preferences(self) -> None:
        """Edit > Preferences…: ask, then save (a failure is said in the status bar)."""
        directory = self._library.directory
        chosen = ask_preferences(self._parent, load_settings(directory))
        if chosen is None:
            return
        try:
            save_settings(directory, chosen)
        except ReadingListError as exc:
            self._report(self.tr("Preferences not saved: {0}").format(exc))
            return
        self._report(self.tr("Preferences saved."))

    # ---------------------------------------------------------------- internals

    def _after_import(self, outcome: ImportOutcome) -> None:
        digests = [r.digest_id for r in outcome.reports if r.ok and (r.new or r.merged)]
        ids = [d for d in digests if d is not None]
        if ids and load_settings(self._library.directory).complete_after_import:
            self.start(EnrichTarget(digest_ids=ids), announce=False)

    def _on_progress(self, done: int, total: int) -> None:
        # A progress bar repaints itself at once on every change: show the latest count
        # a few times a second, not once per paper.
        self._latest = (done, total)
        if not self._progress_timer.isActive():
            self._progress_timer.start()

    def _show_progress(self) -> None:
        done, total = self._latest
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_finished(self, outcome: EnrichOutcome) -> None:
        self.job = None
        self._progress_timer.stop()
        self.progress.hide()
        self.cancel_button.hide()
        if outcome.library.stats is not None:
            self.finished.emit(outcome.library)
        report = outcome.report
        if report is None:
            self._report(self.tr("Could not complete details: {0}").format(outcome.error))
        else:
            if report.run_id is not None:
                run_id, touched = report.run_id, completed(report)
                changed = sum(1 for r in report.results if r.fields)

                def revert(library: Library) -> Touched:
                    library.undo_enrichment(run_id)
                    return touched  # only these papers' rows are read again

                self._edits.record_done(self.tr("Complete Details"), revert, changed)
            self._last_summary = in_words(report, outcome.asked)
            self._last_details = detail_lines(report)
            self._report(self._last_summary)
            self.details_button.setVisible(bool(self._last_details))  # with its message
        if self._queued:
            self.start(self._queued.pop(0))


def _enrich_settings(directory: Path) -> EnrichSettings:
    """The services' settings from the preferences (read in the worker)."""
    return load_settings(directory).enrich_settings()


def _details_dialog(parent: QWidget, summary: str, lines: list[str]) -> QDialog:
    """A dialog listing one line per paper under the run's summary."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(dialog.tr("Complete Details"))
    layout = QVBoxLayout(dialog)
    heading = QLabel(summary, dialog)
    heading.setWordWrap(True)
    layout.addWidget(heading)
    text = QPlainTextEdit(dialog)
    text.setReadOnly(True)
    text.setPlainText("\n".join(lines))
    layout.addWidget(text)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(720, 420)
    return dialog
