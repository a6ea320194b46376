"""Tag suggestions: the user's tags ranked by how much they appear on similar papers."""

from __future__ import annotations

from readinglist.core.searching import LibrarySearch
from readinglist.domain.entities import Paper
from readinglist.storage import papers as papers_db
from readinglist.storage.db import Database

_NEIGHBOURS = 20


def suggest_tags(db: Database, search: LibrarySearch, paper: Paper, n: int) -> list[str]:
    """Up to ``n`` tags of the papers most like ``paper`` that it does not carry yet,
    the most weighted first (ties alphabetically)."""
    scores: dict[str, float] = {}
    display: dict[str, str] = {}
    ranked = search.similar(paper, _NEIGHBOURS)
    weights = dict(ranked)
    with db.snapshot() as conn:
        neighbours = papers_db.load_papers(conn, [pid for pid, _ in ranked])
    for neighbour in neighbours:
        for tag in neighbour.tags:
            key = tag.casefold()
            scores[key] = scores.get(key, 0.0) + weights[neighbour.id]
            display.setdefault(key, tag)
    own = {t.casefold() for t in paper.tags}
    best = sorted((k for k in scores if k not in own), key=lambda k: (-scores[k], k))
    return [display[k] for k in best[:n]]
