"""Reading a term's postings and a field's lengths in bulk.

Whoosh's matchers hand out one posting per Python call; a common word has tens of
thousands of postings, so stepping through them costs 20-50 ms. Its own postings format
keeps them in blocks (ids, weights) and its field lengths in a column of one byte per
document: ``compat`` reads those whole when they are the structures found, and otherwise
uses the public, one-at-a-time interface. Decoded postings are kept per searcher, so the
words already typed cost nothing on the next keystroke. Postings of deleted documents
may be included: callers map document numbers to paper ids, where deleted documents
have none (``engine.paper_ids_by_docnum``).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from readinglist.search import compat
from readinglist.search.budget_cache import BudgetCache
from readinglist.search.searcher_caches import kept_for

POSTINGS_BUDGET = 4_000_000
"""Postings kept decoded per searcher (12 bytes each, 20 with scores: 80 MB at most)."""


class TermPostings:
    """A term's postings in the whole index, decoded once per searcher: document numbers
    (ascending) and weights."""

    __slots__ = ("docnums", "weights", "_scores")

    def __init__(self, docnums: array[int], weights: array[float]) -> None:
        self.docnums: npt.NDArray[np.int64] = np.frombuffer(docnums, dtype=np.int64)
        self.weights: npt.NDArray[np.float32] = np.frombuffer(weights, dtype=np.float32)
        self._scores: dict[float, npt.NDArray[np.float64]] = {}

    def __len__(self) -> int:
        return len(self.docnums)

    def scores(
        self, factor: float, damping: Sequence[float], lengths: bytes
    ) -> npt.NDArray[np.float64]:
        """Each posting's BM25 score ``factor * w / (w + damping[length])`` (``lengths``:
        every document's length code, see ``field_lengths``), kept for the next keystroke:
        ``factor``, ``damping`` and ``lengths`` only change with the searcher. The same
        operations in the same order as in Python floats, so the same values."""
        found = self._scores.get(factor)
        if found is None:
            codes = np.frombuffer(lengths, dtype=np.uint8)[self.docnums]
            weights = self.weights.astype(np.float64)
            damped = np.asarray(damping, dtype=np.float64)[codes]
            found = factor * weights / (weights + damped)
            self._scores[factor] = found
        return found


def term_postings(searcher: Any, field: str, text: str) -> TermPostings:
    """The term's postings, from the searcher's cache or read a block at a time."""
    cache = kept_for(searcher, "postings", lambda: BudgetCache[TermPostings](POSTINGS_BUDGET))
    found = cache.get((field, text))
    if found is None:
        docnums: array[int] = array("q")
        weights: array[float] = array("f")
        for segment_reader, offset in searcher.reader().leaf_readers():
            if (field, text) in segment_reader:
                compat.read_postings(segment_reader, field, text, offset, docnums, weights)
        found = TermPostings(docnums, weights)
        cache.put((field, text), found)
    return found


def field_lengths(searcher: Any, field: str) -> bytes:
    """Every document's length in ``field`` as Whoosh stores it (one byte each, decoded by
    ``whoosh.util.numeric.byte_to_length``), kept per searcher."""
    cache: dict[str, bytes] = kept_for(searcher, "lengths", dict)
    if field not in cache:
        leaves = searcher.reader().leaf_readers()
        cache[field] = b"".join(compat.length_bytes(reader, field) for reader, _ in leaves)
    return cache[field]
