"""The user's read and starred marks and notes (the ``annotations`` table).

Only these functions write ``annotations``: an import never overwrites a mark or a note.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from readinglist.domain.errors import PaperNotFoundError


def _ensure_annotation(conn: sqlite3.Connection, paper_id: int, now: str) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO annotations (paper_id, updated) VALUES (?, ?)", (paper_id, now)
    )


def set_flag(conn: sqlite3.Connection, paper_id: int, flag: str, value: bool, now: str) -> bool:
    """Set ``read``, ``starred`` or ``dismissed`` on a paper; return True when it changed."""
    return set_flags(conn, [paper_id], flag, value, now) > 0


def set_notes(conn: sqlite3.Connection, paper_id: int, notes: str, now: str) -> bool:
    """Replace a paper's notes; return True when they changed."""
    _ensure_annotation(conn, paper_id, now)
    cursor = conn.execute(
        "UPDATE annotations SET notes = ?, updated = ? WHERE paper_id = ? AND notes != ?",
        (notes, now, paper_id, notes),
    )
    return cursor.rowcount > 0


NOT_DISMISSED_SQL = "coalesce(a.dismissed, 0) = 0"
"""A paper not marked "Not interested", for a query joining ``annotations a`` (LEFT JOIN):
what an inbox view adds to its condition so dismissed papers leave it."""


def has_annotations(conn: sqlite3.Connection, paper_id: int) -> bool:
    """True when the user ever set read, starred or notes on the paper."""
    row = conn.execute("SELECT 1 FROM annotations WHERE paper_id = ?", (paper_id,)).fetchone()
    return row is not None


def notes_of(conn: sqlite3.Connection, paper_id: int) -> str:
    """The paper's notes ('' when none)."""
    row = conn.execute("SELECT notes FROM annotations WHERE paper_id = ?", (paper_id,)).fetchone()
    return str(row[0]) if row else ""


def ids_marked(conn: sqlite3.Connection, mark: str) -> set[int]:
    """Ids of the papers marked ``read``, ``starred`` or ``dismissed`` (usually a small
    part of the library: an "unread" filter is everything but these)."""
    column = {"read": "read", "starred": "starred", "dismissed": "dismissed"}[mark]
    return {row[0] for row in conn.execute(f"SELECT paper_id FROM annotations WHERE {column}")}


def set_flags(
    conn: sqlite3.Connection, paper_ids: Sequence[int], flag: str, value: bool, now: str
) -> int:
    """``set_flag`` for many papers in two statements; return how many changed."""
    if flag not in ("read", "starred", "dismissed"):
        raise ValueError(flag)
    ids = json.dumps(list(paper_ids))
    conn.execute(
        "INSERT OR IGNORE INTO annotations (paper_id, updated) SELECT value, ? FROM json_each(?)",
        (now, ids),
    )
    read_at = ", read_at = ?" if flag == "read" else ""
    params: list[Any] = [int(value), now]
    if flag == "read":
        params.append(now if value else None)
    params += [ids, int(value)]
    cursor = conn.execute(
        f"UPDATE annotations SET {flag} = ?, updated = ?{read_at} "
        f"WHERE paper_id IN (SELECT value FROM json_each(?)) AND {flag} != ?",
        params,
    )
    return cursor.rowcount


def flags(conn: sqlite3.Connection, paper_ids: Sequence[int], flag: str) -> dict[int, bool]:
    """Each paper's ``read``, ``starred`` or ``dismissed`` mark (False for a paper never
    annotated)."""
    if flag not in ("read", "starred", "dismissed"):
        raise ValueError(flag)
    rows = conn.execute(
        f"SELECT j.value, coalesce(a.{flag}, 0) FROM json_each(?) j "
        "LEFT JOIN annotations a ON a.paper_id = j.value",
        (json.dumps(list(paper_ids)),),
    )
    return {int(pid): bool(value) for pid, value in rows}


def turn_flags(
    conn: sqlite3.Connection, paper_ids: Sequence[int], flag: str, value: bool, now: str
) -> list[int]:
    """Set ``flag`` to ``value`` on those of the papers that do not have it yet; return
    their ids (what an undo turns back). Set-based statements, whatever the count; an id
    naming no paper raises PaperNotFoundError and changes nothing."""
    if flag not in ("read", "starred", "dismissed"):
        raise ValueError(flag)
    wanted = json.dumps(list(paper_ids))
    (known,) = conn.execute(
        "SELECT count(*) FROM papers WHERE id IN (SELECT value FROM json_each(?))", (wanted,)
    ).fetchone()
    if known != len(set(paper_ids)):
        stored = {row[0] for row in conn.execute("SELECT id FROM papers")}
        raise PaperNotFoundError(next(pid for pid in paper_ids if pid not in stored))
    turned = [
        int(row[0])
        for row in conn.execute(
            f"SELECT j.value FROM json_each(?) j LEFT JOIN annotations a "
            f"ON a.paper_id = j.value WHERE coalesce(a.{flag}, 0) != ?",
            (wanted, int(value)),
        )
    ]
    if not turned:
        return turned
    ids = json.dumps(turned)
    if value:  # a paper never annotated has every mark off: only setting one needs a row
        conn.execute(
            "INSERT OR IGNORE INTO annotations (paper_id, updated) "
            "SELECT value, ? FROM json_each(?)",
            (now, ids),
        )
    read_at = ", read_at = ?" if flag == "read" else ""
    params: list[Any] = [int(value), now]
    if flag == "read":
        params.append(now if value else None)
    conn.execute(
        f"UPDATE annotations SET {flag} = ?, updated = ?{read_at} "
        "WHERE paper_id IN (SELECT value FROM json_each(?))",
        [*params, ids],
    )
    return turned
