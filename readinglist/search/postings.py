"""Reading a term's postings and a field's lengths in bulk.

Whoosh's matchers hand out one posting per Python call; a common word has tens of
thousands of postings, so stepping through them costs 20-50 ms. Its own postings format
keeps them in blocks (ids, weights) and its field lengths in a column of one byte per
document: when those are the structures found, they are read whole; otherwise the
public, one-at-a-time interface is used. Postings of deleted documents are included:
callers map document numbers to paper ids, where deleted documents have none.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import length_to_byte

_BLOCK_PARTS = ("_read_ids", "_read_weights", "_next_block", "_ids", "_weights", "_i")


def document_numbers(segment_reader: Any, field: str, text: str) -> Iterable[int]:
    """The segment's document numbers holding the term."""
    matcher = _raw_matcher(segment_reader, field, text)
    if not _has_blocks(matcher):
        return list(matcher.all_ids())
    found: list[int] = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        found.extend(matcher._ids[matcher._i :])
        matcher._next_block()
    return found


def weights(segment_reader: Any, field: str, text: str) -> Iterable[tuple[int, float]]:
    """(document number, weight) of each of the segment's postings of the term."""
    matcher = _raw_matcher(segment_reader, field, text)
    if not _has_blocks(matcher):
        return [(docnum, matcher.weight()) for docnum in matcher.all_ids()]
    found: list[tuple[int, float]] = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if matcher._weights is None:
            matcher._read_weights()
        start = matcher._i
        found.extend(zip(matcher._ids[start:], matcher._weights[start:], strict=False))
        matcher._next_block()
    return found


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
