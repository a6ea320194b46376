"""Keeps the Subscriptions section in step with the library.

The section's counts (the Inbox, each subscription's new papers) and the highlights change
with every write that adds, removes or dismisses papers: a fetch, an import, an undo, a
removed digest, "Not interested", or ``readinglist fetch`` run by cron while the window is
open. Each write moves the library's generation; this follower compares it with the one
the section was last read at — when a change is signalled, and on a slow timer for the
writes nothing signals — and, only when it moved, reads the section again in a worker
(a few aggregate queries) and hands it to ``show``. While a fetch runs it does not look:
the fetch's end hands over the section as the fetch left it.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, QTimer

from readinglist.domain.errors import ReadingListError
from readinglist.ui.subscription_jobs import PanelJob, PanelState

logger = logging.getLogger(__name__)

LOOK_EVERY_MS = 2_000  # for writes no signal tells of (another process, a removed digest)


class PanelFollower(QObject):
    """Reads the section again (off the GUI thread) when ``generation()`` differs from the
    one it was last :meth:`seen` at, unless ``busy()`` (a fetch is running)."""

    def __init__(
        self,
        parent: QObject,
        library_dir: Path,
        pool: QThreadPool,
        *,
        generation: Callable[[], int],
        now: Callable[[], datetime],
        show: Callable[[PanelState], None],
        busy: Callable[[], bool],
    ) -> None:
        super().__init__(parent)
        self._dir, self._pool = library_dir, pool
        self._generation, self._now, self._show, self._busy = generation, now, show, busy
        self._seen = -1
        self.job: PanelJob | None = None
        self._stopped = False
        self._timer = QTimer(self, interval=LOOK_EVERY_MS)
        self._timer.timeout.connect(self.look)
        self._soon = QTimer(self, singleShot=True, interval=0)  # several signals, one look
        self._soon.timeout.connect(self.look)

    def start(self) -> None:
        """Look on the timer from now on."""
        self._timer.start()

    def stop(self) -> None:
        """No more looks (the window closes; its library may be closed next)."""
        self._stopped = True
        self._timer.stop()
        self._soon.stop()

    def seen(self, generation: int) -> None:
        """The section now shows the library as of ``generation``."""
        self._seen = generation

    def poke(self, *_args: object) -> None:
        """Something changed the library: look once the event loop is free."""
        if not self._stopped:
            self._soon.start()

    def look(self) -> None:
        """Read the section again if the library moved since it was read."""
        if self._stopped or self.job is not None or self._busy():
            return
        try:
            moved = self._generation() != self._seen
        except (ReadingListError, sqlite3.Error) as exc:  # e.g. busy: the next look retries
            logger.info("could not read the library's generation: %s", exc)
            return
        if moved:
            job = PanelJob(self._dir, self._now)
            job.signals.finished.connect(self._on_read)
            job.signals.failed.connect(self._on_failed)
            self.job = job
            self._pool.start(job)

    def _on_read(self, state: PanelState) -> None:
        self.job = None
        if not self._stopped and not self._busy():  # a fetch hands its own over when done
            self._show(state)

    def _on_failed(self, message: str) -> None:
        self.job = None
        logger.info("could not read the Subscriptions section: %s", message)
