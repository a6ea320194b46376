"""The library as the live search index reads it: one snapshot's generation, change
log, documents and paper ids (``search.live_index.LibraryView``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from readinglist.core import index_documents
from readinglist.search.index import IndexDocument
from readinglist.storage import changes as changes_db
from readinglist.storage import papers as papers_db


class SnapshotView:
    """The ``LibraryView`` of one open connection (a snapshot): the change log is read
    once per generation asked for, as one search asks for it several times."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._changed: dict[int, set[int]] = {}

    def generation(self) -> int:
        """The library's generation."""
        return changes_db.generation(self._conn)

    def changed_since(self, generation: int) -> set[int]:
        """Ids of the papers changed or deleted after ``generation`` (a copy)."""
        if generation not in self._changed:
            self._changed[generation] = changes_db.changed_since(self._conn, generation)
        return set(self._changed[generation])

    def documents(self, paper_ids: Sequence[int]) -> list[IndexDocument]:
        """The index documents of those of ``paper_ids`` that exist."""
        return index_documents.documents(self._conn, paper_ids)

    def existing(self, paper_ids: Iterable[int]) -> set[int]:
        """Those of ``paper_ids`` that exist."""
        return papers_db.existing_paper_ids(self._conn, paper_ids)
