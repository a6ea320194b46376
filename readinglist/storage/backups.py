"""Copies of the library database: a rolling daily backup (the last 7 kept), one before
every schema upgrade and manual ones (restoring one is ``restore``'s job).

Copies are made with SQLite's online backup API, so they are consistent even while the
library is in use, and written under a temporary name then renamed; a new copy is readable
by the user only (mode 0600): it holds all their notes.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from readinglist.domain.errors import (
    MissingFolderError,
    ReadingListError,
    StorageError,
    UnsafeTargetError,
)
from readinglist.domain.files import Written, write_atomically

logger = logging.getLogger(__name__)

KEEP_AUTOMATIC = 7
AUTOMATIC_REASONS = ("daily", "before-migration", "before-restore")
PREFIX = "library-"
SUFFIX = ".sqlite3"


def backup_connection(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the database behind ``conn`` to ``target`` (atomically); return ``target``."""
    return copy_database(conn, target).path


def backup_file(database: Path, target: Path) -> Path:
    """Copy the database file ``database`` as committed (through a connection of its own,
    so another connection may hold the write lock meanwhile) to ``target``; return it."""
    try:
        conn = sqlite3.connect(database)
    except sqlite3.Error as exc:
        raise StorageError(f"{target}: the backup could not be written ({exc})") from exc
    try:
        return copy_database(conn, target).path
    finally:
        conn.close()


def copy_database(
    conn: sqlite3.Connection, target: Path, *, overwrite: bool = True, make_folders: bool = True
) -> Written:
    """Copy the database behind ``conn`` to ``target`` through the one atomic writer (so a
    FIFO, device, folder or symbolic link there is refused, and ``overwrite=False``
    refuses an existing file). The copy is a self-contained file (no ``-wal`` needed)."""

    def fill(temporary: Path) -> None:
        copy = sqlite3.connect(temporary)
        try:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()

    try:
        written = write_atomically(
            target, fill, overwrite=overwrite, private=True, make_folders=make_folders
        )
    except sqlite3.Error as exc:
        raise StorageError(f"{target}: the backup could not be written ({exc})") from exc
    except (UnsafeTargetError, MissingFolderError):
        raise
    except ReadingListError as exc:
        raise StorageError(f"{exc}") from exc
    logger.info("backed up the library to %s", target)
    return written


def backup_path(backup_dir: Path, reason: str, now: datetime | None = None) -> Path:
    """Where a backup made now for ``reason`` goes (names sort by time)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    return backup_dir / f"{PREFIX}{stamp}-{reason}{SUFFIX}"


def daily_backup(
    conn: sqlite3.Connection, backup_dir: Path, now: datetime | None = None
) -> Path | None:
    """Back up once per calendar day (UTC); return the new copy, or None if today's exists."""
    moment = now or datetime.now(UTC)
    today = moment.strftime("%Y%m%d")
    if any(p.name.startswith(PREFIX + today) for p in _automatic(backup_dir, "daily")):
        return None
    made = backup_connection(conn, backup_path(backup_dir, "daily", moment))
    prune(backup_dir)
    return made


def prune(backup_dir: Path, keep: int = KEEP_AUTOMATIC) -> None:
    """Keep the newest ``keep`` automatic backups of each kind; manual ones are never removed."""
    for reason in AUTOMATIC_REASONS:
        for old in sorted(_automatic(backup_dir, reason))[:-keep]:
            old.unlink(missing_ok=True)


def list_backups(backup_dir: Path) -> list[Path]:
    """Every backup, newest first."""
    if not backup_dir.is_dir():
        return []
    return sorted(backup_dir.glob(f"{PREFIX}*{SUFFIX}"), reverse=True)


def _automatic(backup_dir: Path, reason: str) -> list[Path]:
    if not backup_dir.is_dir():
        return []
    return list(backup_dir.glob(f"{PREFIX}*-{reason}{SUFFIX}"))
