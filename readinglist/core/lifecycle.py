"""A library's life on disk: opening (creating or upgrading) its database, recovering a
damaged one from a backup, backups and restoring one."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from readinglist import paths
from readinglist.core.searching import LibrarySearch
from readinglist.domain.errors import BackupRejectedError, DatabaseTooNewError, StorageError
from readinglist.domain.files import Written
from readinglist.search.index import discard as discard_index
from readinglist.storage import backups, restore_folders, restore_rows
from readinglist.storage import restore as restoring
from readinglist.storage.db import Database
from readinglist.storage.migrations import LATEST_VERSION, migrate, schema_version

logger = logging.getLogger(__name__)

T = TypeVar("T")


def open_database(directory: Path, busy_timeout: float) -> Database:
    """The library database in ``directory``, created or upgraded as needed (read-only
    when the folder or the file cannot be written), with today's backup made."""
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
        restore_folders.remove_stale(directory)  # left by a restore killed midway
    return database


def recover(directory: Path, open_library: Callable[[Path], T]) -> tuple[T, Path]:
    """Put the newest sound backup in place of a damaged database (the damaged file is
    kept beside it) and open the library with ``open_library``. Returns the library and
    the backup used; raises StorageError when no backup is usable."""
    for candidate in backups.list_backups(paths.backup_dir(directory)):
        try:
            restoring.replace_damaged(paths.database_path(directory), candidate)
        except BackupRejectedError as exc:
            logger.warning("not recovering from %s: %s", candidate, exc)
            continue
        return open_library(directory), candidate
    raise StorageError(f"{directory}: no usable backup to restore from")


def backup_replacing(
    db: Database, backup_dir: Path, target: str | os.PathLike[str] | None, *, force: bool
) -> Written:
    """Copy the database to ``target`` (default: a manual backup in ``backup_dir``),
    telling what existing file was replaced; see ``Library.backup_replacing``."""
    if target:  # where the user said: into a folder that exists
        return backups.copy_database(
            db.connection, Path(target), overwrite=force, make_folders=False
        )
    manual = backups.backup_path(backup_dir, "manual")
    return backups.copy_database(db.connection, manual, overwrite=force)


def restore(
    db: Database, directory: Path, search: LibrarySearch, source: str | os.PathLike[str]
) -> tuple[Path, LibrarySearch]:
    """Replace the library in ``directory`` with a backup, first saving the current state
    as a "before-restore" backup under the same write lock (a write another process
    commits meanwhile is in that backup or comes after the restore, never lost). The
    backup's schema is never trusted: its rows are copied into a database built with this
    version's own schema (see ``storage.restore``), whose rows then replace the library's
    (``storage.restore_rows``); a file that does not fit raises BackupRejectedError and
    nothing changes.

    Returns the "before-restore" backup's path and the search over a fresh index (the old
    ``search`` is closed and its index discarded, to be rebuilt; a build folder another
    reader holds is left whole until it lets go, see ``index_folders.retire``)."""
    if db.read_only:
        raise StorageError(f"{directory}: the library is read-only; nothing restored")
    migrate(db, paths.backup_dir(directory))  # the staged rows fit this version's schema
    saved_as = backups.backup_path(paths.backup_dir(directory), "before-restore")
    with (
        restoring.staged(Path(source), directory) as fresh,
        db.lock() as conn,
        restore_rows.replacing(conn, fresh),  # one write lock: nothing lands in between
    ):
        safety = backups.backup_file(db.path, saved_as)
    search.close()
    discard_index(directory / "index")
    return safety, LibrarySearch(db, directory / "index")


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
