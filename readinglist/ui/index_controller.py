"""The search index built or brought up to date in the background (another process), with
its state in the status bar ("Indexing 40%", "Indexing 3,000 of 5,000 papers…"); searches
answer meanwhile (the index, and a scan of the papers it does not hold yet)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from readinglist.core.library import Library
from readinglist.core.searching import OVERLAY_LIMIT
from readinglist.ui.edits import Edits
from readinglist.ui.import_controller import ImportController
from readinglist.ui.search_thread import SearchThread
from readinglist.ui.workers import CatchUpJob, ImportOutcome, IndexJob


class IndexController(QObject):
    """Builds a missing or outdated index, and writes a big import to it; ``progress`` and
    ``catching_up`` are its status-bar widgets."""

    caught_up = Signal()  # a catch-up ended (also when it failed), or a build was swapped in

    def __init__(
        self,
        parent: QWidget,
        library: Library,
        pool: QThreadPool,
        report: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._pool = pool
        self._report = report
        self.job: IndexJob | None = None
        self.progress = QProgressBar(parent)
        self.progress.setMaximumWidth(160)
        self.progress.setFormat(self.tr("Indexing %p%"))
        self.progress.setToolTip(
            self.tr("Building the search index; searches scan the library meanwhile")
        )
        self.progress.hide()
        self.catch_up_job: CatchUpJob | None = None
        self._again = False  # changes came while a catch-up ran
        self.catching_up = QLabel(parent)
        self.catching_up.setToolTip(
            self.tr("Writing new papers to the search index; searches scan them meanwhile")
        )
        self.catching_up.hide()

    def follow(
        self,
        imports: ImportController,
        edits: Edits,
        thread: SearchThread,
        shown: Callable[[], int | None],
    ) -> None:
        """Keep the index up with big imports (and their undo) and big edits (Space on
        5,000 papers) without the search thread writing it: the thread answers from the
        database meanwhile, then reopens the index and the similar papers of the ``shown``
        paper are asked again."""

        def imported(outcome: ImportOutcome) -> None:
            changed = sum(r.new + r.merged for r in outcome.reports if r.ok)
            if self.needs_catch_up(changed):
                self.catch_up(changed)
            elif self.catch_up_job is None:
                thread.set_catching_up(False)

        def edited(ids: list[int]) -> None:
            if self.needs_catch_up(len(ids)):
                thread.set_catching_up(True)
                self.catch_up(len(ids))

        def caught_up() -> None:
            thread.reopen()
            thread.set_catching_up(False)
            paper_id = shown()
            if paper_id is not None:
                thread.request_related(paper_id)

        thread.backlog.connect(lambda: self.catch_up(0))
        imports.started.connect(lambda: thread.set_catching_up(True))
        imports.finished.connect(imported)
        imports.undone.connect(lambda: self._after_undo(thread))
        edits.changed.connect(edited)
        self.caught_up.connect(caught_up)

    def _after_undo(self, thread: SearchThread) -> None:
        """An undone import removed papers: write their removal in the background."""
        thread.set_catching_up(True)
        self.catch_up(0)

    def needs_catch_up(self, changed: int) -> bool:
        """True when ``changed`` papers are more than a search brings up to date itself."""
        return changed > OVERLAY_LIMIT and not self._library.read_only

    def catch_up(self, changed: int) -> None:
        """Write the pending changes (``changed`` papers) to the index in the background,
        showing "Indexing N papers…" until done."""
        if self.catch_up_job is not None:  # it writes what was pending when it began:
            self._again = True  # these changes may be later, so write again after it
            return
        job = CatchUpJob(self._library.directory)
        job.signals.progress.connect(self._on_catch_up_progress)
        job.signals.finished.connect(self._on_caught_up)
        self.catch_up_job = job
        text = (
            self.tr("Indexing {0:,} papers…").format(changed)
            if changed
            else self.tr("Updating the search index…")
        )
        self.catching_up.setText(text)
        self.catching_up.show()
        self._pool.start(job)

    def _on_catch_up_progress(self, done: int, total: int) -> None:
        if total and done < total:
            self.catching_up.setText(self.tr("Indexing {0:,} of {1:,} papers…").format(done, total))

    def cancel(self) -> None:
        """Stop the indexing processes (the window closes): what they committed stays,
        the rest is written the next time."""
        for job in (self.job, self.catch_up_job):
            if job is not None:
                job.process.stop()

    def _on_caught_up(self, error: str) -> None:
        self.catch_up_job = None
        if self._again and not error:
            self._again = False
            self.catch_up(0)
            return
        self._again = False
        self.catching_up.hide()
        if error == "stopped":
            return  # the window is closing
        if error:
            self._report(self.tr("The search index could not be updated: {0}").format(error))
        self.caught_up.emit()

    def rebuild(self) -> None:
        """Build the index again in the background (not in a read-only library)."""
        if self._library.read_only or self.job is not None:
            return  # nowhere to write it (searches scan the database), or already building
        job = IndexJob(self._library.directory)
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        self.job = job
        self._pool.start(job)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.show()
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_finished(self, error: str) -> None:
        self.job = None
        self.progress.hide()
        if error and error != "stopped":
            self._report(self.tr("The search index could not be built: {0}").format(error))
        elif not error:  # swapped in: searches (which answered without it) now use it
            self.caught_up.emit()
