"""File > Export…: ask what to write and where, write it in the background with progress
and Cancel, then say what happened ("Exported 3 papers to FILE" with a Show button, or
why it failed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QProgressBar, QPushButton, QWidget

from readinglist.ui.export_dialog import ExportDialog, ExportJob


class ExportController(QObject):
    """Runs exports for a window, knowing only which papers are shown and selected; its
    status-bar widgets are ``show_button``, ``progress`` and ``cancel_button``."""

    def __init__(
        self,
        parent: QWidget,
        library_dir: Path,
        pool: QThreadPool,
        *,
        shown: Callable[[], list[int]],
        selected: Callable[[], list[int]],
        report: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._library_dir = library_dir
        self._pool = pool
        self._shown = shown
        self._selected = selected
        self._report = report
        self._running: set[ExportJob] = set()  # a job's signals live as long as the job
        self._written: Path | None = None
        self.show_button = QPushButton(self.tr("Show"), parent)
        self.show_button.setToolTip(self.tr("Open the folder of the exported file"))
        self.show_button.clicked.connect(self.show_written)
        self.show_button.hide()
        self.progress = QProgressBar(parent)
        self.progress.setMaximumWidth(200)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel export"), parent)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()

    def export(self) -> None:
        """Ask for the format, the papers and the file, then write it in the background."""
        shown, selected = self._shown(), self._selected()
        dialog = ExportDialog(self._parent, shown=len(shown), selected=len(selected))
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return
        target = dialog.ask_path()
        if target is None:
            return
        scope = dialog.chosen_scope()
        ids = None if scope == "all" else shown if scope == "shown" else selected
        job = ExportJob(self._library_dir, dialog.chosen_format(), ids, dialog.options(), target)
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(lambda message, ok: self._on_finished(job, message, ok))
        self._running.add(job)
        job.setAutoDelete(False)  # kept until its report has arrived
        self.show_button.hide()
        self._report(self.tr("Exporting…"))
        self.progress.setRange(0, 0)  # busy until the first batch is written
        self.progress.show()
        self.cancel_button.show()
        self._pool.start(job)

    def cancel(self) -> None:
        """Stop the running exports; their targets are left as they were."""
        for job in self._running:
            job.cancel()

    def show_written(self) -> None:
        """Open the folder of the last exported file."""
        if self._written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._written.parent)))

    def _on_progress(self, done: int, total: int) -> None:
        if not self._running:
            return  # a late report of a finished export
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self._report(self.tr("Exporting {0} of {1} papers…").format(f"{done:,}", f"{total:,}"))

    def _on_finished(self, job: ExportJob, message: str, ok: bool) -> None:
        self._running.discard(job)
        if not self._running:
            self.progress.hide()
            self.cancel_button.hide()
        if ok:
            self._written = job.target
            self._report(message)
        elif job.cancelled:
            self._report(self.tr("Export cancelled; {0} was not written.").format(job.target))
        else:
            self._report(self.tr("Export failed: {0}").format(message))
        self.show_button.setVisible(ok)
