"""A typed word is scored as Whoosh scores its prefix query: every word it stands for
adds its BM25F, however rare the word (the ranking once scored only the most frequent
expansions, so a paper holding only a rarer one scored 0 and came last)."""

from __future__ import annotations

import pytest

from readinglist.search import engine
from readinglist.search.index import IndexDocument
from readinglist.search.query import parse
from readinglist.search.schema import build_schema
from readinglist.search.typed_prefix import expand_typed

# 20 words starting with "re", each in several papers, and one word in a single paper.
COMMON = [
    "reading", "reason", "record", "recover", "reduce", "refine", "region", "regret",
    "relate", "relax", "render", "repair", "replay", "report", "rescue", "reset",
    "resolve", "result", "return", "review",
]  # fmt: skip
RARE = "rewilding"


def _documents() -> list[IndexDocument]:
    documents = []
    for n in range(60):
        words = [COMMON[(n + k) % len(COMMON)] for k in range(1 + n % 3)]
        title = f"{' '.join(words)} of paper number {n}"
        documents.append(
            IndexDocument(n + 1, title, "an abstract", ["Ann Lee"], [], "", [], [], None)
        )
    documents.append(  # the one paper whose only "re" word is rare
        IndexDocument(
            100, f"{RARE} grassland plots", "an abstract", ["Bo Wu"], [], "", [], [], None
        )
    )
    return documents


def _whoosh_ranking(searcher, query) -> list[tuple[int, float]]:  # type: ignore[no-untyped-def]
    hits = searcher.search(expand_typed(query), limit=None)
    return sorted(((int(hit["id"]), hit.score) for hit in hits), key=lambda h: (-h[1], h[0]))


@pytest.mark.parametrize("typed", ["re", "rew", "rewi"])
def test_a_paper_with_only_a_rare_expansion_ranks_as_whoosh_ranks_it(typed: str) -> None:
    index = engine.overlay_index(_documents())  # one segment
    query = parse(typed, build_schema(), as_you_type=True).text
    with index.searcher() as searcher:
        matching = engine.matching_ids(searcher, query)
        assert 100 in matching
        ours = [
            (hit.paper_id, hit.score) for hit in engine.ranked_hits(searcher, query, 100, matching)
        ]
        theirs = _whoosh_ranking(searcher, query)
    assert dict(ours)[100] > 0
    assert [pid for pid, _ in ours] == [pid for pid, _ in theirs]
    for (_, mine), (_, whoosh) in zip(ours, theirs, strict=True):
        assert mine == pytest.approx(whoosh, rel=1e-4)
