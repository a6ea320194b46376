"""The search fallback: a query's ``ScanCondition`` run straight against the tables."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from typing import Any

from readinglist.domain.states import STATE_MARKS


def scan_ids(
    conn: sqlite3.Connection,
    condition: tuple[Any, ...] | None,
    among: Collection[int] | None = None,
) -> set[int]:
    """Ids of papers meeting a search's ``ScanCondition`` (see ``search.query``), read
    straight from the tables: the slow path while the index is being built. ``among``:
    look at just these papers (those not yet in the index), each found by its id."""
    sql = "SELECT p.id FROM papers p LEFT JOIN annotations a ON a.paper_id = p.id"
    params: list[Any] = []
    tests = []
    if among is not None:
        tests.append("p.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(among)))
    if condition is not None:
        tests.append(_scan_sql(condition, params))
    if tests:
        sql += " WHERE " + " AND ".join(tests)
    return {row[0] for row in conn.execute(sql, params)}


_SCAN_COLUMNS = {
    "title": ["p.title"],
    "abstract": ["p.abstract"],
    "authors": ["p.authors"],
    "notes": ["coalesce(a.notes, '')"],
    "ids": ["coalesce(p.arxiv_id, '')", "coalesce(p.doi, '')"],
}
_SCAN_TAG = """p.id IN (SELECT pt.paper_id FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id
                        WHERE t.name LIKE ? ESCAPE '\\')"""
_SCAN_DIGEST = """p.id IN (SELECT pd.paper_id FROM paper_digests pd
                           JOIN digests d ON d.id = pd.digest_id
                           WHERE d.source_name LIKE ? ESCAPE '\\' OR d.id = ?)"""
_SCAN_STATES = {
    state: f"coalesce(a.{mark}, 0) = {int(has)}" for state, (mark, has) in STATE_MARKS.items()
}


def _scan_sql(condition: tuple[Any, ...], params: list[Any]) -> str:
    kind = condition[0]
    if kind in ("and", "or"):
        parts = [_scan_sql(child, params) for child in condition[1]]
        return "(" + f" {kind.upper()} ".join(parts) + ")"
    if kind == "not":
        return f"NOT {_scan_sql(condition[1], params)}"
    if kind == "is":
        return _SCAN_STATES.get(condition[1], "1")
    _, field, text = condition
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    if field == "published":
        params.append(f"{escaped}%")
        return "coalesce(p.published, '') LIKE ? ESCAPE '\\'"
    if field == "tags":
        params.append(pattern)
        return _SCAN_TAG
    if field == "digest":
        params += [pattern, text]
        return _SCAN_DIGEST
    columns = _SCAN_COLUMNS.get(field or "") or [
        *_SCAN_COLUMNS["title"],
        *_SCAN_COLUMNS["abstract"],
        *_SCAN_COLUMNS["authors"],
        *_SCAN_COLUMNS["notes"],
    ]
    tests = [f"{column} LIKE ? ESCAPE '\\'" for column in columns]
    params += [pattern] * len(tests)
    if field is None:
        tests.append(_SCAN_TAG)
        params.append(pattern)
    return "(" + " OR ".join(tests) + ")"
