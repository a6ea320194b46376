"""Light rows for the paper list, read in a few passes over the whole library."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from readinglist.domain.entities import PaperRow
from readinglist.storage import digests, papers


def paper_rows(
    conn: sqlite3.Connection,
    order: str,
    ids: Sequence[int] | None = None,
    limit: int | None = None,
) -> list[PaperRow]:
    """Rows for the paper list, every paper (or just ``ids``) in the given order. The
    digest column names the first digest that brought the paper. Tags and digests are
    read in one pass each rather than per row: 100,000 rows in well under a second."""
    where, params, only = "", [], ""
    if ids is not None:
        where = " WHERE p.id IN (SELECT value FROM json_each(?))"
        only = " WHERE paper_id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(ids)))
    sql = f"""SELECT p.id, p.title, p.key,
                     CASE json_array_length(p.authors)
                        WHEN 0 THEN ''
                        WHEN 1 THEN json_extract(p.authors, '$[0]')
                        WHEN 2 THEN json_extract(p.authors, '$[0]') || ', '
                                    || json_extract(p.authors, '$[1]')
                        ELSE json_extract(p.authors, '$[0]') || ' et al.' END,
                     p.published, p.added,
                     coalesce(a.read, 0), coalesce(a.starred, 0),
                     (SELECT min(pd.digest_id) FROM paper_digests pd WHERE pd.paper_id = p.id)
              FROM papers p LEFT JOIN annotations a ON a.paper_id = p.id{where}
              ORDER BY {papers.ORDERS.get(order, papers.ORDERS["added"])} LIMIT ?"""
    tags: dict[int, list[str]] = {}
    for paper_id, name in conn.execute(
        "SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id"
        + only.replace("paper_id", "pt.paper_id"),
        params,
    ):
        tags.setdefault(paper_id, []).append(name)
    names = digests.digest_names(conn)
    # The first digest comes with each row (one index lookup per paper) rather than from
    # a GROUP BY over every paper first: that single statement kept the GIL ~100 ms at 100k.
    return [
        PaperRow(
            id=pid,
            title=title or key,
            authors=authors,
            published=published,
            added=added,
            tags=sorted(tags[pid], key=str.casefold) if pid in tags else [],
            digest=names.get(first_digest, ""),
            read=bool(read),
            starred=bool(starred),
        )
        for pid, title, key, authors, published, added, read, starred, first_digest in conn.execute(
            sql, [*params, limit if limit is not None else -1]
        )
    ]
