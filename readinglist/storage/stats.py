"""Library-wide counts: papers, read, starred, digests and papers per tag."""

from __future__ import annotations

import sqlite3

from readinglist.domain.entities import LibraryStats


def stats(conn: sqlite3.Connection) -> LibraryStats:
    """Paper, read, starred, digest and per-tag counts."""
    row = conn.execute(
        """SELECT count(*) AS papers, coalesce(sum(a.read), 0) AS read,
                  coalesce(sum(a.starred), 0) AS starred
           FROM papers p LEFT JOIN annotations a ON a.paper_id = p.id"""
    ).fetchone()
    digests = conn.execute("SELECT count(*) FROM digests").fetchone()[0]
    tags = {
        r["name"]: r["n"]
        for r in conn.execute(
            """SELECT t.name, count(pt.paper_id) AS n FROM tags t
               JOIN paper_tags pt ON pt.tag_id = t.id
               GROUP BY t.id ORDER BY t.name COLLATE NOCASE"""
        )
    }
    return LibraryStats(
        papers=row["papers"],
        read=row["read"],
        unread=row["papers"] - row["read"],
        starred=row["starred"],
        digests=digests,
        tags=tags,
    )


def paper_count(conn: sqlite3.Connection) -> int:
    """How many papers the library holds."""
    return int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])
