"""Removing papers so that they can come back: the rows are read out before the delete,
and put back later with the same ids in one transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from readinglist.domain.removed import RemovedPapers, Row
from readinglist.storage import changes
from readinglist.storage import papers as papers_db

_UNIQUE = ("key", "arxiv_id", "doi")  # a paper holding one of these blocks a restore


def take_out(conn: sqlite3.Connection, ids: Sequence[int]) -> RemovedPapers:
    """Delete papers and return all that was stored of them (call inside a transaction)."""
    wanted = json.dumps(list(dict.fromkeys(ids)))
    inside = "IN (SELECT value FROM json_each(?))"
    found = {
        row["id"]: row for row in _rows(conn, f"SELECT * FROM papers WHERE id {inside}", wanted)
    }
    order = [pid for pid in dict.fromkeys(ids) if pid in found]
    removed = RemovedPapers(
        papers=tuple(found[pid] for pid in order),
        annotations=tuple(
            _rows(conn, f"SELECT * FROM annotations WHERE paper_id {inside}", wanted)
        ),
        memberships=tuple(
            _rows(conn, f"SELECT * FROM paper_digests WHERE paper_id {inside}", wanted)
        ),
        tags=tuple(
            (pid, name)
            for pid, name in conn.execute(
                "SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
                f"WHERE pt.paper_id {inside}",
                (wanted,),
            )
        ),
    )
    papers_db.delete_papers(conn, order)
    changes.bump_generation(conn, order)
    return removed


def put_back(conn: sqlite3.Connection, removed: RemovedPapers) -> list[int]:
    """Insert the removed papers again (call inside a transaction); return their ids now.

    A paper keeps its id unless another paper took it meanwhile; a paper that was
    imported again meanwhile (same key, arXiv id or DOI) stays as it is now and is not
    returned. Memberships of digests removed meanwhile are dropped."""
    now_id: dict[int, int] = {}
    for row in removed.papers:
        if _clashes(conn, row):
            continue
        values = dict(row)
        if conn.execute("SELECT 1 FROM papers WHERE id = ?", (row["id"],)).fetchone():
            values.pop("id")
        now_id[int(row["id"])] = _insert(conn, "papers", values)
    for row in removed.annotations:
        if row["paper_id"] in now_id:
            _insert(conn, "annotations", {**row, "paper_id": now_id[row["paper_id"]]})
    digests = {row[0] for row in conn.execute("SELECT id FROM digests")}
    for row in removed.memberships:
        if row["paper_id"] in now_id and row["digest_id"] in digests:
            _insert(conn, "paper_digests", {**row, "paper_id": now_id[row["paper_id"]]})
    for paper_id, name in removed.tags:
        if paper_id in now_id:
            conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,))
            conn.execute(
                "INSERT OR IGNORE INTO paper_tags (paper_id, tag_id) "
                "SELECT ?, id FROM tags WHERE name = ?",
                (now_id[paper_id], name),
            )
    restored = list(now_id.values())
    changes.bump_generation(conn, restored)
    return restored


def _rows(conn: sqlite3.Connection, sql: str, *params: object) -> list[Row]:
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor]


def _clashes(conn: sqlite3.Connection, row: Row) -> bool:
    return any(
        row.get(column) is not None
        and conn.execute(f"SELECT 1 FROM papers WHERE {column} = ?", (row[column],)).fetchone()
        for column in _UNIQUE
    )


def _insert(conn: sqlite3.Connection, table: str, values: Row) -> int:
    columns = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join("?" for _ in values)
    cursor = conn.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values())
    )
    return int(cursor.lastrowid or 0)
