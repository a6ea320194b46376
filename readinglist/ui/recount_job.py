"""The sidebar's counts read again off the GUI thread (after an import is undone or papers
are removed: counting a library of 100,000 papers takes tens of milliseconds)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from readinglist.core.library import Library
from readinglist.domain.entities import Digest, LibraryStats
from readinglist.domain.errors import ReadingListError

logger = logging.getLogger(__name__)

Counts = tuple[LibraryStats, list[Digest]]


class RecountJob(QObject):
    """Counts papers, marks, tags and digests on a library of its own, in a thread;
    ``finished`` carries ``(stats, digests)``, or ``failed`` says why not."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, directory: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._directory = directory
        self._thread = threading.Thread(target=self._run, name="sidebar-recount", daemon=True)

    def start(self) -> None:
        """Begin counting in the thread."""
        self._thread.start()

    def wait(self) -> None:
        """Block until the counting is done."""
        self._thread.join()

    def _run(self) -> None:
        try:
            with Library.open(self._directory) as library:
                counts: Counts = (library.stats(), library.digests())
        except ReadingListError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a bug must not kill the thread silently
            logger.exception("recounting the sidebar failed")
            self.failed.emit(str(exc) or type(exc).__name__)
            return
        self.finished.emit(counts)
