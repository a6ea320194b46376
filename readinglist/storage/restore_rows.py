"""Putting a staged backup's rows in place of the library's, in one write transaction.

The restore first saves the library as it is (the "before-restore" backup) and then
replaces it. Both happen while this module holds the database's write lock, so a write
another process commits meanwhile is either in that saved copy (it came first) or waits
and lands in the restored library (it came after); none is lost between the two. The
staged file was built with this version's schema (``storage.restore.stage``), so each of
its tables has a twin here; rows are copied by column name.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from readinglist.domain.errors import StorageError

_STAGED = "staged"
_TABLES = "SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
_SEQUENCE = "sqlite_sequence"  # AUTOINCREMENT counters: restored with the rows


@contextmanager
def replacing(conn: sqlite3.Connection, staged_file: Path) -> Iterator[None]:
    """Take the write lock of ``conn``'s database (waiting for another writer as its busy
    timeout allows), run the block, then replace every row with ``staged_file``'s and
    commit. The block may read the library as it is through another connection (to save
    it: ``conn`` itself cannot be a backup's source while it holds the lock). ``conn`` must
    be outside a transaction; on any error nothing changes (StorageError)."""
    try:
        conn.execute("ATTACH DATABASE ? AS " + _STAGED, (str(staged_file),))
    except sqlite3.Error as exc:
        raise StorageError(f"{staged_file}: the backup could not be restored ({exc})") from exc
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("PRAGMA defer_foreign_keys = ON")  # checked at the commit
            _copy_rows(conn)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
    except sqlite3.Error as exc:
        raise StorageError(f"{staged_file}: the backup could not be restored ({exc})") from exc
    finally:
        conn.execute("DETACH DATABASE " + _STAGED)


def _copy_rows(conn: sqlite3.Connection) -> None:
    """Empty every table of the library, then fill it from its staged twin."""
    ours = _tables(conn, "main")
    theirs = set(_tables(conn, _STAGED))
    for table in ours:
        conn.execute(f"DELETE FROM main.{_quote(table)}")
    for table in ours:
        if table in theirs:
            columns = ", ".join(
                _quote(row[1])
                for row in conn.execute(f"PRAGMA {_STAGED}.table_info({_quote(table)})")
            )
            conn.execute(
                f"INSERT INTO main.{_quote(table)} ({columns}) "
                f"SELECT {columns} FROM {_STAGED}.{_quote(table)}"
            )
    if _has_table(conn, "main", _SEQUENCE):
        conn.execute(f"DELETE FROM main.{_SEQUENCE}")
        if _has_table(conn, _STAGED, _SEQUENCE):
            conn.execute(
                f"INSERT INTO main.{_SEQUENCE} (name, seq) "
                f"SELECT name, seq FROM {_STAGED}.{_SEQUENCE}"
            )


def _tables(conn: sqlite3.Connection, schema: str) -> list[str]:
    return [name for (name,) in conn.execute(_TABLES.format(schema=schema))]


def _has_table(conn: sqlite3.Connection, schema: str, name: str) -> bool:
    found = conn.execute(
        f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return found is not None


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
