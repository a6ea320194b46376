"""The search index build in the background, with its progress in the status bar
("Indexing 40%"); searches scan the library meanwhile."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool
from PySide6.QtWidgets import QProgressBar, QWidget

from readinglist.core.library import Library
from readinglist.ui.workers import IndexJob


class IndexController(QObject):
    """Builds a missing or outdated index; ``progress`` is its status-bar widget."""

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
        if error:
            self._report(self.tr("The search index could not be built: {0}").format(error))
