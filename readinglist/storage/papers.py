"""Stored papers: find, insert, update, load, list and delete them, and their keys.

Import code writes only ``papers`` (and digests); the user's annotations and tags live in
other tables, which is what keeps an import from overwriting them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from readinglist.domain.entities import Paper, PaperQuery, PaperRecord
from readinglist.domain.identity import (
    normalize_title,
    paper_key,
    squash_title,
    titles_nearly_equal,
)
from readinglist.storage import codec

_TAG_SEPARATOR = "\x1f"
# Near-identical titles are looked for among papers whose squashed title starts alike.
_FUZZY_PREFIX = 10
_FUZZY_NEIGHBOURS = 32  # on each side, in title order

_PAPER_COLUMNS = f"""
    p.id, p.key, p.title, p.authors, p.abstract, p.arxiv_id, p.doi, p.url, p.links,
    p.published, p.added, p.extra,
    coalesce(a.read, 0) AS read, coalesce(a.starred, 0) AS starred,
    coalesce(a.notes, '') AS notes, coalesce(a.dismissed, 0) AS dismissed,
    (SELECT group_concat(t.name, '{_TAG_SEPARATOR}') FROM paper_tags pt
        JOIN tags t ON t.id = pt.tag_id WHERE pt.paper_id = p.id) AS tag_names,
    (SELECT group_concat(pd.digest_id) FROM paper_digests pd
        WHERE pd.paper_id = p.id) AS digest_ids
"""

ORDERS = {
    "added": "p.added DESC, p.id ASC",
    "published": "coalesce(p.published, '') DESC, p.id ASC",
    "title": "p.title_norm ASC, p.id ASC",
    "id": "p.id ASC",
}


def find_paper_row(conn: sqlite3.Connection, column: str, value: str) -> dict[str, Any] | None:
    """The stored fields of the paper whose ``column`` (arxiv_id or doi) equals ``value``."""
    if column not in ("arxiv_id", "doi"):
        raise ValueError(column)
    row = conn.execute(f"SELECT * FROM papers WHERE {column} = ?", (value,)).fetchone()
    return codec.decode_row(row) if row else None


def find_rows_by_title(conn: sqlite3.Connection, title: str) -> list[dict[str, Any]]:
    """Stored papers with the same title as ``title``, oldest first: first those whose
    normalized title is equal, then near-identical ones (see ``titles_nearly_equal``).

    Near-identical candidates are the titles sharing the first letters that sort nearest
    to ``title`` on either side, read from the title index: a bounded amount of work per
    lookup however many stored titles share that beginning.
    """
    squashed = squash_title(title)
    if not squashed:
        return []
    rows = conn.execute("SELECT * FROM papers WHERE title_squash = ? ORDER BY id", (squashed,))
    exact = [codec.decode_row(row) for row in rows]
    prefix = squashed[:_FUZZY_PREFIX]
    neighbours = conn.execute(
        """SELECT id, title_squash FROM (
               SELECT id, title_squash FROM papers
               WHERE title_squash > ? AND title_squash < ? ORDER BY title_squash LIMIT ?)
           UNION ALL
           SELECT id, title_squash FROM (
               SELECT id, title_squash FROM papers
               WHERE title_squash < ? AND title_squash > ? ORDER BY title_squash DESC LIMIT ?)""",
        (squashed, prefix + "\uffff", _FUZZY_NEIGHBOURS, squashed, prefix, _FUZZY_NEIGHBOURS),
    )
    similar_ids = sorted(
        row["id"] for row in neighbours if titles_nearly_equal(squashed, row["title_squash"])
    )
    similar = [
        codec.decode_row(row)
        for paper_id in similar_ids
        for row in conn.execute("SELECT * FROM papers WHERE id = ?", (paper_id,))
    ]
    return exact + similar


def insert_paper(
    conn: sqlite3.Connection, record: PaperRecord, now: str, added: str | None = None
) -> int:
    """Store a new paper from a canonical record; return its id. ``added`` defaults to now."""
    cursor = conn.execute(
        """INSERT INTO papers (key, title, title_norm, title_squash, authors, abstract,
                               arxiv_id, doi, url, links, published, added, updated, extra)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            free_key(conn, paper_key(record.arxiv_id, record.doi, record.title), None),
            record.title,
            normalize_title(record.title),
            squash_title(record.title),
            codec.dump(record.authors),
            record.abstract,
            record.arxiv_id,
            record.doi,
            record.url,
            codec.dump(record.links),
            record.published,
            added or now,
            now,
            codec.dump(record.extra),
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def update_paper(
    conn: sqlite3.Connection, stored: dict[str, Any], changes: dict[str, Any], now: str
) -> None:
    """Apply merge ``changes`` to a stored paper, keeping its key and title index current."""
    merged = {**stored, **changes}
    values = dict(changes)
    key = paper_key(merged["arxiv_id"], merged["doi"], merged["title"])
    values["key"] = free_key(conn, key, stored["id"])
    if "title" in changes:
        values["title_norm"] = normalize_title(changes["title"])
        values["title_squash"] = squash_title(changes["title"])
    values["updated"] = now
    for name in codec.JSON_FIELDS:
        if name in values:
            values[name] = codec.dump(values[name])
    assignments = ", ".join(f"{name} = ?" for name in values)
    conn.execute(f"UPDATE papers SET {assignments} WHERE id = ?", (*values.values(), stored["id"]))


def id_owner(conn: sqlite3.Connection, column: str, value: str) -> int | None:
    """The id of the paper holding this arXiv id or DOI, if any."""
    if column not in ("arxiv_id", "doi"):
        raise ValueError(column)
    row = conn.execute(f"SELECT id FROM papers WHERE {column} = ?", (value,)).fetchone()
    return int(row[0]) if row else None


def free_key(conn: sqlite3.Connection, key: str, paper_id: int | None) -> str:
    """``key``, or ``key#2``, ``key#3`` ... when another paper already holds it (two
    different papers with the same title and no ids)."""
    candidate, n = key, 1
    while True:
        row = conn.execute("SELECT id FROM papers WHERE key = ?", (candidate,)).fetchone()
        if row is None or row[0] == paper_id:
            return candidate
        n += 1
        candidate = f"{key}#{n}"


def load_papers(conn: sqlite3.Connection, ids: Sequence[int]) -> list[Paper]:
    """The papers with these ids, in the order given (unknown ids are left out)."""
    found: dict[int, Paper] = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"""SELECT {_PAPER_COLUMNS} FROM papers p
                  LEFT JOIN annotations a ON a.paper_id = p.id WHERE p.id IN ({marks})"""
        for row in conn.execute(sql, tuple(chunk)):
            found[row["id"]] = _paper_from_row(row)
    return [found[i] for i in ids if i in found]


def load_light_papers(conn: sqlite3.Connection, ids: Sequence[int]) -> list[Paper]:
    """Like :func:`load_papers`, with only what a first pass over an export reads: id, key,
    title, the first author, dates, tags, digests, read and starred (abstract, notes, ids,
    links and extra left empty). Several times quicker than whole papers."""
    found: dict[int, Paper] = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"""SELECT p.id, p.key, p.title, json_extract(p.authors, '$[0]') AS author,
                         p.published, p.added, coalesce(a.read, 0), coalesce(a.starred, 0),
                         (SELECT group_concat(t.name, '{_TAG_SEPARATOR}') FROM paper_tags pt
                            JOIN tags t ON t.id = pt.tag_id WHERE pt.paper_id = p.id),
                         (SELECT group_concat(pd.digest_id) FROM paper_digests pd
                            WHERE pd.paper_id = p.id)
                  FROM papers p LEFT JOIN annotations a ON a.paper_id = p.id
                  WHERE p.id IN ({marks})"""
        for pid, key, title, author, published, added, read, starred, tags, digests in conn.execute(
            sql, tuple(chunk)
        ):
            found[pid] = Paper(
                id=pid,
                key=key,
                title=title,
                authors=[] if author is None else [author],
                abstract="",
                arxiv_id=None,
                doi=None,
                url=None,
                links=[],
                published=published,
                added=added,
                tags=sorted(tags.split(_TAG_SEPARATOR), key=str.casefold) if tags else [],
                notes="",
                read=bool(read),
                starred=bool(starred),
                digests=sorted(int(d) for d in digests.split(",")) if digests else [],
            )
    return [found[i] for i in ids if i in found]


def query_papers(conn: sqlite3.Connection, query: PaperQuery) -> list[Paper]:
    """The papers matching a list filter, in the query's order."""
    sql, params = _query_sql(query, _PAPER_COLUMNS)
    return [_paper_from_row(row) for row in conn.execute(sql, params)]


def query_paper_ids(conn: sqlite3.Connection, query: PaperQuery) -> list[int]:
    """The ids of :func:`query_papers`, in the same order (quick even for every paper)."""
    sql, params = _query_sql(query, "p.id")
    return [row[0] for row in conn.execute(sql, params)]


def _query_sql(query: PaperQuery, columns: str) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    joins = ""
    order = ORDERS.get(query.order, ORDERS["added"])
    if query.tag is not None:
        where.append(
            """p.id IN (SELECT pt.paper_id FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id
                        WHERE t.name = ?)"""
        )
        params.append(query.tag)
    if query.read is not None:
        where.append("coalesce(a.read, 0) = ?")
        params.append(int(query.read))
    if query.starred is not None:
        where.append("coalesce(a.starred, 0) = ?")
        params.append(int(query.starred))
    if query.digest_id is not None:
        joins = "JOIN paper_digests d ON d.paper_id = p.id AND d.digest_id = ?"
        params.insert(0, query.digest_id)
        order = "d.position ASC"
    sql = f"SELECT {columns} FROM papers p {joins} "
    sql += "LEFT JOIN annotations a ON a.paper_id = p.id "
    if where:
        sql += "WHERE " + " AND ".join(where) + " "
    sql += f"ORDER BY {order} LIMIT ? OFFSET ?"
    params += [query.limit if query.limit is not None else -1, query.offset]
    return sql, params


def existing_paper_ids(conn: sqlite3.Connection, ids: Iterable[int]) -> set[int]:
    """Those of ``ids`` that name stored papers."""
    wanted = list(dict.fromkeys(ids))
    found: set[int] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(f"SELECT id FROM papers WHERE id IN ({marks})", chunk)
        found.update(row[0] for row in rows)
    return found


def all_paper_ids(conn: sqlite3.Connection) -> list[int]:
    """Every paper id, ascending."""
    return [row[0] for row in conn.execute("SELECT id FROM papers ORDER BY id")]


def ordered_ids(conn: sqlite3.Connection, order: str) -> list[int]:
    """Every paper id in the given order (added, published, title or id)."""
    sql = f"SELECT p.id FROM papers p ORDER BY {ORDERS.get(order, ORDERS['added'])}"
    return [row[0] for row in conn.execute(sql)]


def delete_papers(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
    """Delete papers; their annotations, tags and digest links go with them."""
    conn.executemany("DELETE FROM papers WHERE id = ?", ((pid,) for pid in ids))
    conn.execute("DELETE FROM tags WHERE id NOT IN (SELECT DISTINCT tag_id FROM paper_tags)")


def _paper_from_row(row: sqlite3.Row) -> Paper:
    """A paper from a row of ``_PAPER_COLUMNS`` (read by position, and empty JSON lists and
    objects not parsed: an export reads 100,000 of these; 2.3 s by name, 1.3 s so)."""
    (
        paper_id,
        key,
        title,
        authors,
        abstract,
        arxiv_id,
        doi,
        url,
        links,
        published,
        added,
        extra,
        read,
        starred,
        notes,
        dismissed,
        tag_names,
        digest_ids,
    ) = row
    tags = tag_names.split(_TAG_SEPARATOR) if tag_names else []
    digests = [int(d) for d in digest_ids.split(",")] if digest_ids else []
    return Paper(
        id=paper_id,
        key=key,
        title=title,
        authors=json.loads(authors),
        abstract=abstract,
        arxiv_id=arxiv_id,
        doi=doi,
        url=url,
        links=[] if links == "[]" else json.loads(links),
        published=published,
        added=added,
        tags=sorted(tags, key=str.casefold),
        notes=notes,
        read=bool(read),
        starred=bool(starred),
        digests=sorted(digests),
        extra={} if extra == "{}" else json.loads(extra),
        dismissed=bool(dismissed),
    )
