"""Imported digests and which papers each holds (``digests`` and ``paper_digests``)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from readinglist.domain.entities import Digest
from readinglist.storage import changes
from readinglist.storage.records import inserted_id


def find_digest_by_content(conn: sqlite3.Connection, sha256: str) -> int | None:
    """The id of a digest imported from exactly these bytes before, if any."""
    row = conn.execute(
        "SELECT id FROM digests WHERE content_sha256 = ? ORDER BY id LIMIT 1", (sha256,)
    ).fetchone()
    return int(row[0]) if row else None


def insert_digest(
    conn: sqlite3.Connection, source_name: str, fmt: str, date: str | None, sha256: str, now: str
) -> int:
    """Record a new import; return its id."""
    return inserted_id(
        conn,
        """INSERT INTO digests (source_name, format, digest_date, content_sha256, imported_at)
           VALUES (?, ?, ?, ?, ?)""",
        (source_name, fmt, date, sha256, now),
    )


def link_paper(
    conn: sqlite3.Connection,
    paper_id: int,
    digest_id: int,
    position: int,
    announce_type: str | None,
) -> None:
    """Record that a digest holds a paper (once, at its first position)."""
    conn.execute(
        """INSERT OR IGNORE INTO paper_digests (paper_id, digest_id, position, announce_type)
           VALUES (?, ?, ?, ?)""",
        (paper_id, digest_id, position, announce_type),
    )


def list_digests(conn: sqlite3.Connection, digest_id: int | None = None) -> list[Digest]:
    """All digests, newest import first (or just one), with paper and read counts."""
    sql = """SELECT d.id, d.source_name, d.format, d.digest_date, d.imported_at, d.content_sha256,
                    count(pd.paper_id) AS paper_count,
                    coalesce(sum(a.read), 0) AS read_count
             FROM digests d
             LEFT JOIN paper_digests pd ON pd.digest_id = d.id
             LEFT JOIN annotations a ON a.paper_id = pd.paper_id"""
    params: tuple[Any, ...] = ()
    if digest_id is not None:
        sql += " WHERE d.id = ?"
        params = (digest_id,)
    sql += " GROUP BY d.id ORDER BY d.imported_at DESC, d.id DESC"
    return [
        Digest(
            id=row["id"],
            source_name=row["source_name"],
            format=row["format"],
            date=row["digest_date"],
            paper_count=row["paper_count"],
            imported_at=row["imported_at"],
            read_count=row["read_count"],
            content_sha256=row["content_sha256"],
        )
        for row in conn.execute(sql, params)
    ]


def digest_labels(
    conn: sqlite3.Connection, digest_ids: Sequence[int]
) -> dict[int, tuple[str, str | None]]:
    """Each of these digests' source name and date, by id, in one query that counts
    nothing (an unknown id is left out)."""
    rows = conn.execute(
        """SELECT id, source_name, digest_date FROM digests
           WHERE id IN (SELECT value FROM json_each(?))""",
        (json.dumps(list(digest_ids)),),
    )
    return {row[0]: (row[1], row[2]) for row in rows}


def memberships(
    conn: sqlite3.Connection, paper_ids: Sequence[int]
) -> dict[int, list[tuple[int, int, str | None]]]:
    """For each paper: (digest id, position, announce type) of every digest holding it."""
    found: dict[int, list[tuple[int, int, str | None]]] = {pid: [] for pid in paper_ids}
    for start in range(0, len(paper_ids), 500):
        chunk = list(paper_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"""SELECT paper_id, digest_id, position, announce_type FROM paper_digests
                WHERE paper_id IN ({marks}) ORDER BY digest_id""",
            chunk,
        )
        for row in rows:
            found[row[0]].append((row[1], row[2], row[3]))
    return found


def tally(conn: sqlite3.Connection, paper_ids: Sequence[int]) -> dict[int, int]:
    """How many of these papers each digest holds (digests holding none left out): what a
    digest's read count changes by when they are marked read or unread."""
    rows = conn.execute(
        """SELECT digest_id, count(*) FROM paper_digests
           WHERE paper_id IN (SELECT value FROM json_each(?)) GROUP BY digest_id""",
        (json.dumps(list(paper_ids)),),
    )
    return {int(digest_id): int(n) for digest_id, n in rows}


# The papers a digest's removal deletes: those only it holds that the user never annotated.
_ONLY_HERE_UNANNOTATED = """
    SELECT pd.paper_id FROM paper_digests pd WHERE pd.digest_id = ?
    AND NOT EXISTS (SELECT 1 FROM paper_digests o
                    WHERE o.paper_id = pd.paper_id AND o.digest_id != ?)
    AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.paper_id = pd.paper_id
                    AND (a.read OR a.starred OR a.dismissed OR a.notes != ''))
    AND NOT EXISTS (SELECT 1 FROM paper_tags t WHERE t.paper_id = pd.paper_id)"""


def only_here_unannotated(conn: sqlite3.Connection, digest_id: int) -> list[int]:
    """Ids of the papers removing the digest deletes (see :func:`remove_digest`)."""
    rows = conn.execute(_ONLY_HERE_UNANNOTATED, (digest_id, digest_id))
    return [int(row[0]) for row in rows]


def remove_digest(conn: sqlite3.Connection, digest_id: int) -> int:
    """Delete a digest and the papers only it holds that the user never annotated.

    Returns how many papers were deleted. A paper counts as annotated when it holds a
    mark (read, starred, not interested), notes or a tag: an annotation row whose marks
    are all off again (a star undone) keeps nothing of the user's, and kept the paper
    after its digest's import was undone.
    """
    doomed = [
        row[0]
        for row in conn.execute(
            """SELECT paper_id FROM paper_digests WHERE digest_id = ?""", (digest_id,)
        )
    ]
    cursor = conn.execute(
        f"DELETE FROM papers WHERE id IN ({_ONLY_HERE_UNANNOTATED})", (digest_id, digest_id)
    )
    removed = cursor.rowcount
    conn.execute("DELETE FROM digests WHERE id = ?", (digest_id,))
    changes.bump_generation(conn, doomed)
    return removed


def digest_names(conn: sqlite3.Connection) -> dict[int, str]:
    """Each digest's id and source name."""
    return {row[0]: row[1] for row in conn.execute("SELECT id, source_name FROM digests")}
