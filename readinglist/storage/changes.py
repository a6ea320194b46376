"""The library's generation counter and the log of which papers each write touched."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable


def bump_generation(conn: sqlite3.Connection, changed: Iterable[int] = ()) -> int:
    """Count one more change to the library and note which papers it touched (the search
    index records the generation it reflects and catches up from ``changes``)."""
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE name = 'generation'")
    current = generation(conn)
    conn.execute(  # one statement for 5,000 papers, not 5,000
        "INSERT INTO changes (generation, paper_id) SELECT ?, value FROM json_each(?)",
        (current, json.dumps(sorted(set(changed)))),
    )
    return current


def changed_since(conn: sqlite3.Connection, since: int) -> set[int]:
    """Ids of the papers changed (or deleted) by writes after generation ``since``."""
    rows = conn.execute("SELECT DISTINCT paper_id FROM changes WHERE generation > ?", (since,))
    return {row[0] for row in rows}


def forget_changes(conn: sqlite3.Connection, up_to: int) -> None:
    """Drop change notes every cache has caught up with."""
    conn.execute("DELETE FROM changes WHERE generation <= ?", (up_to,))


def generation(conn: sqlite3.Connection) -> int:
    """How many write transactions changed the library so far."""
    row = conn.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
    return int(row[0])
