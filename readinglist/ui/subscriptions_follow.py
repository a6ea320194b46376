"""Keeps the Subscriptions section in step with the library.

The section's counts (the Inbox, each subscription's new papers) and the highlights change
with every write that adds, removes or dismisses papers: a fetch, an import, an undo, a
removed digest, "Not interested", or ``readinglist fetch`` run by cron while the window is
open. Each write moves the library's generation; this follower compares it with the one
the section was last read at — when a change is signalled, and on a slow timer for the
writes nothing signals — and reads the section again (a few aggregate queries) only when
it moved.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from readinglist.domain.errors import ReadingListError

logger = logging.getLogger(__name__)

LOOK_EVERY_MS = 2_000  # for writes no signal tells of (another process, a removed digest)


class PanelFollower(QObject):
    """Calls ``refresh()`` when ``generation()`` differs from the one last :meth:`seen`."""

    def __init__(
        self,
        parent: QObject,
        generation: Callable[[], int],
        refresh: Callable[[], None],
        interval_ms: int = LOOK_EVERY_MS,
    ) -> None:
        super().__init__(parent)
        self._generation = generation
        self._refresh = refresh
        self._seen = -1
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.look)
        self._soon = QTimer(self, singleShot=True, interval=0)  # several signals, one look
        self._soon.timeout.connect(self.look)

    def start(self) -> None:
        """Look on the timer from now on."""
        self._timer.start()

    def stop(self) -> None:
        """No more looks (the window closes; its library may be closed next)."""
        self._timer.stop()
        self._soon.stop()

    def seen(self, generation: int) -> None:
        """The section now shows the library as of ``generation``."""
        self._seen = generation

    def poke(self, *_args: object) -> None:
        """Something changed the library: look once the event loop is free."""
        if self._timer.isActive():
            self._soon.start()

    def look(self) -> None:
        """Read the section again if the library moved since it was read."""
        try:
            if self._generation() != self._seen:
                self._refresh()
        except (ReadingListError, sqlite3.Error) as exc:  # e.g. busy: the next look retries
            logger.info("could not read the Subscriptions section again: %s", exc)
