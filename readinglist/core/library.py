"""``Library``: the one API the window, the command line and scripts use.

It reads digests through ``formats``, stores papers and annotations through ``storage``,
and keeps every write in one SQLite transaction, so an import is all-or-nothing and an
annotation is never half-saved.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Self

from readinglist import paths
from readinglist.core.download import fetch, is_url
from readinglist.core.enrich import (
    EnrichProgress,
    EnrichReport,
    enrich_papers,
    needs_details,
    undo_last,
)
from readinglist.core.enrich_http import EnrichSettings
from readinglist.core.exporting import ExportScope, export_text
from readinglist.core.importer import ProgressCallback, digest_files, store_digest
from readinglist.core.searching import SORTS, LibrarySearch
from readinglist.core.subscriptions import SubscriptionService
from readinglist.domain.entities import (
    Digest,
    ExportOptions,
    ImportReport,
    LibraryStats,
    Paper,
    PaperQuery,
    PaperRecord,
    PaperRow,
    ParsedDigest,
    SearchResults,
)
from readinglist.domain.errors import (
    BackupRejectedError,
    DatabaseTooNewError,
    DigestNotFoundError,
    ImportFailedError,
    InvalidInputError,
    PaperNotFoundError,
    StorageError,
)
from readinglist.domain.files import Written
from readinglist.domain.tags import clean_tag
from readinglist.formats import read_digest
from readinglist.formats.registry import MAX_DIGEST_BYTES, too_large
from readinglist.storage import annotations as annotations_db
from readinglist.storage import backups, codec
from readinglist.storage import changes as changes_db
from readinglist.storage import digests as digests_db
from readinglist.storage import enrich_repository as enrich_journal
from readinglist.storage import papers as papers_db
from readinglist.storage import restore as restoring
from readinglist.storage import rows as rows_db
from readinglist.storage import stats as stats_db
from readinglist.storage import tags as tags_db
from readinglist.storage.db import BUSY_TIMEOUT_SECONDS, Database
from readinglist.storage.migrations import LATEST_VERSION, migrate, schema_version

logger = logging.getLogger(__name__)


class Library:
    """A reading list on disk: papers, digests and the user's annotations."""

    def __init__(self, directory: Path, database: Database) -> None:
        self.directory = directory
        self._db = database
        self._search = LibrarySearch(database, directory / "index", read_only=database.read_only)

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> Self:
        """Open (creating or upgrading as needed) the library in ``data_dir``.

        Without ``data_dir`` the per-user directory (or ``$READINGLIST_DATA_DIR``) is used.
        A write waits up to ``busy_timeout`` seconds for another writer, then raises
        ``LibraryBusyError``.
        """
        directory = paths.data_dir(data_dir)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"{directory}: cannot create the library folder ({exc})") from exc
        read_only = _is_read_only(directory)
        if read_only:
            logger.warning("%s is read-only: the library opens for reading only", directory)
        database = Database(
            paths.database_path(directory), read_only=read_only, busy_timeout=busy_timeout
        )
        try:
            if read_only:
                _check_readable_as_is(database)
            else:
                migrate(database, paths.backup_dir(directory))
        except sqlite3.DatabaseError as exc:
            database.close()
            raise StorageError(
                f"{database.path}: this is not a Reading List database, or it is damaged ({exc})"
            ) from exc
        except BaseException:
            database.close()
            raise
        if not read_only:
            try:
                backups.daily_backup(database.connection, paths.backup_dir(directory))
            except StorageError as exc:  # a full disk must not stop the user from reading
                logger.warning("daily backup skipped: %s", exc)
        return cls(directory, database)

    @classmethod
    def recover(cls, data_dir: str | os.PathLike[str] | None = None) -> tuple[Self, Path]:
        """Open a library whose database is damaged by putting its newest sound backup in
        place (the damaged file is kept beside it). Returns the library and the backup used;
        raises StorageError when no backup is usable."""
        directory = paths.data_dir(data_dir)
        for candidate in backups.list_backups(paths.backup_dir(directory)):
            try:
                restoring.replace_damaged(paths.database_path(directory), candidate)
            except BackupRejectedError as exc:
                logger.warning("not recovering from %s: %s", candidate, exc)
                continue
            return cls.open(directory), candidate
        raise StorageError(f"{directory}: no usable backup to restore from")

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
    def generation(self) -> int:
        """A counter that grows with every change (what derived caches compare against)."""
        return changes_db.generation(self._db.connection)

    # -------------------------------------------------------------------- imports

    def import_path(
        self,
        path: str | os.PathLike[str],
        *,
        today: date | None = None,
        progress: ProgressCallback | None = None,
    ) -> ImportReport:
        """Import one digest file. Raises ImportFailedError, leaving the library unchanged."""
        file_path = Path(path)
        name = file_path.name or str(file_path)
        try:
            if file_path.is_dir():
                raise ImportFailedError(str(file_path), "is a folder, not a digest file")
            with open(file_path, "rb") as stream:  # never more than the limit into memory
                size = os.fstat(stream.fileno()).st_size
                data = b"" if size > MAX_DIGEST_BYTES else stream.read(MAX_DIGEST_BYTES + 1)
            if max(size, len(data)) > MAX_DIGEST_BYTES:  # len: files that grow, pipes
                raise too_large(str(file_path), max(size, len(data)))
        except FileNotFoundError as exc:
            raise ImportFailedError(str(file_path), "no such file") from exc
        except PermissionError as exc:
            raise ImportFailedError(str(file_path), "permission denied") from exc
        except OSError as exc:
            raise ImportFailedError(str(file_path), exc.strerror or str(exc)) from exc
        return self.import_bytes(data, name, today=today, progress=progress)

    def import_url(self, url: str, *, progress: ProgressCallback | None = None) -> ImportReport:
        """Download a digest (http/https only, with timeout, size and redirect limits) and
        import it. Raises ImportFailedError."""
        download = fetch(url)
        parsed = read_digest(download.data, download.filename, date.today())
        sha256 = hashlib.sha256(download.data).hexdigest()
        return self.import_parsed(parsed, url, sha256, progress=progress)

    def import_folder(self, folder: str | os.PathLike[str]) -> list[ImportReport]:
        """Import every file with a digest extension under ``folder`` (hidden ones aside).

        Each file is imported on its own; a failure is returned as a report with an error.
        """
        root = Path(folder)
        reports: list[ImportReport] = []
        for path in digest_files(root):
            try:
                reports.append(self.import_path(path))
            except ImportFailedError as exc:
                reports.append(ImportReport(source=str(path), error=exc.reason))
            except Exception as exc:  # a bug on one file must not stop the files after it
                logger.exception("import of %s failed", path)
                reports.append(ImportReport(source=str(path), error=f"unexpected error: {exc}"))
        if not reports:
            reports.append(ImportReport(source=str(root), error="no digest files in this folder"))
        return reports

    def import_any(self, source: str) -> list[ImportReport]:
        """Import a file, a folder or an http(s) URL; failures are reports with an error."""
        try:
            if is_url(source):
                return [self.import_url(source)]
            if Path(source).is_dir():
                return self.import_folder(source)
            return [self.import_path(source)]
        except ImportFailedError as exc:
            return [ImportReport(source=exc.source, error=exc.reason)]

    def import_bytes(
        self,
        data: bytes,
        source_name: str,
        *,
        today: date | None = None,
        progress: ProgressCallback | None = None,
    ) -> ImportReport:
        """Import a digest's bytes (a file's content, a paste, a download)."""
        parsed = read_digest(data, source_name, today or date.today())
        sha256 = hashlib.sha256(data).hexdigest()
        return self.import_parsed(parsed, source_name, sha256, progress=progress)

    def import_parsed(
        self,
        parsed: ParsedDigest,
        source_name: str,
        content_sha256: str,
        *,
        progress: ProgressCallback | None = None,
    ) -> ImportReport:
        """Store an already read digest (all or nothing); see ``importer.store_digest``."""
        return store_digest(self._db, parsed, source_name, content_sha256, progress)

    def import_records(
        self, records: Sequence[PaperRecord], source_name: str, *, fmt: str = "records"
    ) -> ImportReport:
        """Import records built in code (scripts, benchmarks, tests) as one digest."""
        digest = ParsedDigest(format=fmt, records=list(records))
        fingerprint = hashlib.sha256(repr(records).encode("utf-8", "surrogatepass")).hexdigest()
        return self.import_parsed(digest, source_name, fingerprint)

    # ---------------------------------------------------------------------- reads

    def paper(self, paper_id: int) -> Paper:
        """One paper; raises PaperNotFoundError."""
        found = papers_db.load_papers(self._db.connection, [paper_id])
        if not found:
            raise PaperNotFoundError(paper_id)
        return found[0]

    def papers(self, query: PaperQuery | None = None) -> list[Paper]:
        """Papers matching a filter (all papers, newest import first, by default)."""
        with self._db.snapshot() as conn:
            return papers_db.query_papers(conn, query or PaperQuery())

    def papers_by_ids(self, ids: Sequence[int]) -> list[Paper]:
        """The papers with these ids, in that order."""
        with self._db.snapshot() as conn:
            return papers_db.load_papers(conn, list(ids))

    def rows(
        self, order: str = "added", ids: Sequence[int] | None = None, limit: int | None = None
    ) -> list[PaperRow]:
        """Light rows for the paper list: every paper (or only ``ids``, or the first
        ``limit``) in ``order`` (added, published, title or id)."""
        with self._db.snapshot() as conn:
            return rows_db.paper_rows(conn, order, ids, limit)

    def tags(self) -> list[str]:
        """Every tag in use, alphabetically (for completion)."""
        return tags_db.tag_names(self._db.connection)

    def highlights(self, paper_id: int, query: str, *, whole: bool = True) -> dict[str, str]:
        """The paper's title, abstract and notes with the query's words marked (escaped
        HTML with <mark>); fields without a match are left out. ``whole=False`` gives
        excerpts around the first match instead of the entire texts."""
        return self._search.highlights_for(self.paper(paper_id), query, whole=whole)

    def digests(self) -> list[Digest]:
        """Every import, newest first, with paper and read counts."""
        return digests_db.list_digests(self._db.connection)

    def digest(self, digest_id: int) -> Digest:
        """One digest; raises DigestNotFoundError."""
        found = digests_db.list_digests(self._db.connection, digest_id)
        if not found:
            raise DigestNotFoundError(digest_id)
        return found[0]

    def stats(self) -> LibraryStats:
        """Counts of papers, read, unread, starred, digests and per tag."""
        with self._db.snapshot() as conn:
            return stats_db.stats(conn)

    # ---------------------------------------------------------------- annotations

    def add_tags(self, paper_ids: Iterable[int], tags: Iterable[str]) -> int:
        """Tag papers; return how many (paper, tag) pairs were new."""
        names = [clean_tag(tag) for tag in tags]
        return self._annotate(
            paper_ids,
            lambda conn, pid, now: sum(tags_db.add_tag(conn, pid, name) for name in names),
        )

    def remove_tags(self, paper_ids: Iterable[int], tags: Iterable[str]) -> int:
        """Untag papers; return how many (paper, tag) pairs were removed."""
        names = [clean_tag(tag) for tag in tags]
        return self._annotate(
            paper_ids,
            lambda conn, pid, now: sum(tags_db.remove_tag(conn, pid, name) for name in names),
        )

    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag everywhere (onto an existing tag: the two merge)."""
        name = clean_tag(new)
        with self._db.transaction() as conn:
            affected = tags_db.tagged_paper_ids(conn, old)
            tags_db.rename_tag(conn, old, name)
            changes_db.bump_generation(conn, affected)

    def delete_tag(self, name: str) -> None:
        """Remove a tag from every paper."""
        with self._db.transaction() as conn:
            affected = tags_db.tagged_paper_ids(conn, name)
            tags_db.delete_tag(conn, name)
            changes_db.bump_generation(conn, affected)

    def set_notes(self, paper_id: int, notes: str) -> bool:
        """Replace a paper's notes; return True when they changed."""
        text = notes.replace("\r\n", "\n")
        return bool(
            self._annotate(
                [paper_id], lambda conn, pid, now: annotations_db.set_notes(conn, pid, text, now)
            )
        )

    def set_read(self, paper_ids: Iterable[int], read: bool = True) -> int:
        """Mark papers read or unread; return how many changed."""
        return self._annotate(
            paper_ids, lambda conn, pid, now: annotations_db.set_flag(conn, pid, "read", read, now)
        )

    def set_starred(self, paper_ids: Iterable[int], starred: bool = True) -> int:
        """Star or unstar papers; return how many changed."""
        return self._annotate(
            paper_ids,
            lambda conn, pid, now: annotations_db.set_flag(conn, pid, "starred", starred, now),
        )

    def _annotate(
        self,
        paper_ids: Iterable[int],
        change: Callable[[sqlite3.Connection, int, str], int | bool],
    ) -> int:
        ids = list(dict.fromkeys(paper_ids))
        now = codec.now_iso()
        changed = 0
        with self._db.transaction() as conn:
            known = papers_db.existing_paper_ids(conn, ids)
            missing = [pid for pid in ids if pid not in known]
            if missing:
                raise PaperNotFoundError(missing[0])
            for pid in ids:
                changed += int(change(conn, pid, now))
            if changed:
                changes_db.bump_generation(conn, ids)
        return changed

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
        """Search with the query language (see the README). ``as_you_type`` treats the
        last word as a prefix; ``sort`` is relevance, published, added or title."""
        if sort not in SORTS:
            raise InvalidInputError(f"unknown sort {sort!r} (use {', '.join(SORTS)})")
        return self._search.search(
            text, as_you_type=as_you_type, sort=sort, limit=limit, offset=offset
        )

    def matching_ids(self, text: str, *, as_you_type: bool = True) -> set[int]:
        """The ids matching a query, unranked: the fast path for the paper list."""
        return self._search.matching_ids(text, as_you_type=as_you_type)

    def similar(self, paper_id: int, n: int = 5) -> list[Paper]:
        """The ``n`` papers most like this one (key terms of its title and abstract)."""
        ranked = self._search.similar(self.paper(paper_id), n)
        return self.papers_by_ids([pid for pid, _ in ranked])

    def suggest_tags(self, paper_id: int, n: int = 5) -> list[str]:
        """The user's tags ranked by how much they appear on the most similar papers."""
        scores: dict[str, float] = {}
        display: dict[str, str] = {}
        paper = self.paper(paper_id)
        ranked = self._search.similar(paper, 20)
        for neighbour in self.papers_by_ids([pid for pid, _ in ranked]):
            weight = dict(ranked)[neighbour.id]
            for tag in neighbour.tags:
                key = tag.casefold()
                scores[key] = scores.get(key, 0.0) + weight
                display.setdefault(key, tag)
        own = {t.casefold() for t in paper.tags}
        best = sorted((k for k in scores if k not in own), key=lambda k: (-scores[k], k))
        return [display[k] for k in best[:n]]

    def reindex(self, progress: Callable[[int, int], bool | None] | None = None) -> None:
        """Rebuild the search index from the database."""
        self._search.rebuild(progress)

    def sync_index(self) -> None:
        """Write pending changes to the search index (searches see them already).
        Does nothing while the index is missing: ``reindex`` builds it."""
        if self._search.ensure_ready(allow_rebuild=False):
            self._search.sync()

    def index_ready(self) -> bool:
        """True when the search index is usable; otherwise searches scan the database
        until ``reindex`` has run (the window runs it in the background)."""
        return self._search.ensure_ready(allow_rebuild=False)

    # --------------------------------------------------------------------- export

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

    def export_backup(self, paper_ids: Sequence[int] | None = None) -> str:
        """A Reading List JSON backup of the whole library, or of the given papers."""
        from readinglist.formats import library_json

        with self._db.snapshot() as conn:
            if paper_ids is None:
                papers = papers_db.query_papers(conn, PaperQuery(order="id"))
            else:
                papers = papers_db.load_papers(conn, list(paper_ids))
            places = digests_db.memberships(conn, [p.id for p in papers])
            digests = digests_db.list_digests(conn)
        return library_json.write(papers, digests, places, codec.now_iso())

    # -------------------------------------------------------------------- digests

    def backup(self, target: str | os.PathLike[str] | None = None, *, force: bool = False) -> Path:
        """Copy the database to ``target`` (default: a manual backup in ``backups/``).
        An existing file is replaced only with ``force``; see ``backup_replacing``."""
        return self.backup_replacing(target, force=force).path

    def backup_replacing(
        self, target: str | os.PathLike[str] | None = None, *, force: bool = False
    ) -> Written:
        """Like :meth:`backup`, also telling what existing file (size, time) was replaced.
        Raises UnsafeTargetError for a special file, a link, a folder, or an existing
        file without ``force``; StorageError when the copy cannot be written."""
        path = Path(target) if target else backups.backup_path(self.backup_dir, "manual")
        return backups.copy_database(self._db.connection, path, overwrite=force)

    def restore(self, source: str | os.PathLike[str]) -> Path:
        """Replace the library with a backup; the current state is first saved as a
        "before-restore" backup, whose path is returned. The search index is rebuilt.

        The backup's schema is never trusted: its rows are copied into a database built
        with this version's own schema (see ``storage.restore``); a file that does not
        fit raises BackupRejectedError and nothing changes."""
        path = Path(source)
        if self.read_only:
            raise StorageError(f"{self.directory}: the library is read-only; nothing restored")
        with restoring.staged(path, self.directory) as fresh:
            safety = backups.backup_connection(
                self._db.connection, backups.backup_path(self.backup_dir, "before-restore")
            )
            with self._db.lock():
                restoring.restore_into(self._db.connection, fresh)
        self._search.close()
        shutil.rmtree(self.directory / "index", ignore_errors=True)
        self._search = LibrarySearch(self._db, self.directory / "index")
        return safety

    @property
    def backup_dir(self) -> Path:
        """Where this library's backups are kept."""
        return paths.backup_dir(self.directory)

    def remove_papers(self, paper_ids: Iterable[int]) -> str:
        """Delete papers with their annotations; return a backup of them (Reading List
        JSON) that ``import_bytes`` restores, for undo."""
        ids = list(dict.fromkeys(paper_ids))
        backup = self.export_backup(ids)
        with self._db.transaction() as conn:
            papers_db.delete_papers(conn, ids)
            changes_db.bump_generation(conn, ids)
        return backup

    def remove_digest(self, digest_id: int) -> int:
        """Undo an import: delete the digest and the papers only it holds that the user
        never annotated. Returns how many papers were deleted."""
        with self._db.transaction() as conn:
            if not digests_db.list_digests(conn, digest_id):
                raise DigestNotFoundError(digest_id)
            removed = digests_db.remove_digest(conn, digest_id)
        return removed

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
        conn = self._db.connection
        if paper_ids is not None:
            ids = list(dict.fromkeys(paper_ids))
            known = papers_db.existing_paper_ids(conn, ids)
            missing = [pid for pid in ids if pid not in known]
            if missing:
                raise PaperNotFoundError(missing[0])
        elif digest_id is not None:
            self.digest(digest_id)
            ids = enrich_journal.digest_paper_ids(conn, digest_id)
        else:
            ids = [p.id for p in self.papers() if needs_details(p.to_json())]
        return enrich_papers(self._db, ids, settings, progress)

    @property
    def subscriptions(self) -> SubscriptionService:
        """Subscriptions, rules and the inbox (see ``core.subscriptions``)."""
        return SubscriptionService(self._db, lambda q: self.matching_ids(q, as_you_type=False))

    def undo_enrichment(self) -> int:
        """Undo the newest enrichment; return how many papers it restored (0: nothing)."""
        return undo_last(self._db)


def _is_read_only(directory: Path) -> bool:
    """True when the library folder, or its existing database, cannot be written."""
    database = paths.database_path(directory)
    if not os.access(directory, os.W_OK | os.X_OK):
        return database.exists()  # nothing to read in an empty read-only folder
    return database.exists() and not os.access(database, os.W_OK)


def _check_readable_as_is(database: Database) -> None:
    """A read-only library must already have this version's schema (it cannot upgrade)."""
    found = schema_version(database)
    if found > LATEST_VERSION:
        raise DatabaseTooNewError(str(database.path), found, LATEST_VERSION)
    if found != LATEST_VERSION:
        raise StorageError(
            f"{database.path}: the library folder is read-only and its database needs an "
            "upgrade first; open it once where it can be written"
        )
