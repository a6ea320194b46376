"""Removing papers (or a digest with the papers only it holds) so that they can come back:
the rows are read out before the delete, and put back later with the same ids in one
transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import replace

from readinglist.domain.removed import RemovedDigest, RemovedPapers, Row
from readinglist.storage import changes
from readinglist.storage import digests as digests_db
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


def take_out_digest(conn: sqlite3.Connection, digest_id: int) -> RemovedDigest | None:
    """Remove a digest as :func:`~readinglist.storage.digests.remove_digest` does, and
    return all it took (None: no such digest). Call inside a transaction."""
    found = _rows(conn, "SELECT * FROM digests WHERE id = ?", digest_id)
    if not found:
        return None
    places = _rows(conn, "SELECT * FROM paper_digests WHERE digest_id = ?", digest_id)
    papers = take_out(conn, digests_db.only_here_unannotated(conn, digest_id))
    conn.execute("DELETE FROM digests WHERE id = ?", (digest_id,))
    changes.bump_generation(conn, [int(row["paper_id"]) for row in places])
    return RemovedDigest(found[0], tuple(places), papers)


def put_back_digest(conn: sqlite3.Connection, removed: RemovedDigest) -> tuple[int, list[int]]:
    """Insert a removed digest again with its papers and places (call inside a
    transaction); return its id (the same unless a digest imported meanwhile took it)
    and the ids of the papers it holds now, in digest order."""
    values = dict(removed.digest)
    if conn.execute("SELECT 1 FROM digests WHERE id = ?", (values["id"],)).fetchone():
        values.pop("id")
    digest_id = _insert(conn, "digests", values)
    old_id = int(removed.digest["id"])
    papers = replace(
        removed.papers,
        memberships=tuple(
            {**row, "digest_id": digest_id} if row["digest_id"] == old_id else row
            for row in removed.papers.memberships
        ),
    )
    put_back(conn, papers)  # the deleted papers, with their places in it
    deleted = set(removed.papers.ids)
    for row in removed.places:
        if row["paper_id"] not in deleted:
            conn.execute(
                "INSERT OR IGNORE INTO paper_digests (paper_id, digest_id, position, "
                "announce_type) SELECT id, ?, ?, ? FROM papers WHERE id = ?",
                (digest_id, row["position"], row["announce_type"], row["paper_id"]),
            )
    ids = [
        int(row[0])
        for row in conn.execute(
            "SELECT paper_id FROM paper_digests WHERE digest_id = ? ORDER BY position",
            (digest_id,),
        )
    ]
    changes.bump_generation(conn, ids)
    return digest_id, ids
