"""The papers most like one paper, kept between the window's two asks (the similar
papers list and the tag suggestions rank the same neighbours)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SimilarPapers:
    """The papers most like one paper, as ranked by one searcher."""

    paper_id: int
    text: str
    searcher: object  # what answered: the live index's ``version()``
    pool: int  # how many were asked for
    ranked: list[tuple[int, float]]

    def answers(self, paper_id: int, text: str, searcher: object, limit: int) -> bool:
        """True when these are the ``limit`` best for this paper and searcher."""
        same = (self.paper_id, self.text) == (paper_id, text) and self.searcher is searcher
        return same and limit <= self.pool
