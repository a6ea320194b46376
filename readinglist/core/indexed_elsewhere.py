"""A library whose search index another process builds (the window's index process).

The window's threads search while its index process (``index_process``) builds the index
or writes a big backlog to it. A search there must never do that work itself: it would
compete with paints and searches for the interpreter, and race the process for the
index. ``IndexedElsewhere`` is a ``Library`` whose searches answer without it: a missing
index from the database, papers not yet written from the overlay or a scan of just those.
"""

from __future__ import annotations

from pathlib import Path

from readinglist.core.library import Library
from readinglist.storage.db import Database


class IndexedElsewhere(Library):
    """A ``Library`` whose searches never build its index nor write a backlog to it
    (``sync_index`` and ``reindex``, asked for explicitly, still do)."""

    def __init__(self, directory: Path, database: Database) -> None:
        super().__init__(directory, database)
        self._search.builds_index = False
