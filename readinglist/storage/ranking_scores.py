"""The "For you" score of each paper, cached in the library (``ranking_scores``): the
library-wide ranker's score, the version of the model that computed it, and the paper's
``updated`` time then (an edited paper is scored again). A cache: the ranking writes it,
``score:`` queries and a restarted window read it; nothing else depends on it.

Scores are stored as integer millionths, so every column is INTEGER or TEXT (what a
restore checks)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

SCALE = 1_000_000
WRITE_CHUNK = 2_000  # rows per write transaction: another writer never waits long

SCHEMA = """
-- The For you score cache (issue 18): one row per scored paper.
CREATE TABLE ranking_scores (
    paper_id    INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
    score       INTEGER NOT NULL,
    model       TEXT NOT NULL,
    updated     TEXT NOT NULL
);
CREATE INDEX ranking_scores_score ON ranking_scores(score)
"""


def add_scores_table(conn: sqlite3.Connection) -> None:
    """The schema step that creates the cache (see ``storage.migrations``)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)


def to_stored(score: float) -> int:
    """A score in [0, 1] as the integer stored."""
    return round(min(1.0, max(0.0, score)) * SCALE)


def cached_scores(
    conn: sqlite3.Connection, model: str, ids: Sequence[int] | None = None
) -> dict[int, float]:
    """The scores computed by ``model`` that still hold (the paper unchanged since), of
    ``ids`` (None: every paper)."""
    sql = (
        "SELECT s.paper_id, s.score FROM ranking_scores s JOIN papers p ON p.id = s.paper_id"
        " WHERE s.model = ? AND s.updated = p.updated"
    )
    params: list[object] = [model]
    if ids is not None:  # a few papers (a digest): looked up one by one
        sql += " AND s.paper_id IN (SELECT value FROM json_each(?))"
        params.append(_id_list(ids))
    return {pid: score / SCALE for pid, score in conn.execute(sql, params)}


def _id_list(ids: Sequence[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def unscored_ids(conn: sqlite3.Connection, model: str) -> list[int]:
    """Papers without a score of ``model`` that still holds."""
    sql = (
        "SELECT p.id FROM papers p LEFT JOIN ranking_scores s ON s.paper_id = p.id"
        " WHERE s.model IS NOT ? OR s.updated != p.updated ORDER BY p.id"
    )
    return [row[0] for row in conn.execute(sql, (model,))]


def paper_updated(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, str]:
    """The ``updated`` time of each of these papers."""
    sql = "SELECT id, updated FROM papers WHERE id IN (SELECT value FROM json_each(?))"
    return dict(conn.execute(sql, (_id_list(ids),)))


def write_scores(conn: sqlite3.Connection, scores: Iterable[tuple[int, float]], model: str) -> int:
    """Store scores of ``model`` (inside the caller's transaction); return how many."""
    rows = list(scores)
    updated = paper_updated(conn, [pid for pid, _ in rows])
    values = [(pid, to_stored(score), model, updated[pid]) for pid, score in rows if pid in updated]
    conn.executemany(
        "INSERT OR REPLACE INTO ranking_scores (paper_id, score, model, updated)"
        " VALUES (?, ?, ?, ?)",
        values,
    )
    return len(values)


def clear_scores(conn: sqlite3.Connection) -> None:
    """Forget every score (no model any more: nothing is ranked by one)."""
    conn.execute("DELETE FROM ranking_scores")


def score_test(
    column: str,
    low: float | None,
    high: float | None,
    low_exclusive: bool,
    high_exclusive: bool,
) -> tuple[str, list[int]]:
    """``SELECT paper_id FROM ranking_scores WHERE`` the score lies in the range; the
    bounds are compared as stored integers, so the scan and the search agree exactly."""
    tests, params = ["1"], []
    if low is not None:
        tests.append("score > ?" if low_exclusive else "score >= ?")
        params.append(to_stored(low))
    if high is not None:
        tests.append("score < ?" if high_exclusive else "score <= ?")
        params.append(to_stored(high))
    where = " AND ".join(tests)
    return f"SELECT {column} FROM ranking_scores WHERE {where}", params
