"""Rows as records: an entity read from the columns named as its fields, and the id of
a row just inserted. The one reader the subscription, rule and digest tables share."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def record_from_row(
    make: Callable[..., T],
    row: sqlite3.Row,
    *,
    flags: Iterable[str] = (),
    besides: Iterable[str] = (),
) -> T:
    """``make(**columns)`` from every column of ``row`` but the ``besides`` ones (selected
    under the names of ``make``'s parameters); the ``flags`` columns, stored as 0/1, are
    read as booleans."""
    skipped = set(besides)
    values: dict[str, Any] = {name: row[name] for name in row.keys() if name not in skipped}  # noqa: SIM118
    for name in flags:
        values[name] = bool(values[name])
    return make(**values)


def inserted_id(conn: sqlite3.Connection, sql: str, params: Iterable[Any]) -> int:
    """Run one ``INSERT`` and return the id SQLite gave the new row."""
    cursor = conn.execute(sql, tuple(params))
    assert cursor.lastrowid is not None
    return cursor.lastrowid
