"""``Library``: the one API the window, the command line and scripts use.

It reads digests through ``formats``, stores papers and annotations through ``storage``,
and keeps every write in one SQLite transaction, so an import is all-or-nothing and an
annotation is never half-saved.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from readinglist import paths
from readinglist.core.entities import (
    Digest,
    ImportReport,
    LibraryStats,
    Paper,
    PaperQuery,
    PaperRecord,
    ParsedDigest,
)
from readinglist.core.errors import (
    DigestNotFoundError,
    ImportCancelledError,
    ImportFailedError,
    InvalidInputError,
    PaperNotFoundError,
    StorageError,
)
from readinglist.core.identity import canonical_record, ids_conflict, merge_changes
from readinglist.formats import read_digest
from readinglist.storage import repository as repo
from readinglist.storage.db import Database
from readinglist.storage.migrations import migrate

logger = logging.getLogger(__name__)

# Called with (done, total) while importing; returning False cancels the import.
ProgressCallback = Callable[[int, int], bool | None]

_PROGRESS_EVERY = 50
_MAX_TAG_LENGTH = 100


class Library:
    """A reading list on disk: papers, digests and the user's annotations."""

    def __init__(self, directory: Path, database: Database) -> None:
        self.directory = directory
        self._db = database

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None) -> Self:
        """Open (creating or upgrading as needed) the library in ``data_dir``.

        Without ``data_dir`` the per-user directory (or ``$READINGLIST_DATA_DIR``) is used.
        """
        directory = paths.data_dir(data_dir)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"{directory}: cannot create the library folder ({exc})") from exc
        database = Database(paths.database_path(directory))
        try:
            migrate(database, paths.backup_dir(directory))
        except sqlite3.DatabaseError as exc:
            database.close()
            raise StorageError(
                f"{database.path}: this is not a Reading List database, or it is damaged ({exc})"
            ) from exc
        except BaseException:
            database.close()
            raise
        return cls(directory, database)

    def close(self) -> None:
        """Close the database."""
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
    def database_path(self) -> Path:
        """The SQLite file of this library."""
        return self._db.path

    @property
    def generation(self) -> int:
        """A counter that grows with every change (what derived caches compare against)."""
        return repo.generation(self._db.connection)

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
            data = file_path.read_bytes()
        except FileNotFoundError as exc:
            raise ImportFailedError(str(file_path), "no such file") from exc
        except PermissionError as exc:
            raise ImportFailedError(str(file_path), "permission denied") from exc
        except OSError as exc:
            raise ImportFailedError(str(file_path), exc.strerror or str(exc)) from exc
        return self.import_bytes(data, name, today=today, progress=progress)

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
        """Store the records of an already read digest, all in one transaction.

        Identical content imported before reuses that digest, so re-importing changes
        nothing. Records without a title or id are counted as skipped.
        """
        report = ImportReport(source=source_name, format=parsed.format, skipped=parsed.skipped)
        statuses: dict[int, str] = {}
        total = len(parsed.records)
        now = repo.now_iso()
        with self._db.transaction() as conn:
            digest_id = repo.find_digest_by_content(conn, content_sha256)
            if digest_id is None:
                digest_id = repo.insert_digest(
                    conn, source_name, parsed.format, parsed.date, content_sha256, now
                )
            report.digest_id = digest_id
            for position, raw in enumerate(parsed.records):
                if _cancelled(progress, position, total):
                    raise ImportCancelledError(source_name)
                record = canonical_record(raw)
                if not record.has_identity():
                    report.skipped += 1
                    continue
                paper_id, status = self._store_record(conn, record, now)
                statuses[paper_id] = _combine_status(statuses.get(paper_id), status)
                repo.link_paper(conn, paper_id, digest_id, position, record.announce_type)
            if not statuses:
                raise ImportFailedError(source_name, "no papers with a title or an id were found")
            repo.bump_generation(conn)
        if progress:
            progress(total, total)
        for status in statuses.values():
            setattr(report, status, getattr(report, status) + 1)
        logger.info("imported %s: %s", source_name, report.to_json())
        return report

    def import_records(
        self, records: Sequence[PaperRecord], source_name: str, *, fmt: str = "records"
    ) -> ImportReport:
        """Import records built in code (scripts, benchmarks, tests) as one digest."""
        digest = ParsedDigest(format=fmt, records=list(records))
        fingerprint = hashlib.sha256(repr(records).encode("utf-8", "surrogatepass")).hexdigest()
        return self.import_parsed(digest, source_name, fingerprint)

    def _store_record(
        self, conn: sqlite3.Connection, record: PaperRecord, now: str
    ) -> tuple[int, str]:
        stored = self._match(conn, record)
        record = _without_ids_held_elsewhere(conn, record, stored["id"] if stored else None)
        if stored is None:
            return repo.insert_paper(conn, record, now), "new"
        changes = merge_changes(stored, record)
        if not changes:
            return stored["id"], "unchanged"
        repo.update_paper(conn, stored, changes, now)
        return stored["id"], "merged"

    @staticmethod
    def _match(conn: sqlite3.Connection, record: PaperRecord) -> dict[str, Any] | None:
        if record.arxiv_id:
            found = repo.find_paper_row(conn, "arxiv_id", record.arxiv_id)
            if found:
                return found
        if record.doi:
            found = repo.find_paper_row(conn, "doi", record.doi)
            if found and not ids_conflict(found, record):
                return found
        if record.title:
            for candidate in repo.find_rows_by_title(conn, record.title):
                if not ids_conflict(candidate, record):
                    return candidate
        return None

    # ---------------------------------------------------------------------- reads

    def paper(self, paper_id: int) -> Paper:
        """One paper; raises PaperNotFoundError."""
        found = repo.load_papers(self._db.connection, [paper_id])
        if not found:
            raise PaperNotFoundError(paper_id)
        return found[0]

    def papers(self, query: PaperQuery | None = None) -> list[Paper]:
        """Papers matching a filter (all papers, newest import first, by default)."""
        with self._db.snapshot() as conn:
            return repo.query_papers(conn, query or PaperQuery())

    def papers_by_ids(self, ids: Sequence[int]) -> list[Paper]:
        """The papers with these ids, in that order."""
        with self._db.snapshot() as conn:
            return repo.load_papers(conn, list(ids))

    def digests(self) -> list[Digest]:
        """Every import, newest first, with paper and read counts."""
        return repo.list_digests(self._db.connection)

    def digest(self, digest_id: int) -> Digest:
        """One digest; raises DigestNotFoundError."""
        found = repo.list_digests(self._db.connection, digest_id)
        if not found:
            raise DigestNotFoundError(digest_id)
        return found[0]

    def stats(self) -> LibraryStats:
        """Counts of papers, read, unread, starred, digests and per tag."""
        with self._db.snapshot() as conn:
            return repo.stats(conn)

    # ---------------------------------------------------------------- annotations

    def add_tags(self, paper_ids: Iterable[int], tags: Iterable[str]) -> int:
        """Tag papers; return how many (paper, tag) pairs were new."""
        names = [_clean_tag(tag) for tag in tags]
        return self._annotate(
            paper_ids, lambda conn, pid, now: sum(repo.add_tag(conn, pid, name) for name in names)
        )

    def remove_tags(self, paper_ids: Iterable[int], tags: Iterable[str]) -> int:
        """Untag papers; return how many (paper, tag) pairs were removed."""
        names = [_clean_tag(tag) for tag in tags]
        return self._annotate(
            paper_ids,
            lambda conn, pid, now: sum(repo.remove_tag(conn, pid, name) for name in names),
        )

    def set_notes(self, paper_id: int, notes: str) -> bool:
        """Replace a paper's notes; return True when they changed."""
        text = notes.replace("\r\n", "\n")
        return bool(
            self._annotate([paper_id], lambda conn, pid, now: repo.set_notes(conn, pid, text, now))
        )

    def set_read(self, paper_ids: Iterable[int], read: bool = True) -> int:
        """Mark papers read or unread; return how many changed."""
        return self._annotate(
            paper_ids, lambda conn, pid, now: repo.set_flag(conn, pid, "read", read, now)
        )

    def set_starred(self, paper_ids: Iterable[int], starred: bool = True) -> int:
        """Star or unstar papers; return how many changed."""
        return self._annotate(
            paper_ids, lambda conn, pid, now: repo.set_flag(conn, pid, "starred", starred, now)
        )

    def _annotate(
        self,
        paper_ids: Iterable[int],
        change: Callable[[sqlite3.Connection, int, str], int | bool],
    ) -> int:
        ids = list(dict.fromkeys(paper_ids))
        now = repo.now_iso()
        changed = 0
        with self._db.transaction() as conn:
            known = repo.existing_paper_ids(conn, ids)
            missing = [pid for pid in ids if pid not in known]
            if missing:
                raise PaperNotFoundError(missing[0])
            for pid in ids:
                changed += int(change(conn, pid, now))
            if changed:
                repo.bump_generation(conn)
        return changed

    # -------------------------------------------------------------------- digests

    def remove_digest(self, digest_id: int) -> int:
        """Undo an import: delete the digest and the papers only it holds that the user
        never annotated. Returns how many papers were deleted."""
        with self._db.transaction() as conn:
            if not repo.list_digests(conn, digest_id):
                raise DigestNotFoundError(digest_id)
            removed = repo.remove_digest(conn, digest_id)
            repo.bump_generation(conn)
        return removed


def _without_ids_held_elsewhere(
    conn: sqlite3.Connection, record: PaperRecord, paper_id: int | None
) -> PaperRecord:
    """Drop an arXiv id or DOI that already belongs to another paper (a source that
    pairs ids wrongly must not steal them or break the import)."""
    for column in ("arxiv_id", "doi"):
        value = getattr(record, column)
        if value:
            owner = repo.id_owner(conn, column, value)
            if owner is not None and owner != paper_id:
                record = replace(record, **{column: None})
    return record


def _cancelled(progress: ProgressCallback | None, done: int, total: int) -> bool:
    """Report progress every few hundred records; True when the callback asks to stop."""
    return bool(progress and done % _PROGRESS_EVERY == 0 and progress(done, total) is False)


def _combine_status(before: str | None, now: str) -> str:
    """A paper seen twice in one import keeps its strongest status (new > merged > unchanged)."""
    order = {"unchanged": 0, "merged": 1, "new": 2}
    if before is None or order[now] > order[before]:
        return now
    return before


def _clean_tag(tag: str) -> str:
    name = " ".join(tag.split()).lstrip("#")
    if not name:
        raise InvalidInputError("a tag cannot be empty")
    if len(name) > _MAX_TAG_LENGTH:
        raise InvalidInputError(f"a tag is at most {_MAX_TAG_LENGTH} characters")
    return name
