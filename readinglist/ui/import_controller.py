"""Bringing papers in: imports of files, folders, links, dropped or pasted text in the
background, with progress, Cancel, a queue for imports handed over meanwhile, and Undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QProgressBar, QPushButton, QWidget

from readinglist.core.library import Library
from readinglist.domain.entities import ImportReport, PaperRow
from readinglist.domain.errors import ImportFailedError, ReadingListError
from readinglist.ui.dnd import ImportSource
from readinglist.ui.edits import Edits
from readinglist.ui.import_undo import ImportStep
from readinglist.ui.row_merge import HeldRows
from readinglist.ui.workers import ImportJob, ImportOutcome


class ImportController(QObject):
    """Runs imports for a window; its status-bar widgets are ``progress``, ``cancel_button``
    and ``undo_button``. Each import that changed the library is a step on the undo stack;
    the status bar offers to undo it for ``offer_ms``, or until the next message."""

    started = Signal()  # an import job began
    stored = Signal(object)  # list[ImportReport]: stored; the job still reads the rows
    finished = Signal(object)  # ImportOutcome: the library as the import left it
    undone = Signal()  # digests were removed (the list shows it): the index follows
    stale = Signal()  # an undo failed after removing some digests: read the library again

    def __init__(
        self,
        parent: QWidget,
        library: Library,
        pool: QThreadPool,
        *,
        edits: Edits,
        held: Callable[[], HeldRows],
        report: Callable[[str], None],
        example: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._library = library
        self._pool = pool
        self._held = held  # the window's list, which an import's rows are merged into
        self._report = report
        self._example = example
        self.job: ImportJob | None = None
        self.row_scores: Callable[[list[PaperRow]], None] | None = None  # see ImportJob
        self._queued: list[ImportSource] = []
        self._edits = edits
        self._sources: list[ImportSource] = []
        self._redo_of: ImportStep | None = None  # the running job re-imports this step
        self._offer: object | None = None  # the undo-stack entry the button undoes
        self._by_button = False  # the undo running was asked by the button
        self.offer_ms = 10_000
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self.progress = QProgressBar(parent)
        self.progress.setMaximumWidth(200)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), parent)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        self.undo_button = QPushButton(self.tr("Undo import"), parent)
        self.undo_button.hide()
        self.undo_button.clicked.connect(self.undo_last)
        self._expiry.timeout.connect(self.undo_button.hide)

    def choose_files(self) -> None:
        """File > Import…: pick digest files."""
        paths, _ = QFileDialog.getOpenFileNames(self._parent, self.tr("Import digests"))
        self.start([ImportSource("path", p) for p in paths])

    def import_example(self) -> None:
        """Import the bundled example digest."""
        if self._example is not None and self._example.is_file():
            self.start([ImportSource("path", str(self._example))])
        else:
            self._report(self.tr("The example digest is not available."))

    def start(self, sources: list[ImportSource], *, redo_of: ImportStep | None = None) -> None:
        """Import in the background with progress and a Cancel button."""
        if not sources:
            return
        if self.job is not None and redo_of is not None:
            raise ReadingListError(self.tr("An import is running: redo once it has finished."))
        if self.job is not None:  # e.g. files handed over by a second launch
            self._queued.extend(sources)
            self._report(self.tr("Import queued after the running one."))
            return
        job = ImportJob(self._library.directory, sources, self._held(), keep_replay=redo_of is None)
        job.row_scores = self.row_scores
        job.signals.progress.connect(self._on_progress)
        job.signals.stored.connect(self.stored)
        job.signals.finished.connect(self._on_finished)
        self.job = job
        self._sources, self._redo_of = list(sources), redo_of
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self._report(self.tr("Importing…"))
        self.started.emit()
        self._pool.start(job)

    def cancel(self) -> None:
        """Stop the running import; the file being imported is rolled back."""
        if self.job is not None:
            self.job.cancel()

    def undo_last(self) -> None:
        """The status bar's "Undo import": undo the import if it is still the last change."""
        self._expiry.stop()
        self.undo_button.hide()
        self._edits.wait()  # a step still running in the background ends first
        if self._offer is None or not self._edits.is_last(self._offer):
            self._report(self.tr("The import is no longer the last change: use Edit > Undo."))
            return
        try:
            self._edits.undo()  # off the GUI thread: _undo_ended says how it went
        except ReadingListError as exc:  # refused before it began
            self._report(self.tr("Could not undo the import: {0}").format(exc))
            self._offer_undo()
            return
        self._by_button = True
        self._report(self.tr("Undoing import…"))

    def _undo_ended(self, step: ImportStep, error: str | None) -> None:
        """An import's undo ended in the background (the list already shows it)."""
        by_button, self._by_button = self._by_button, False
        if error is None:
            self.undone.emit()
            if by_button:
                self._offer = None
                self._report(self.tr("Import undone."))
            return
        if step.removed:  # some of its digests went before the failure
            self.stale.emit()
            self.undone.emit()
        self._report(self.tr("Could not undo the import: {0}").format(error))
        if self._offer is not None and self._edits.is_last(self._offer):
            self._offer_undo()  # e.g. busy: what is left can be undone again

    def _on_progress(self, done: int, total: int, source: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self._report(self.tr("Importing {0}…").format(Path(source).name or source))

    def _on_finished(self, outcome: ImportOutcome) -> None:
        self.job = None
        self.progress.hide()
        self.cancel_button.hide()
        reports = outcome.reports
        self._report(summarize_reports(reports))
        if self._redo_of is not None:
            self._redo_of.took(reports)
        elif ImportStep.changed_library(reports):
            step = ImportStep(
                self._sources,
                reports,
                self._reimport,
                outcome.replay,  # read by the worker: the window never reads the files
            )
            self._offer = self._edits.record(
                step.name(), step.redo, step.undo, lambda error: self._undo_ended(step, error)
            )
            self._offer_undo()  # with its message
        self._redo_of = None
        self.finished.emit(outcome)
        if self._queued:
            queued, self._queued = self._queued, []
            self.start(queued)

    def _offer_undo(self) -> None:
        self.undo_button.show()
        self._expiry.start(self.offer_ms)

    def _reimport(self, step: ImportStep) -> None:
        if step.replay is None:  # the worker failed before it could keep the bytes
            raise ImportFailedError(step.name(), "nothing kept to redo: import it again instead")
        self.start(step.replay.for_redo(), redo_of=step)


_MAX_DETAILS = 3  # report lines the status bar names before "and N more"


def _report_details(reports: list[ImportReport]) -> list[str]:
    """Duplicates within a file and merges on a near title, the first few named (with the
    file they are about when several were imported)."""
    if len(reports) > 1:
        lines = [f"{Path(r.source).name}: {line}" for r in reports for line in r.details()]
    else:
        lines = [line for report in reports for line in report.details()]
    if len(lines) > _MAX_DETAILS:
        lines = [*lines[:_MAX_DETAILS], f"and {len(lines) - _MAX_DETAILS} more"]
    return lines


def summarize_reports(reports: list[ImportReport]) -> str:
    """One line for the status bar: '114 new, 3 merged, 1 file failed: x.bin: binary'."""
    ok = [r for r in reports if r.ok]
    cancelled = [r for r in reports if r.error == "cancelled"]
    failed = [r for r in reports if not r.ok and r.error != "cancelled"]
    parts = [
        f"{sum(r.new for r in ok)} new",
        f"{sum(r.merged for r in ok)} merged",
        f"{sum(r.unchanged for r in ok)} unchanged",
    ]
    failures = []  # before the details: a long line is cut off at the status bar's end
    if cancelled:
        noun = "file" if len(cancelled) == 1 else "files"
        failures.append(f"cancelled: {len(cancelled)} {noun} not imported")
    if failed:
        first = failed[0]
        noun = "file" if len(failed) == 1 else "files"
        failures.append(f"{len(failed)} {noun} failed: {Path(first.source).name}: {first.error}")
    return "; ".join([", ".join(parts), *failures, *_report_details(ok)])
