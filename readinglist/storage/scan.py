"""The search fallback: a query tree (``domain.query_tree``) run straight against the
tables. Words, phrases, prefixes and fuzzy words are substring tests (no stemming: a
stand-in until the index is ready); states, dates and the boolean structure mean what
they mean to the index."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from typing import Any

from readinglist.domain.query_nodes import Bool, Dates, Node, Not, Score, State, Term
from readinglist.domain.states import STATE_MARKS
from readinglist.storage.ranking_scores import score_test


def scan_ids(
    conn: sqlite3.Connection,
    condition: Node | None,
    among: Collection[int] | None = None,
) -> set[int]:
    """Ids of papers meeting a query tree (None: every paper), read
    straight from the tables: the slow path while the index is being built. ``among``:
    look at just these papers (those not yet in the index), each found by its id."""
    sql = "SELECT p.id FROM papers p LEFT JOIN annotations a ON a.paper_id = p.id"
    params: list[Any] = []
    tests = []
    if among is not None:
        tests.append("p.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(among)))
    if condition is not None:
        tests.append(_scan_sql(condition, params, _tag_ids(conn)))
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
_SCAN_NAMED_TAG = """p.id IN (SELECT pt.paper_id FROM paper_tags pt
                              WHERE pt.tag_id IN (SELECT value FROM json_each(?)))"""
_SCAN_DIGEST = """p.id IN (SELECT pd.paper_id FROM paper_digests pd
                           JOIN digests d ON d.id = pd.digest_id
                           WHERE d.source_name LIKE ? ESCAPE '\\' OR d.id = ?)"""
_SCAN_STATES = {
    state: f"coalesce(a.{mark}, 0) = {int(has)}" for state, (mark, has) in STATE_MARKS.items()
}


def _tag_ids(conn: sqlite3.Connection) -> dict[str, list[int]]:
    """Tag ids by lower-cased name: ``tag:NAME`` means the tag of that name in any case,
    as the index (which lower-cases tags with Python's rules, not ASCII's) reads it."""
    ids: dict[str, list[int]] = {}
    for tag_id, name in conn.execute("SELECT id, name FROM tags"):
        ids.setdefault(name.lower(), []).append(tag_id)
    return ids


def _scan_sql(node: Node, params: list[Any], tags: dict[str, list[int]]) -> str:
    if isinstance(node, Bool):
        parts = [_scan_sql(child, params, tags) for child in node.children]
        return "(" + f" {node.op.upper()} ".join(parts) + ")"
    if isinstance(node, Not):
        return f"NOT {_scan_sql(node.child, params, tags)}"
    if isinstance(node, State):
        return _SCAN_STATES.get(node.name, "1")
    if isinstance(node, Dates):
        return _dates_sql(node, params)
    if isinstance(node, Score):
        sql, bounds = score_test("paper_id", *_bounds(node))
        params += bounds
        return f"p.id IN ({sql})"
    return _term_sql(node, params, tags)


def scored_ids(conn: sqlite3.Connection, score: Score) -> set[int]:
    """Papers whose cached "For you" score meets a ``score:`` condition (how the search
    answers it too: one test for both paths)."""
    sql, params = score_test("paper_id", *_bounds(score))
    return {row[0] for row in conn.execute(sql, params)}


def _bounds(score: Score) -> tuple[float | None, float | None, bool, bool]:
    return score.low, score.high, score.low_exclusive, score.high_exclusive


def _dates_sql(dates: Dates, params: list[Any]) -> str:
    """Dates compared as text, as the index compares its terms (``LIKE`` would fold
    case: ``substr`` does not)."""
    tests = ["coalesce(p.published, '') != ''"]
    if dates.prefix is not None:
        tests.append("substr(p.published, 1, ?) = ?")
        params += [len(dates.prefix), dates.prefix]
    if dates.low is not None:
        tests.append("p.published >= ?")
        params.append(dates.low)
    if dates.high is not None:
        tests.append("p.published < ?" if dates.high_exclusive else "p.published <= ?")
        params.append(dates.high)
    return "(" + " AND ".join(tests) + ")"


def _term_sql(term: Term, params: list[Any], tags: dict[str, list[int]]) -> str:
    field, text = term.field, term.text
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    if field == "tags" and term.kind in ("word", "phrase"):  # one whole tag
        params.append(json.dumps(tags.get(text.strip().lower(), [])))
        return _SCAN_NAMED_TAG
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
