"""Bringing papers in and out of the window: imports (files, folders, links, dropped or
pasted text) with progress, cancel and undo; the background index build; File > Export….

A mixin of ``MainWindow``: it uses the window's library, thread pool and status-bar widgets.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from readinglist.core.entities import ImportReport
from readinglist.core.errors import ReadingListError
from readinglist.ui.dnd import ImportSource, can_import, sources_from_mime
from readinglist.ui.workers import ImportJob, ImportOutcome, IndexJob


class ImportExportMixin:
    """Import, index and export actions of the main window."""

    # ----------------------------------------------------------------- imports

    def choose_files(self) -> None:
        """File > Import…: pick digest files."""
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Import digests"))
        self.start_import([ImportSource("path", p) for p in paths])

    def import_example(self) -> None:
        """Import the bundled example digest."""
        if self._example is not None and self._example.is_file():
            self.start_import([ImportSource("path", str(self._example))])
        else:
            self.show_message(self.tr("The example digest is not available."))

    def paste(self) -> None:
        """Ctrl+V: import digest text (or a URL) from the clipboard."""
        if self.focusWidget() in (self.search,) or isinstance(self.focusWidget(), QLineEdit):
            return
        mime = QApplication.clipboard().mimeData()
        sources = sources_from_mime(mime, text_name=self.tr("pasted text"))
        if sources:
            self.start_import(sources)

    def start_import(self, sources: list[ImportSource]) -> None:
        """Import in the background with progress and a Cancel button."""
        if not sources:
            return
        if self._import_job is not None:  # e.g. files handed over by a second launch
            self._queued_imports.extend(sources)
            self.show_message(self.tr("Import queued after the running one."))
            return
        job = ImportJob(self.library.directory, sources, *self.sort_order())
        job.signals.progress.connect(self._on_import_progress)
        job.signals.finished.connect(self._on_import_finished)
        self._import_job = job
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.undo_import_button.hide()
        self.show_message(self.tr("Importing…"))
        self.pool.start(job)

    def cancel_import(self) -> None:
        """Stop the running import; the file being imported is rolled back."""
        if self._import_job is not None:
            self._import_job.cancel()

    def _on_import_progress(self, done: int, total: int, source: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.show_message(self.tr("Importing {0}…").format(Path(source).name or source))

    def _on_import_finished(self, outcome: ImportOutcome) -> None:
        self._import_job = None
        self.progress.hide()
        self.cancel_button.hide()
        reports = outcome.reports
        self._last_import = [r for r in reports if r.ok and (r.new or r.merged)]
        self.show_message(summarize_reports(reports))
        self.undo_import_button.setVisible(bool(self._last_import))  # with its message
        if outcome.stats is not None:  # the worker read the library as it is now
            self._all_rows = outcome.rows
            self._show_sidebar_snapshot(outcome.stats, outcome.digests)
            self._apply_filters()
        else:
            self.refresh_all()
        if self._queued_imports:
            queued, self._queued_imports = self._queued_imports, []
            self.start_import(queued)

    def undo_last_import(self) -> None:
        """Remove the digests the last import created (annotated papers are kept)."""
        try:
            while self._last_import:
                digest_id = self._last_import[0].digest_id
                if digest_id is not None:
                    self.library.remove_digest(digest_id)
                self._last_import.pop(0)
        except ReadingListError as exc:  # e.g. busy: what is left can be undone again
            self.refresh_all()
            self.show_message(self.tr("Could not undo the import: {0}").format(exc))
            self.undo_import_button.show()
            return
        self.refresh_all()
        self.show_message(self.tr("Import undone."))

    def _rebuild_index(self) -> None:
        if self.library.read_only:  # nowhere to write it; searches scan the database
            return
        job = IndexJob(self.library.directory)
        job.signals.progress.connect(self._on_index_progress)
        job.signals.finished.connect(self._on_index_finished)
        self._index_job = job
        self.pool.start(job)

    def _on_index_progress(self, done: int, total: int) -> None:
        self.index_progress.show()
        self.index_progress.setRange(0, max(total, 1))
        self.index_progress.setValue(done)

    def _on_index_finished(self, error: str) -> None:
        self._index_job = None
        self.index_progress.hide()
        if error:
            self.show_message(self.tr("The search index could not be built: {0}").format(error))

    # -------------------------------------------------------------- drag & drop

    def dragEnterEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if can_import(event.mimeData()) and event.source() is None:
            event.acceptProposedAction()
            self.overlay.show_over(self)
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        self.overlay.hide()

    def dropEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        self.overlay.hide()
        sources = sources_from_mime(event.mimeData())
        if sources:
            event.acceptProposedAction()
            self.start_import(sources)


def summarize_reports(reports: list[ImportReport]) -> str:
    """One line for the status bar: '114 new, 3 merged, 1 file failed: x.bin: binary'."""
    ok = [r for r in reports if r.ok]
    failed = [r for r in reports if not r.ok]
    parts = [
        f"{sum(r.new for r in ok)} new",
        f"{sum(r.merged for r in ok)} merged",
        f"{sum(r.unchanged for r in ok)} unchanged",
    ]
    text = ", ".join(parts)
    if failed:
        first = failed[0]
        noun = "file" if len(failed) == 1 else "files"
        text += f"; {len(failed)} {noun} failed: {Path(first.source).name}: {first.error}"
    return text
