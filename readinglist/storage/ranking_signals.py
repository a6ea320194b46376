"""What the "For you" ranking learns from, read from the user's annotations and tags, and
the paper texts it computes features from. Read-only: nothing here writes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence


def liked_ids(conn: sqlite3.Connection) -> set[int]:
    """Papers the reader starred or wrote notes on."""
    rows = conn.execute("SELECT paper_id FROM annotations WHERE starred = 1 OR notes != ''")
    return {row[0] for row in rows}


def tagged_ids(conn: sqlite3.Connection) -> dict[str, set[int]]:
    """Each tag (as spelled in the library) with the papers carrying it."""
    tagged: dict[str, set[int]] = {}
    sql = "SELECT t.name, pt.paper_id FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id"
    for name, paper_id in conn.execute(sql):
        tagged.setdefault(name, set()).add(paper_id)
    return tagged


def dismissed_ids(conn: sqlite3.Connection) -> set[int]:
    """Papers marked "Not interested"."""
    return {row[0] for row in conn.execute("SELECT paper_id FROM annotations WHERE dismissed")}


def digest_paper_ids(conn: sqlite3.Connection, digest_id: int) -> list[int]:
    """The papers one digest holds."""
    sql = "SELECT paper_id FROM paper_digests WHERE digest_id = ? ORDER BY position"
    return [row[0] for row in conn.execute(sql, (digest_id,))]


def all_paper_ids(conn: sqlite3.Connection) -> list[int]:
    """Every paper id, in order."""
    return [row[0] for row in conn.execute("SELECT id FROM papers ORDER BY id")]


def papers_fingerprint(conn: sqlite3.Connection) -> tuple[object, ...]:
    """Changes when a paper is added, removed or has its stored fields changed (one scan,
    not the 100k-entry mapping of :func:`paper_stamps`)."""
    row = conn.execute("SELECT count(*), max(updated), total(id) FROM papers").fetchone()
    return tuple(row)


def paper_stamps(conn: sqlite3.Connection) -> dict[int, str]:
    """Every paper id with the time its stored fields last changed."""
    return {pid: updated for pid, updated in conn.execute("SELECT id, updated FROM papers")}


def paper_texts(
    conn: sqlite3.Connection, ids: Sequence[int], chunk: int = 500
) -> Iterator[tuple[int, str, str, list[str], str]]:
    """(id, title, abstract, authors, updated) of these papers."""
    for start in range(0, len(ids), chunk):
        part = list(ids[start : start + chunk])
        marks = ",".join("?" * len(part))
        sql = f"SELECT id, title, abstract, authors, updated FROM papers WHERE id IN ({marks})"
        for pid, title, abstract, authors, updated in conn.execute(sql, part):
            try:
                names = json.loads(authors)
            except ValueError:
                names = []
            yield pid, title, abstract, [str(n) for n in names if isinstance(n, str)], updated
