"""Restoring a backup without trusting it.

A backup is a SQLite file anyone could have written, so its schema is never used: a fresh
database is built with this version's own migrations (at the backup's schema version), the
backup's rows are copied into it table by table — each value checked against the column it
goes to (type, NOT NULL, valid UTF-8, the JSON the app stores) — and that database is then
upgraded to the latest schema. No trigger, view or index of the file survives, and a file
holding any object this version does not create, or a table of another shape, is refused
with one line saying why (:class:`BackupRejectedError`). The file itself is only ever read,
through a private copy (so a backup on a read-only disk, or named with ``#`` or ``?``,
restores like any other).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sqlite3
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from readinglist.domain.errors import BackupRejectedError, StorageError
from readinglist.storage import changes as changes_db
from readinglist.storage import digests as digests_db
from readinglist.storage import migrations, restore_folders
from readinglist.storage import papers as papers_db
from readinglist.storage import stats as stats_db

logger = logging.getLogger(__name__)

STAGED_NAME = "restored.sqlite3"
_CHUNK = 500
# SQLite's own objects (automatic indexes, statistics): only SQLite can name one sqlite_...
_NOT_INTERNAL = "name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"


@dataclass(frozen=True)
class _Column:
    name: str
    declared: str  # INTEGER or TEXT: every column this app creates is one of the two
    not_null: bool
    primary: int
    hidden: int


def _json_list_of_text(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


# What storage/papers.py decodes from these text columns when it loads a paper.
_JSON_COLUMNS: dict[tuple[str, str], Callable[[Any], bool]] = {
    ("papers", "authors"): _json_list_of_text,
    ("papers", "links"): _json_list_of_text,
    ("papers", "extra"): lambda value: isinstance(value, dict),
}


@contextlib.contextmanager
def staged(source: Path, beside: Path) -> Iterator[Path]:
    """The backup at ``source`` rebuilt in a temporary folder inside ``beside`` (removed
    afterwards; after a kill, at the next open: ``restore_folders``): a database with this
    version's latest schema holding the backup's rows."""
    with contextlib.ExitStack() as stack:
        try:
            work = stack.enter_context(restore_folders.work_folder(beside))
        except OSError as exc:
            raise StorageError(f"{beside}: cannot prepare the restore ({exc.strerror})") from exc
        yield stage(source, work)


def stage(source: Path, work: Path, newest_schema: int | None = None) -> Path:
    """Build ``work/restored.sqlite3`` from the backup at ``source``; return its path."""
    newest = migrations.LATEST_VERSION if newest_schema is None else newest_schema
    copy = _private_copy(source, work)
    reject = _rejecter(source)
    try:
        backup = sqlite3.connect(copy, isolation_level=None)
    except sqlite3.Error as exc:
        raise reject(f"it cannot be opened ({exc})") from exc
    try:
        backup.text_factory = bytes  # text is decoded (and checked) here, not by sqlite3
        version = _check_file(backup, newest, reject)
        target = work / STAGED_NAME
        fresh = sqlite3.connect(target, isolation_level=None)
        try:
            migrations.build_schema(fresh, version)
            tables = _expected_tables(fresh)
            _check_objects(backup, fresh, tables, reject)
            _copy_rows(backup, fresh, tables, reject)
            migrations.build_schema(fresh, newest, start=version)
            _check_readable(fresh, reject)
        finally:
            fresh.close()
    except sqlite3.Error as exc:
        raise reject(f"it could not be read ({exc})") from exc
    finally:
        backup.close()
    logger.info("staged the backup %s (schema %d) for restoring", source, version)
    return target


def replace_damaged(database: Path, backup: Path) -> Path:
    """Put ``backup`` in place of a damaged ``database`` file, which is kept beside it
    (renamed ``….damaged-TIMESTAMP``, never deleted); return that renamed file. The backup
    is rebuilt with this version's schema first (see ``restore``), never used as it is."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = database.with_name(f"{database.name}.damaged-{stamp}")
    with staged(backup, database.parent) as fresh:
        try:
            if database.exists():
                database.replace(kept)
            for leftover in ("-wal", "-shm"):  # the damaged file's journal must not be replayed
                side = database.with_name(database.name + leftover)
                if side.exists():
                    side.replace(kept.with_name(kept.name + leftover))
            fresh.replace(database)
        except OSError as exc:
            raise StorageError(f"{database}: could not restore from {backup} ({exc})") from exc
    return kept


# ----------------------------------------------------------------------------- steps


def _rejecter(source: Path) -> Callable[[str], BackupRejectedError]:
    return lambda reason: BackupRejectedError(str(source), reason)


def _private_copy(source: Path, work: Path) -> Path:
    """Copy the backup (and a ``-wal`` beside it) into ``work``: the original is only read,
    wherever it is and whatever its name."""
    reject = _rejecter(source)
    try:
        found = os.stat(source)
    except FileNotFoundError:
        raise reject("no such file") from None
    except OSError as exc:
        raise reject(f"it cannot be read ({exc.strerror})") from exc
    if not stat.S_ISREG(found.st_mode):
        raise reject("it is not a regular file")
    copy = work / "backup.sqlite3"
    try:
        shutil.copyfile(source, copy)
        journal = Path(f"{source}-wal")
        if journal.is_file():  # committed changes not yet written into the file itself
            shutil.copyfile(journal, Path(f"{copy}-wal"))
    except OSError as exc:
        raise reject(f"it cannot be read ({exc.strerror or exc})") from exc
    return copy


def _check_file(backup: sqlite3.Connection, newest: int, reject: Any) -> int:
    """The backup's schema version, once the file is known sound and not too new."""
    try:
        backup.execute("PRAGMA trusted_schema=OFF")
        verdict = backup.execute("PRAGMA integrity_check(1)").fetchone()[0]
        version = int(backup.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error as exc:
        raise reject(f"not a Reading List backup ({exc})") from exc
    if verdict != b"ok":
        raise reject(f"the file is damaged ({_text(verdict)})")
    if version < 1:
        raise reject("not a Reading List backup (no schema version)")
    if version > newest:
        raise reject(f"made by a newer Reading List (schema {version}; this one reads {newest})")
    return version


def _expected_tables(fresh: sqlite3.Connection) -> dict[str, list[_Column]]:
    """This version's tables at the staged schema version, parents before children."""
    names = [
        row[0]
        for row in fresh.execute(
            f"SELECT name FROM sqlite_master WHERE type = 'table' AND {_NOT_INTERNAL} "
            "ORDER BY rowid"
        )
    ]
    return {name: _columns(fresh, name) for name in names}


def _columns(conn: sqlite3.Connection, table: str) -> list[_Column]:
    return [
        _Column(_text(row[1]), _text(row[2]).upper(), bool(row[3]), row[5], row[6])
        for row in conn.execute(f"PRAGMA table_xinfo({_quote(table)})")
    ]


def _check_objects(
    backup: sqlite3.Connection,
    fresh: sqlite3.Connection,
    tables: dict[str, list[_Column]],
    reject: Any,
) -> None:
    """Refuse any object this version does not create (a trigger, a view, another table
    or index) and any table of another shape."""
    query = f"SELECT type, name, sql FROM sqlite_master WHERE {_NOT_INTERNAL}"
    ours = {(_text(kind), _text(name)) for kind, name, _ in fresh.execute(query)}
    found: dict[str, str] = {}
    for kind, name, sql in backup.execute(query):
        kind, name = _text(kind), _text(name)
        if (kind, name) not in ours:
            raise reject(f"it holds a {kind} {name!r} that Reading List does not create")
        if kind == "table":
            found[name] = _text(sql or b"")
    for table, expected in tables.items():
        if table not in found:
            raise reject(f"the table {table!r} is missing")
        if not found[table].lstrip().upper().startswith("CREATE TABLE"):
            raise reject(f"the table {table!r} is not an ordinary table")
        if _columns(backup, table) != expected:
            raise reject(f"the table {table!r} does not have the columns Reading List made")


def _copy_rows(
    backup: sqlite3.Connection,
    fresh: sqlite3.Connection,
    tables: dict[str, list[_Column]],
    reject: Any,
) -> None:
    """Copy every row into the fresh database, checking each value on the way."""
    fresh.execute("BEGIN IMMEDIATE")
    try:
        for table, columns in tables.items():
            fresh.execute(f"DELETE FROM {_quote(table)}")  # rows the schema itself seeds
            names = ", ".join(_quote(c.name) for c in columns)
            typed = ", ".join(f"typeof({_quote(c.name)}), {_quote(c.name)}" for c in columns)
            marks = ", ".join("?" * len(columns))
            rows = backup.execute(f"SELECT {typed} FROM {_quote(table)}")
            insert = f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})"
            try:
                while chunk := rows.fetchmany(_CHUNK):
                    values = [_checked_row(table, columns, row, reject) for row in chunk]
                    fresh.executemany(insert, values)
            except sqlite3.IntegrityError as exc:
                raise reject(f"the table {table!r} breaks a rule of its schema ({exc})") from exc
        dangling = fresh.execute("PRAGMA foreign_key_check").fetchone()
        if dangling is not None:
            raise reject(f"rows of the table {_text(dangling[0])!r} refer to rows that are missing")
    except BaseException:
        fresh.rollback()
        raise
    fresh.commit()


def _checked_row(
    table: str, columns: list[_Column], row: tuple[Any, ...], reject: Any
) -> tuple[Any, ...]:
    values: list[Any] = []
    for index, column in enumerate(columns):
        kind, value = _text(row[2 * index]), row[2 * index + 1]
        where = f"{table}.{column.name}"
        if kind == "null":
            if column.not_null or column.primary:
                raise reject(f"{where} is empty where a value is required")
            values.append(None)
            continue
        expected = "integer" if column.declared == "INTEGER" else "text"
        if kind != expected:
            raise reject(f"{where} holds {kind} where {expected} is expected")
        if expected == "text":
            try:
                value = value.decode("utf-8")
            except UnicodeDecodeError:
                raise reject(f"{where} holds text that is not valid UTF-8") from None
            _check_json(table, column.name, value, reject)
        values.append(value)
    return tuple(values)


def _check_json(table: str, column: str, value: str, reject: Any) -> None:
    rule = _JSON_COLUMNS.get((table, column))
    if rule is None:
        return
    try:
        ok = rule(json.loads(value))
    except (ValueError, RecursionError):
        ok = False
    if not ok:
        raise reject(f"{table}.{column} holds a value this version cannot read")


def _check_readable(fresh: sqlite3.Connection, reject: Any) -> None:
    """Read the result as the app will (every paper, digest and count), so a value that
    would make a command fail refuses the file now instead."""
    fresh.row_factory = sqlite3.Row
    try:
        changes_db.generation(fresh)
        ids = [row[0] for row in fresh.execute("SELECT id FROM papers ORDER BY id")]
        for start in range(0, len(ids), _CHUNK):
            papers_db.load_papers(fresh, ids[start : start + _CHUNK])
        digests_db.list_digests(fresh)
        stats_db.stats(fresh)
    except (ValueError, TypeError, KeyError, AttributeError, sqlite3.Error) as exc:
        raise reject(f"its data cannot be read by this version ({exc})") from exc
    finally:
        fresh.row_factory = None


def _text(value: Any) -> str:
    """A name or verdict read with ``text_factory=bytes``, as text."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
