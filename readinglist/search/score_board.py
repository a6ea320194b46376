"""Adding up a query's scores over whole posting lists at once.

Ranking adds, part by part, a word's BM25F score to every paper its postings hold (or a
constant to every paper a part matches). Done one posting at a time in Python, a common
word at 100,000 papers costs tens of milliseconds per keystroke. Here the scores live in
one array indexed by document number, and each part is added with array operations over
its postings (document numbers and scores, as ``postings.TermPostings`` keeps them): the
same additions in the same order, so the same floating-point sums, as the loop made.
"""

from __future__ import annotations

from collections.abc import Set

import numpy as np
import numpy.typing as npt

Ids = npt.NDArray[np.int64]
Scores = npt.NDArray[np.float64]


class ScoreBoard:
    """Every document's score so far, and which documents some part has scored.

    ``paper_ids``: the paper id of each document number (-1 for a deleted document,
    which no part matches)."""

    def __init__(self, paper_ids: Ids) -> None:
        self._paper_ids = paper_ids
        self._scores = np.zeros(len(paper_ids), dtype=np.float64)
        self._scored = np.zeros(len(paper_ids), dtype=bool)
        self._masks: dict[int, tuple[Set[int], npt.NDArray[np.bool_]]] = {}
        self._largest = int(paper_ids.max(initial=-1))

    def among(self, papers: Set[int]) -> npt.NDArray[np.bool_]:
        """Which documents hold one of ``papers`` (worked out once per set object)."""
        found = self._masks.get(id(papers))
        if found is not None and found[0] is papers:
            return found[1]
        ids = np.fromiter(papers, dtype=np.int64, count=len(papers))
        size = max(self._largest, int(ids.max(initial=-1))) + 2  # the last: never a paper
        wanted = np.zeros(size, dtype=bool)
        wanted[ids] = True
        mask = wanted[self._paper_ids]  # -1 (deleted) reads the last entry: False
        self._masks[id(papers)] = (papers, mask)  # the set is kept: its id stays its own
        return mask

    def add_constant(self, papers: Set[int], boost: float) -> None:
        """Add ``boost`` to each of ``papers``."""
        mask = self.among(papers)
        self._scores[mask] += boost
        self._scored |= mask

    def add_postings(self, docnums: Ids, scores: Scores, papers: Set[int], boost: float) -> None:
        """Add ``score * boost`` to each posting's document that holds one of ``papers``
        (``docnums`` ascending, each once)."""
        keep = self.among(papers)[docnums]
        chosen = docnums[keep]
        self._scores[chosen] += scores[keep] * boost
        self._scored[chosen] = True

    def best(self, limit: int, matching: Set[int]) -> list[tuple[int, float]]:
        """The ``limit`` best (paper id, score), best first, ties by ascending paper id;
        when fewer papers were scored, papers of ``matching`` without a score follow with
        0.0, by ascending id."""
        documents = np.flatnonzero(self._scored)
        scores, ids = self._scores[documents], self._paper_ids[documents]
        if len(documents) > limit:  # the limit-th best score, ties at it kept
            threshold = np.partition(scores, len(scores) - limit)[len(scores) - limit]
            keep = scores >= threshold
            scores, ids = scores[keep], ids[keep]
        order = np.lexsort((ids, -scores))[:limit]
        ranked = [(int(ids[n]), float(scores[n])) for n in order]
        if len(ranked) < limit:
            unscored = sorted(matching - set(self._paper_ids[documents].tolist()))
            ranked += [(paper_id, 0.0) for paper_id in unscored[: limit - len(ranked)]]
            ranked.sort(key=lambda hit: (-hit[1], hit[0]))
        return ranked
