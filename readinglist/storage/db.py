"""The SQLite connection: WAL journal, foreign keys, a busy timeout and ``transaction()``."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from readinglist.domain.errors import LibraryBusyError, StorageError

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 10.0


class Database:
    """One connection to the library database, safe to share between threads.

    Writes go through :meth:`transaction`, which takes the write lock up front
    (``BEGIN IMMEDIATE``) so two processes never interleave half-done imports; a second
    writer waits up to ``BUSY_TIMEOUT_SECONDS`` and then gets :class:`LibraryBusyError`.
    """

    def __init__(
        self,
        path: Path,
        *,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.busy_timeout = busy_timeout  # seconds a write waits for another writer
        self._lock = threading.RLock()
        self._depth = 0
        conn: sqlite3.Connection | None = None
        try:
            if read_only:  # SQLite itself refuses every write on this connection
                conn = _connect_read_only(path, busy_timeout)
            else:
                conn = sqlite3.connect(
                    path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
                )
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if "not a database" in str(exc):
                raise StorageError(
                    f"{path}: this is not a Reading List database, or it is damaged ({exc})"
                ) from exc
            raise StorageError(f"{path}: cannot open the library database ({exc})") from exc
        self._conn = conn
        self._conn.row_factory = sqlite3.Row

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection, for the repository's queries."""
        return self._conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block as one write transaction: all of it is committed, or none.

        Nested use joins the outer transaction.
        """
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise _translate(exc, self.path) from exc
            self._depth = 1
            try:
                yield self._conn
            except sqlite3.Error as exc:
                self._depth = 0
                self._conn.rollback()
                raise _translate(exc, self.path) from exc
            except BaseException:
                self._depth = 0
                self._conn.rollback()
                raise
            self._depth = 0
            try:
                self._conn.commit()
            except sqlite3.Error as exc:
                self._conn.rollback()
                raise _translate(exc, self.path) from exc

    @contextmanager
    def lock(self) -> Iterator[sqlite3.Connection]:
        """Hold the connection for work outside a transaction (restoring a backup)."""
        with self._lock:
            yield self._conn

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """Run several reads against one consistent view of the database."""
        with self._lock:
            if self._depth:
                yield self._conn
                return
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.rollback()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self._conn.close()


def _connect_read_only(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """Open ``path`` for reading only. A WAL database in a folder that cannot be written has
    no shared-memory file to coordinate through; it is then opened as immutable (a frozen
    view: nobody can write to that folder anyway)."""
    uri = path.resolve().as_uri()
    for options in ("mode=ro", "mode=ro&immutable=1"):
        conn = sqlite3.connect(
            f"{uri}?{options}",
            uri=True,
            timeout=busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            conn.close()
            if "immutable" in options:
                raise
    raise AssertionError("unreachable")


def _translate(exc: sqlite3.Error, path: Path) -> StorageError:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return LibraryBusyError(
            f"{path}: the library is busy (another Reading List is writing to it); try again"
        )
    if "readonly" in message or "read-only" in message:
        return StorageError(f"{path}: the library is read-only ({message})")
    if "disk" in message and "full" in message:
        return StorageError(f"{path}: the disk is full; nothing was changed")
    return StorageError(f"{path}: {message}")
