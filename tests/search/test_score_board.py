"""Ranked search adds up a word's scores over its whole posting list at once: the work
done in Python for a query does not grow with the number of papers holding its words,
and the sums, order and ties are the ones a paper-by-paper loop makes."""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from pathlib import Path
from types import FrameType
from typing import Any

import numpy as np

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.search.score_board import ScoreBoard

SEARCH_CODE = str(Path(__file__).resolve().parents[2] / "readinglist" / "search")


def _search_lines(work: Any) -> int:
    """Lines of ``readinglist/search`` run by ``work()``."""
    count = 0

    def trace(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        if not frame.f_code.co_filename.startswith(SEARCH_CODE):
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def _papers(first: int, last: int) -> list[PaperRecord]:
    return [
        PaperRecord(
            title=f"Sparse attention study {n}",
            abstract="attention " * (1 + n % 5) + f"kernels of order {n}",
            arxiv_id=f"2409.{n:05d}",
        )
        for n in range(first, last)
    ]


def test_ranking_work_in_python_does_not_grow_with_the_postings(library: Library) -> None:
    lines = {}
    for papers, batch in ((300, _papers(0, 300)), (3_000, _papers(300, 3_000))):
        library.import_records(batch, f"batch {papers}")
        library.reindex()
        results = library.search("attention", limit=10)  # reads and keeps the postings
        assert results.total == papers and len(results.hits) == 10
        lines[papers] = _search_lines(lambda: library.search("attention", limit=10))
        assert library.search("attention", limit=10).hits == results.hits
    # Ten times the papers: nearly the same Python work (it was 3 lines a posting or more).
    assert 0 < lines[3_000] < lines[300] + 300, lines


def _reference(
    parts: list[tuple[dict[int, float] | None, set[int], float]],
    limit: int,
    matching: set[int],
) -> list[tuple[int, float]]:
    """The paper-by-paper loop: each part adds ``score * boost`` (or ``boost``) to the
    papers ``among`` it scores, in order; best first, ties by id, then unscored papers."""
    scores: defaultdict[int, float] = defaultdict(float)
    for postings, among, boost in parts:
        if postings is None:
            for paper_id in among:
                scores[paper_id] += boost
        else:
            for paper_id, score in postings.items():
                if paper_id in among:
                    scores[paper_id] += score * boost
    if len(scores) < limit:
        for paper_id in sorted(matching - scores.keys())[: limit - len(scores)]:
            scores[paper_id] = 0.0
    return sorted(scores.items(), key=lambda hit: (-hit[1], hit[0]))[:limit]


def test_the_board_adds_up_as_the_loop_does() -> None:
    rng = random.Random(5)
    for trial in range(40):
        documents = rng.randint(1, 400)
        ids = rng.sample(range(1, 5 * documents), documents)
        for deleted in rng.sample(range(documents), documents // 10):
            ids[deleted] = -1
        live = {pid for pid in ids if pid != -1}
        matching = {pid for pid in live if rng.random() < 0.7}
        board = ScoreBoard(np.array(ids, dtype=np.int64))
        parts: list[tuple[dict[int, float] | None, set[int], float]] = []
        for _ in range(rng.randint(1, 5)):
            among = {pid for pid in matching if rng.random() < 0.8}
            boost = rng.choice([1.0, 1.5, 3.0, 0.1])
            if rng.random() < 0.25:
                board.add_constant(among, boost)
                parts.append((None, among, boost))
                continue
            docnums = sorted(rng.sample(range(documents), rng.randint(0, documents)))
            # a few equal scores, so that ties are ordered by id
            scores = [rng.choice([0.5, 1.25, rng.random() * 10]) for _ in docnums]
            board.add_postings(np.array(docnums, dtype=np.int64), np.array(scores), among, boost)
            by_paper = {ids[d]: s for d, s in zip(docnums, scores, strict=True) if ids[d] != -1}
            parts.append((by_paper, among, boost))
        limit = rng.choice([1, 5, 50, 1000])
        assert board.best(limit, matching) == _reference(parts, limit, matching), trial
