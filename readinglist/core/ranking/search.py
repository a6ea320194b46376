"""A search sorted "for you": every match ranked by the reader's model, then paged."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from readinglist.core.ranking.ranker import Ranker
from readinglist.core.searching import LibrarySearch
from readinglist.domain.entities import Paper, SearchHit, SearchResults


def search_for_you(
    ranker: Ranker,
    search: LibrarySearch,
    load: Callable[[Sequence[int]], list[Paper]],
    text: str,
    limit: int,
    offset: int = 0,
) -> SearchResults:
    """The papers matching ``text``, best for the reader first; a hit's score is its
    "For you" score."""
    matches = search.matching_ids(text, as_you_type=False)
    ranking = ranker.rank(sorted(matches))
    page = ranking.scores[offset : offset + limit]
    papers = load([pid for pid, _ in page])
    hits = [
        SearchHit(paper, score, search.highlights_for(paper, text, whole=False))
        for paper, (_, score) in zip(papers, page, strict=True)
    ]
    return SearchResults(total=len(matches), hits=hits)
