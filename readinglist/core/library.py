"""``Library``: the one API the window, the command line and scripts use.

It reads digests through ``formats``, stores papers and annotations through ``storage``,
and keeps every write in one SQLite transaction, so an import is all-or-nothing and an
annotation is never half-saved.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from readinglist import paths
from readinglist.core import annotating, enriching, lifecycle, removal, suggesting
from readinglist.core.enrich import EnrichProgress, EnrichReport, undo_last
from readinglist.core.enrich_http import EnrichSettings
from readinglist.core.export_stream import ExportResult, Progress, export_chunks, export_file
from readinglist.core.exporting import ExportScope, export_text
from readinglist.core.library_imports import LibraryImports
from readinglist.core.library_marks import LibraryMarks
from readinglist.core.library_reads import LibraryReads
from readinglist.core.ranking import FOR_YOU, SORTS, scoring_matcher
from readinglist.core.searching import LibrarySearch
from readinglist.core.subscriptions import SubscriptionService
from readinglist.domain.entities import (
    ExportOptions,
    SearchResults,
)
from readinglist.domain.errors import InvalidInputError
from readinglist.domain.files import Written
from readinglist.domain.removed import RemovedDigest, RemovedPapers
from readinglist.storage import annotations as annotations_db
from readinglist.storage import changes as changes_db
from readinglist.storage.db import BUSY_TIMEOUT_SECONDS, Database

if TYPE_CHECKING:
    from readinglist.core.ranking.ranker import Ranker

logger = logging.getLogger(__name__)


class Library(LibraryImports, LibraryReads, LibraryMarks):
    """A reading list on disk: papers, digests and the user's annotations.

    A thin facade: each method delegates to the core module of its subject
    (``lifecycle``, ``imports``, ``annotating``, ``searching``, ``exporting``, ``removal``,
    ``enriching``); imports, reads and marks come from the mixins of their own modules."""

    def __init__(self, directory: Path, database: Database) -> None:
        self.directory = directory
        self._db = database
        self._search = LibrarySearch(database, directory / "index", read_only=database.read_only)
        self._ranking: Ranker | None = None

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> Self:
        """Open (creating or upgrading as needed) the library in ``data_dir`` (default: the
        per-user folder or ``$READINGLIST_DATA_DIR``); a write waits up to ``busy_timeout``
        seconds for another writer, then raises LibraryBusyError."""
        directory = paths.data_dir(data_dir)
        return cls(directory, lifecycle.open_database(directory, busy_timeout))

    @classmethod
    def recover(cls, data_dir: str | os.PathLike[str] | None = None) -> tuple[Self, Path]:
        """Open a library whose database is damaged by putting its newest sound backup in
        place (the damaged file is kept beside it). Returns the library and the backup used;
        raises StorageError when no backup is usable."""
        return lifecycle.recover(paths.data_dir(data_dir), cls.open)

    def close(self) -> None:
        """Close the search index and the database."""
        self._search.close()
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def read_only(self) -> bool:
        """True when the library folder cannot be written: reading and searching work,
        every change is refused with a StorageError."""
        return self._db.read_only

    @property
    def database_path(self) -> Path:
        """The SQLite file of this library."""
        return self._db.path

    @property
    def ranking(self) -> Ranker:
        """The "For you" ranking (see ``core.ranking``), loaded on first use."""
        if self._ranking is None:
            from readinglist.core.ranking.ranker import Ranker

            self._ranking = Ranker(self._db, self.directory / "ranking", self._similar_ids)
        return self._ranking

    @property
    def generation(self) -> int:
        """A counter that grows with every change (what derived caches compare against)."""
        return changes_db.generation(self._db.connection)

    @property
    def backup_dir(self) -> Path:
        """Where this library's backups are kept."""
        return paths.backup_dir(self.directory)

    def backup(self, target: str | os.PathLike[str] | None = None, *, force: bool = False) -> Path:
        """Copy the database to ``target`` (default: a manual backup in ``backups/``)."""
        return self.backup_replacing(target, force=force).path

    def backup_replacing(
        self, target: str | os.PathLike[str] | None = None, *, force: bool = False
    ) -> Written:
        """Like :meth:`backup`, also telling what existing file (size, time) was replaced."""
        return lifecycle.backup_replacing(self._db, self.backup_dir, target, force=force)

    def restore(self, source: str | os.PathLike[str]) -> Path:
        """Replace the library with a backup (see ``lifecycle.restore``); return the
        "before-restore" backup made of the library as it was."""
        safety, self._search = lifecycle.restore(self._db, self.directory, self._search, source)
        return safety

    # ---------------------------------------------------------------- annotations

    def add_tags(self, paper_ids: Iterable[int], tags: Iterable[str]) -> int:
        """Tag papers; return how many (paper, tag) pairs were new."""
        return annotating.add_tags(self._db, paper_ids, tags)

    def remove_tags(self, paper_ids: Iterable[int], tags: Iterable[str]) -> int:
        """Untag papers; return how many (paper, tag) pairs were removed."""
        return annotating.remove_tags(self._db, paper_ids, tags)

    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag everywhere (onto an existing tag: the two merge)."""
        annotating.rename_tag(self._db, old, new)

    def delete_tag(self, name: str) -> None:
        """Remove a tag from every paper."""
        annotating.delete_tag(self._db, name)

    def set_notes(self, paper_id: int, notes: str) -> bool:
        """Replace a paper's notes; return True when they changed."""
        return annotating.set_notes(self._db, paper_id, notes)

    def set_read(self, paper_ids: Iterable[int], read: bool = True) -> int:
        """Mark papers read or unread; return how many changed."""
        return annotating.set_flag(self._db, paper_ids, "read", read)

    def set_starred(self, paper_ids: Iterable[int], starred: bool = True) -> int:
        """Star or unstar papers; return how many changed."""
        return annotating.set_flag(self._db, paper_ids, "starred", starred)

    def dismiss(self, paper_ids: Iterable[int], dismissed: bool = True) -> int:
        """Mark papers "Not interested" (a negative ranking signal); return how many changed."""
        return annotating.set_flag(self._db, paper_ids, "dismissed", dismissed)

    def undismiss(self, paper_ids: Iterable[int]) -> int:
        """Take papers' "Not interested" mark away; return how many changed."""
        return self.dismiss(paper_ids, False)

    def flags(self, paper_ids: Sequence[int], flag: str) -> dict[int, bool]:
        """Each paper's read (``flag`` "read") or starred mark, without loading the papers."""
        return annotations_db.flags(self._db.connection, paper_ids, flag)

    # --------------------------------------------------------------------- search

    def search(
        self,
        text: str,
        *,
        as_you_type: bool = False,
        sort: str = "relevance",
        limit: int = 50,
        offset: int = 0,
    ) -> SearchResults:
        """Search with the query language (see the README)."""
        if sort not in SORTS:
            raise InvalidInputError(f"unknown sort {sort!r} (use {', '.join(SORTS)})")
        if sort == FOR_YOU:
            from readinglist.core.ranking.search import search_for_you

            return search_for_you(
                self.ranking, self._search, self.papers_by_ids, text, limit, offset
            )
        return self._search.search(
            text, as_you_type=as_you_type, sort=sort, limit=limit, offset=offset
        )

    def suggest_tags(self, paper_id: int, n: int = 5) -> list[str]:
        """The user's tags ranked by how much they appear on the most similar papers."""
        return suggesting.suggest_tags(self._db, self._search, self.paper(paper_id), n)

    def reindex(self, progress: Callable[[int, int], bool | None] | None = None) -> None:
        """Rebuild the search index from the database."""
        self._search.rebuild(progress)

    def sync_index(self, progress: Callable[[int, int], object] | None = None) -> None:
        """Write pending changes to the search index (searches see them already)."""
        if self._search.ensure_ready(allow_rebuild=False, catch_up=False):
            self._search.sync(progress)

    def index_backlog(self) -> int:
        """How many changed papers the search index has yet to be written."""
        return self._search.backlog()

    def index_ready(self) -> bool:
        """True when the search index is usable."""
        return self._search.ensure_ready(allow_rebuild=False, catch_up=False)

    # ------------------------------------------------------------ export, removal

    def export(
        self,
        fmt: str,
        *,
        query: str | None = None,
        tag: str | None = None,
        digest_id: int | None = None,
        paper_ids: Sequence[int] | None = None,
        options: ExportOptions | None = None,
    ) -> str:
        """Export papers as ``fmt`` (see ``formats.writers.WRITERS``): all of them, or
        those matching a search, a tag, a digest and/or given ids."""
        scope = ExportScope(query=query, tag=tag, digest_id=digest_id, paper_ids=paper_ids)
        return export_text(self, fmt, scope, options)

    def export_to(
        self,
        target: str | os.PathLike[str],
        fmt: str,
        scope: ExportScope | None = None,
        options: ExportOptions | None = None,
        progress: Progress | None = None,
    ) -> ExportResult:
        """:meth:`export` of ``scope`` (all papers by default) written straight to
        ``target`` as it is made: memory stays flat at any size (``core.export_stream``)."""
        return export_file(self, fmt, scope or ExportScope(), target, options, progress=progress)

    def export_stream(
        self, fmt: str, scope: ExportScope | None = None, options: ExportOptions | None = None
    ) -> Iterator[str]:
        """The text of :meth:`export` in chunks, made as they are asked for."""
        return export_chunks(self, fmt, scope or ExportScope(), options)[1]

    def export_backup(self, paper_ids: Sequence[int] | None = None) -> str:
        """A Reading List JSON backup of the whole library, or of the given papers."""
        return removal.export_backup(self._db, paper_ids)

    def remove_papers(self, paper_ids: Iterable[int]) -> str:
        """Delete papers with their annotations."""
        return removal.remove_papers(self._db, paper_ids)

    def delete_papers(self, paper_ids: Iterable[int]) -> RemovedPapers:
        """Delete papers with their annotations; return all that was stored of them, for
        :meth:`restore_deleted` (undo)."""
        return removal.delete_papers(self._db, paper_ids)

    def restore_deleted(self, removed: RemovedPapers) -> list[int]:
        """Put deleted papers back as they were (same ids, added times, annotations, tags,
        digest places) in one transaction; return their ids (see ``storage.removal``)."""
        return removal.restore_deleted(self._db, removed)

    def remove_digest(self, digest_id: int) -> int:
        """Undo an import: delete the digest and the papers only it holds that the user
        never annotated. Returns how many papers were deleted."""
        return removal.remove_digest(self._db, digest_id)

    def take_out_digest(self, digest_id: int) -> RemovedDigest:
        """Remove a digest as :meth:`remove_digest` does; return all it took, for
        :meth:`put_back_digest` (undo)."""
        return removal.take_out_digest(self._db, digest_id)

    def put_back_digest(self, removed: RemovedDigest) -> tuple[int, list[int]]:
        """Put a removed digest back with its papers (same ids, annotations, places);
        return its id and the ids of the papers it holds."""
        return removal.put_back_digest(self._db, removed)

    # ------------------------------------------------------------ completing papers

    def enrich(
        self,
        paper_ids: Iterable[int] | None = None,
        *,
        digest_id: int | None = None,
        settings: EnrichSettings | None = None,
        progress: EnrichProgress | None = None,
    ) -> EnrichReport:
        """Complete papers from the online services (see ``core.enrich``): the given ids,
        else a digest's papers, else every paper lacking an id, authors, date or link.
        Raises PaperNotFoundError / DigestNotFoundError for an unknown id."""
        return enriching.enrich(self._db, paper_ids, digest_id, settings, progress)

    @property
    def subscriptions(self) -> SubscriptionService:
        """Subscriptions, rules and the inbox (see ``core.subscriptions``)."""
        return SubscriptionService(self._db, scoring_matcher(self))

    def undo_enrichment(self, run_id: int | None = None) -> int:
        """Undo the newest enrichment (or run ``run_id``); return how many papers it
        restored (0: nothing to undo)."""
        return undo_last(self._db, run_id)

    def _similar_ids(self, paper_id: int, n: int) -> list[tuple[int, float]]:
        return self._search.similar(self.paper(paper_id), n)
