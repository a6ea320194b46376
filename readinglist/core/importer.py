"""Storing a read digest: match each record to a known paper or add it, in one transaction.

This is the write half of an import (the read half is ``formats``). It only writes
``papers``, ``digests`` and ``paper_digests``: never the user's annotations.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from readinglist.domain.entities import (
    ImportReport,
    PaperRecord,
    ParsedDigest,
    SavedAnnotations,
    SavedDigest,
)
from readinglist.domain.errors import ImportCancelledError, ImportFailedError
from readinglist.domain.identity import (
    canonical_record,
    ids_conflict,
    merge_changes,
    squash_title,
)
from readinglist.domain.tags import MAX_TAG_LENGTH, tidy_tag
from readinglist.domain.title_match import is_same_paper
from readinglist.formats import supported_extensions
from readinglist.storage import annotations as annotations_db
from readinglist.storage import changes as changes_db
from readinglist.storage import codec
from readinglist.storage import digests as digests_db
from readinglist.storage import papers as papers_db
from readinglist.storage import tags as tags_db
from readinglist.storage.db import Database

logger = logging.getLogger(__name__)

# Called with (done, total) while importing; returning False cancels the import.
ProgressCallback = Callable[[int, int], bool | None]

_PROGRESS_EVERY = 50
_STATUS_STRENGTH = {"unchanged": 0, "merged": 1, "new": 2}


def store_digest(
    db: Database,
    parsed: ParsedDigest,
    source_name: str,
    content_sha256: str,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Store the records of a read digest, all in one transaction, and report the counts.

    Identical content imported before reuses that digest, so re-importing changes nothing.
    Records without a title or id are counted as skipped; a digest with no usable record
    at all is an ImportFailedError. Cancelling through ``progress`` rolls everything back.
    """
    report = ImportReport(source=source_name, format=parsed.format, skipped=parsed.skipped)
    statuses: dict[int, str] = {}
    total = len(parsed.records)
    now = codec.now_iso()
    with db.transaction() as conn:
        if parsed.is_backup:
            restored = {d.key: _restore_digest(conn, d) for d in parsed.saved_digests}
            report.digest_id = min(restored.values(), default=None)
        else:
            report.digest_id = _digest_for(conn, parsed, source_name, content_sha256, now)
        for position, raw in enumerate(parsed.records):
            if _cancelled(progress, position, total):
                raise ImportCancelledError(source_name)
            record = canonical_record(raw)
            if not record.has_identity():
                report.skipped += 1
                continue
            paper_id, status, fuzzy_into = _store_record(conn, record, now)
            if fuzzy_into is not None:
                report.fuzzy_merges.append((record.title, fuzzy_into))
            if paper_id in statuses and not parsed.is_backup:
                report.duplicates += 1
            statuses[paper_id] = _stronger(statuses.get(paper_id), status)
            if record.tags and statuses[paper_id] == "new":
                _add_source_tags(conn, paper_id, record.tags)
            if not parsed.is_backup:
                assert report.digest_id is not None
                digests_db.link_paper(
                    conn, paper_id, report.digest_id, position, record.announce_type
                )
                continue
            if record.saved is not None:
                _restore_annotations(conn, paper_id, record.saved, status == "new", now)
            for member in record.memberships:
                if member.digest_key in restored:
                    digest_id = restored[member.digest_key]
                    digests_db.link_paper(
                        conn, paper_id, digest_id, member.position, member.announce_type
                    )
        if not statuses:
            raise ImportFailedError(source_name, "no papers with a title or an id were found")
        changes_db.bump_generation(conn, statuses)
    if progress:
        progress(total, total)
    for status in statuses.values():
        setattr(report, status, getattr(report, status) + 1)
    logger.info("imported %s: %s", source_name, report.to_json())
    return report


def _digest_for(
    conn: sqlite3.Connection, parsed: ParsedDigest, source_name: str, sha256: str, now: str
) -> int:
    """The digest these bytes were imported as before, or a new one."""
    found = digests_db.find_digest_by_content(conn, sha256)
    if found is not None:
        return found
    return digests_db.insert_digest(conn, source_name, parsed.format, parsed.date, sha256, now)


def _restore_digest(conn: sqlite3.Connection, saved: SavedDigest) -> int:
    """A backup's digest: the same import already here, or recreated as it was."""
    found = digests_db.find_digest_by_content(conn, saved.content_sha256)
    if found is not None:
        return found
    return digests_db.insert_digest(
        conn, saved.source_name, saved.format, saved.date, saved.content_sha256, saved.imported_at
    )


def _restore_annotations(
    conn: sqlite3.Connection, paper_id: int, saved: SavedAnnotations, is_new: bool, now: str
) -> None:
    """Bring a backup's annotations in without overwriting any of the user's: tags are
    added; read, starred and notes are set only on a paper the user never annotated
    (notes also when the paper has none yet)."""
    for tag in saved.tags:
        tags_db.add_tag(conn, paper_id, tag)
    untouched = is_new or not annotations_db.has_annotations(conn, paper_id)
    if untouched and saved.read:
        annotations_db.set_flag(conn, paper_id, "read", True, now)
    if untouched and saved.starred:
        annotations_db.set_flag(conn, paper_id, "starred", True, now)
    if untouched and saved.dismissed:
        annotations_db.set_flag(conn, paper_id, "dismissed", True, now)
    if saved.notes and not annotations_db.notes_of(conn, paper_id):
        annotations_db.set_notes(conn, paper_id, saved.notes, now)


def digest_files(folder: Path) -> list[Path]:
    """Files under ``folder`` whose extension some reader claims, sorted, hidden ones skipped.

    Links to folders are not followed. A subfolder that cannot be listed (removed after
    its parent was, or not readable) is passed over: its files are not there to import."""
    extensions = supported_extensions()
    found = []
    for top, folders, files in os.walk(folder, onerror=_passed_over):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            path = Path(top, name)
            if not name.startswith(".") and path.suffix.lower() in extensions and path.is_file():
                found.append(path)
    return sorted(found)


def _passed_over(exc: OSError) -> None:
    logger.warning("not read: %s", exc)


def _store_record(
    conn: sqlite3.Connection, record: PaperRecord, now: str
) -> tuple[int, str, str | None]:
    """Add or merge one record: (paper id, status, the stored title when the record
    merged into a paper whose title is only near-identical to its own)."""
    stored = _match(conn, record)
    record = _without_ids_held_elsewhere(conn, record, stored["id"] if stored else None)
    if stored is None:
        added = record.saved.added if record.saved else None
        return papers_db.insert_paper(conn, record, now, added), "new", None
    fuzzy_into = stored["title"] if _by_near_title(stored, record) else None
    changes = merge_changes(stored, record)
    if not changes:
        return stored["id"], "unchanged", fuzzy_into
    papers_db.update_paper(conn, stored, changes, now)
    return stored["id"], "merged", fuzzy_into


def _by_near_title(stored: dict[str, Any], record: PaperRecord) -> bool:
    """True when only a near-identical title tied the record to the stored paper."""
    for name in ("arxiv_id", "doi"):
        if getattr(record, name) and stored.get(name) == getattr(record, name):
            return False
    return squash_title(stored["title"]) != squash_title(record.title)


def _add_source_tags(conn: sqlite3.Connection, paper_id: int, tags: list[str]) -> None:
    """Give a paper this import created the tags its source assigns (JabRef groups)."""
    for tag in tags:
        name = tidy_tag(tag)
        if name and len(name) <= MAX_TAG_LENGTH:
            tags_db.add_tag(conn, paper_id, name)


def _match(conn: sqlite3.Connection, record: PaperRecord) -> dict[str, Any] | None:
    """The stored paper ``record`` is: same arXiv id, else same DOI, else same title
    (exact or near-identical, see ``title_match``) with no conflicting id."""
    if record.arxiv_id:
        found = papers_db.find_paper_row(conn, "arxiv_id", record.arxiv_id)
        if found:
            return found
    if record.doi:
        found = papers_db.find_paper_row(conn, "doi", record.doi)
        if found and not ids_conflict(found, record):
            return found
    if record.title:
        for candidate in papers_db.find_rows_by_title(conn, record.title):
            if not ids_conflict(candidate, record) and is_same_paper(candidate, record):
                return candidate
    return None


def _without_ids_held_elsewhere(
    conn: sqlite3.Connection, record: PaperRecord, paper_id: int | None
) -> PaperRecord:
    """Drop an arXiv id or DOI that already belongs to another paper (a source that
    pairs ids wrongly must not steal them or break the import)."""
    if record.arxiv_id and _held_elsewhere(conn, "arxiv_id", record.arxiv_id, paper_id):
        record = replace(record, arxiv_id=None)
    if record.doi and _held_elsewhere(conn, "doi", record.doi, paper_id):
        record = replace(record, doi=None)
    return record


def _held_elsewhere(
    conn: sqlite3.Connection, column: str, value: str, paper_id: int | None
) -> bool:
    owner = papers_db.id_owner(conn, column, value)
    return owner is not None and owner != paper_id


def _cancelled(progress: ProgressCallback | None, done: int, total: int) -> bool:
    """Report progress every few dozen records; True when the callback asks to stop."""
    return bool(progress and done % _PROGRESS_EVERY == 0 and progress(done, total) is False)


def _stronger(before: str | None, now: str) -> str:
    """A paper seen twice in one import keeps its strongest status (new > merged > unchanged)."""
    if before is None or _STATUS_STRENGTH[now] > _STATUS_STRENGTH[before]:
        return now
    return before
