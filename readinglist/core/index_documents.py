"""The search index's view of a paper, built from the library's entities."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from readinglist.domain.entities import Paper
from readinglist.search.index import IndexDocument
from readinglist.storage import digests as digests_db
from readinglist.storage import papers as papers_db
from readinglist.storage.db import Database


def document_of(paper: Paper, digest_names: dict[int, str]) -> IndexDocument:
    """What the search index holds of ``paper`` (``digest_names``: every digest's name)."""
    ids = [value for value in (paper.arxiv_id, paper.doi) if value]
    digests = [f"{d} {digest_names.get(d, '')}" for d in paper.digests]
    return IndexDocument(
        paper_id=paper.id,
        title=paper.title,
        abstract=paper.abstract,
        authors=paper.authors,
        tags=[t.lower() for t in paper.tags],
        notes=paper.notes,
        ids=ids,
        digests=digests,
        published=paper.published,
    )


def documents(conn: sqlite3.Connection, ids: Sequence[int]) -> list[IndexDocument]:
    """The index documents of the papers ``ids`` (those that exist)."""
    names = digests_db.digest_names(conn)
    return [document_of(paper, names) for paper in papers_db.load_papers(conn, list(ids))]


def documents_streamed(db: Database, ids: Sequence[int]) -> Iterator[IndexDocument]:
    """``documents`` of ``ids`` read 2,000 at a time, each batch in its own snapshot."""
    for start in range(0, len(ids), 2000):
        with db.snapshot() as conn:
            chunk = documents(conn, ids[start : start + 2000])
        yield from chunk


@dataclass(frozen=True, slots=True)
class DocumentChunk:
    """The documents of papers ``ids`` (ascending) of the library database at ``path``,
    read when iterated, by the process that iterates: a build's worker reads its own
    chunk, so the building process neither holds nor sends the papers' text."""

    path: Path
    ids: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def last_id(self) -> int:
        """The last paper id of the chunk."""
        return self.ids[-1]

    def __iter__(self) -> Iterator[IndexDocument]:
        db = Database(self.path, read_only=True)
        try:
            yield from documents_streamed(db, self.ids)
        finally:
            db.close()


class StreamedDocuments:
    """The documents of ``ids`` (``documents_streamed`` when iterated), which can also be
    cut into ``DocumentChunk``s for a build's worker processes (``chunks``)."""

    def __init__(self, db: Database, ids: Sequence[int]) -> None:
        self._db = db
        self._ids = ids

    def __iter__(self) -> Iterator[IndexDocument]:
        return documents_streamed(self._db, self._ids)

    def chunks(self, size: int) -> Iterator[DocumentChunk]:
        """The ids ``size`` at a time, each a chunk its worker reads itself."""
        for start in range(0, len(self._ids), size):
            yield DocumentChunk(self._db.path, tuple(self._ids[start : start + size]))
