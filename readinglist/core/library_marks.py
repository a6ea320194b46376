"""Marks set on many papers at once, for an undo stack: :class:`Library` inherits
:class:`LibraryMarks` (kept apart so the facade stays small)."""

from __future__ import annotations

from collections.abc import Iterable

from readinglist.core import annotating
from readinglist.storage.db import Database


class LibraryMarks:
    """Setting read, starred or "Not interested" and learning which papers it changed."""

    _db: Database

    def turn_flag(self, paper_ids: Iterable[int], flag: str, value: bool) -> list[int]:
        """Set ``read``, ``starred`` or ``dismissed`` to ``value`` on papers in one
        transaction; the ids of those that did not have it (what an undo turns back).
        Raises PaperNotFoundError (changing nothing) for an id naming no paper."""
        return annotating.turn_flag(self._db, paper_ids, flag, value)
