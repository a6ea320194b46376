"""Copies of the library database: a rolling daily backup (the last 7 kept), one before
every schema upgrade, manual ones, and restoring from any of them.

Copies are made with SQLite's online backup API, so they are consistent even while the
library is in use, and written under a temporary name then renamed.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from readinglist.core.errors import StorageError

logger = logging.getLogger(__name__)

KEEP_AUTOMATIC = 7
AUTOMATIC_REASONS = ("daily", "before-migration", "before-restore")
PREFIX = "library-"
SUFFIX = ".sqlite3"


def backup_connection(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the database behind ``conn`` to ``target`` (atomically); return ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        copy = sqlite3.connect(partial)
        try:
            conn.backup(copy)
        finally:
            copy.close()
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"{target}: the backup could not be written ({exc})") from exc
    logger.info("backed up the library to %s", target)
    return target


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


def check_backup(path: Path, newest_schema: int) -> None:
    """Refuse a file that is not a sound Reading List database this version can read."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StorageError(f"{path}: not a Reading List backup ({exc})") from exc
    if verdict != "ok":
        raise StorageError(f"{path}: the backup is damaged ({verdict})")
    if "papers" not in tables or version < 1:
        raise StorageError(f"{path}: not a Reading List backup")
    if version > newest_schema:
        raise StorageError(f"{path}: made by a newer Reading List (schema {version})")


def restore_into(conn: sqlite3.Connection, source: Path) -> None:
    """Replace the database behind ``conn`` with the backup at ``source``."""
    try:
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            backup.backup(conn)
        finally:
            backup.close()
    except sqlite3.Error as exc:
        raise StorageError(f"{source}: the backup could not be restored ({exc})") from exc


def _automatic(backup_dir: Path, reason: str) -> list[Path]:
    if not backup_dir.is_dir():
        return []
    return list(backup_dir.glob(f"{PREFIX}*-{reason}{SUFFIX}"))


def replace_damaged(database: Path, backup: Path) -> Path:
    """Put ``backup`` in place of a damaged ``database`` file, which is kept beside it
    (renamed ``….damaged-TIMESTAMP``, never deleted); return that renamed file."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = database.with_name(f"{database.name}.damaged-{stamp}")
    staged = database.with_name(database.name + ".restoring")
    try:
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            backup_connection(source, staged)
        finally:
            source.close()
        if database.exists():
            database.replace(kept)
        for leftover in ("-wal", "-shm"):  # the damaged file's journal must not be replayed
            side = database.with_name(database.name + leftover)
            if side.exists():
                side.replace(kept.with_name(kept.name + leftover))
        staged.replace(database)
    except (OSError, sqlite3.Error, StorageError) as exc:
        staged.unlink(missing_ok=True)
        raise StorageError(f"{database}: could not restore from {backup} ({exc})") from exc
    return kept
