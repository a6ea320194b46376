"""Reading a term's postings and a field's lengths in bulk.

Whoosh's matchers hand out one posting per Python call; a common word has tens of
thousands of postings, so stepping through them costs 20-50 ms. Its own postings format
keeps them in blocks (ids, weights) and its field lengths in a column of one byte per
document: when those are the structures found, they are read whole; otherwise the
public, one-at-a-time interface is used. Decoded postings are kept per searcher, so the
words already typed cost nothing on the next keystroke. Postings of deleted documents
are included: callers map document numbers to paper ids, where deleted documents have
none (``engine.paper_ids_by_docnum``).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import accumulate, islice
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import length_to_byte

from readinglist.search.budget_cache import BudgetCache

_BLOCK_PARTS = ("_read_ids", "_read_weights", "_next_block", "_ids", "_weights", "_i")
POSTINGS_BUDGET = 4_000_000
"""Postings kept decoded per searcher (12 bytes each, 20 with scores: 80 MB at most)."""


class TermPostings:
    """A term's postings in the whole index, decoded once per searcher: document numbers
    and weights."""

    __slots__ = ("docnums", "weights", "_scores")

    def __init__(self, docnums: array[int], weights: array[float]) -> None:
        self.docnums = docnums
        self.weights = weights
        self._scores: dict[float, array[float]] = {}

    def __len__(self) -> int:
        return len(self.docnums)

    def scores(self, factor: float, damping: Sequence[float], lengths: bytes) -> array[float]:
        """Each posting's BM25 score ``factor * w / (w + damping[length])`` (``lengths``:
        every document's length code, see ``field_lengths``), kept for the next keystroke:
        ``factor``, ``damping`` and ``lengths`` only change with the searcher."""
        found = self._scores.get(factor)
        if found is None:
            found = array(
                "d",
                (
                    factor * weight / (weight + damping[lengths[docnum]])
                    for docnum, weight in zip(self.docnums, self.weights, strict=True)
                ),
            )
            self._scores[factor] = found
        return found


def term_postings(searcher: Any, field: str, text: str) -> TermPostings:
    """The term's postings, from the searcher's cache or read a block at a time."""
    cache = BudgetCache[TermPostings].kept_on(searcher, "_readinglist_postings", POSTINGS_BUDGET)
    found = cache.get((field, text))
    if found is None:
        docnums: array[int] = array("q")
        weights: array[float] = array("f")
        for segment_reader, offset in searcher.reader().leaf_readers():
            if (field, text) in segment_reader:
                _read_into(segment_reader, field, text, offset, docnums, weights)
        found = TermPostings(docnums, weights)
        cache.put((field, text), found)
    return found


def field_lengths(searcher: Any, field: str) -> bytes:
    """Every document's length in ``field`` as Whoosh stores it (one byte each, decoded by
    ``whoosh.util.numeric.byte_to_length``), kept per searcher."""
    cache: dict[str, bytes] = getattr(searcher, "_readinglist_lengths", None) or {}
    searcher._readinglist_lengths = cache
    if field not in cache:
        leaves = searcher.reader().leaf_readers()
        cache[field] = b"".join(length_bytes(reader, field) for reader, _ in leaves)
    return cache[field]


def _read_into(
    segment_reader: Any,
    field: str,
    text: str,
    offset: int,
    docnums: array[int],
    weights: array[float],
) -> None:
    """Append the segment's postings of the term: document numbers (plus ``offset``, the
    segment's first) and weights."""
    matcher = _raw_matcher(segment_reader, field, text)
    if not _has_blocks(matcher):
        while matcher.is_active():
            docnums.append(matcher.id() + offset)
            weights.append(matcher.weight())
            matcher.next()
        return
    stored_as_steps = not getattr(matcher, "_byteids", True) and hasattr(matcher, "_data")
    while matcher.is_active():
        if stored_as_steps and matcher._ids is None and matcher._i == 0:
            if matcher._data is None:
                matcher._read_data()
            # A block stores each id as its step from the previous one (the first from 0).
            docnums.extend(islice(accumulate(matcher._data[0], initial=offset), 1, None))
        else:
            if matcher._ids is None:
                matcher._read_ids()
            docnums.extend(map(offset.__add__, matcher._ids[matcher._i :]))
        if matcher._weights is None:
            matcher._read_weights()
        weights.extend(matcher._weights[matcher._i :])
        matcher._next_block()


def length_bytes(segment_reader: Any, field: str) -> bytes:
    """Every document's length in ``field`` as Whoosh stores it: one byte each, decoded
    by ``whoosh.util.numeric.byte_to_length``."""
    count = segment_reader.doc_count_all()
    per_document = getattr(segment_reader, "_perdoc", None)
    column = None
    if per_document is not None and hasattr(per_document, "_cached_reader"):
        column = per_document._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
    known = ("_dbfile", "_basepos", "_count", "_fixedlen")
    if column is not None and all(hasattr(column, n) for n in known) and column._fixedlen == 1:
        raw = bytes(column._dbfile.get(column._basepos, column._count))
        return raw[:count].ljust(count, b"\0")
    return bytes(
        length_to_byte(segment_reader.doc_field_length(docnum, field, 0) or 0)
        for docnum in range(count)
    )


def _raw_matcher(segment_reader: Any, field: str, text: str) -> Any:
    """The term's matcher without the wrapper that skips deleted documents."""
    matcher = segment_reader.postings(field, text)
    if isinstance(matcher, FilterMatcher) and getattr(matcher, "_exclude", False):
        return matcher.child
    return matcher


def _has_blocks(matcher: Any) -> bool:
    return all(hasattr(matcher, name) for name in _BLOCK_PARTS)
