"""Each document's paper id, read from the index's ``id`` column a segment at a time and
kept per segment.

A searcher needs the paper id of every document number (``engine.paper_id_array``). Read
through Whoosh's column reader that is one Python call per document: 100,000 ids took
0.3-0.5 s, and it was read again by the first search after every write, though a write
only adds a segment (a digest's 114 papers) or marks documents of older ones deleted.
Segments never change otherwise, so their ids are kept here by segment, and a searcher
opened after a write reads just the new segment's; deletions are applied afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import numpy as np
import numpy.typing as npt

Ids = npt.NDArray[np.int64]
KEPT_SEGMENTS = 64  # a 100k index has about 10 segments; overlays come and go
_KEPT: OrderedDict[tuple[str, str, int], Ids] = OrderedDict()
_LOCK = threading.Lock()


def paper_ids(reader: Any) -> Ids:
    """The paper id of each document number of ``reader`` (-1 for a deleted document)."""
    parts = [_with_deletions(leaf, _segment_ids(leaf)) for leaf, _ in reader.leaf_readers()]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _segment_ids(leaf: Any) -> Ids:
    """The ids of one segment's documents, deleted ones included (read once; never
    written to: the same array serves every searcher of the segment)."""
    folder = getattr(leaf.storage(), "folder", None)
    if not isinstance(folder, str):  # in memory (an overlay: a few hundred at most)
        return _read(leaf)
    # The folder too: a segment's id is random, but a test may seed the random numbers.
    key = (folder, str(leaf.segment().segid), leaf.doc_count_all())
    with _LOCK:
        found = _KEPT.get(key)
        if found is not None:
            _KEPT.move_to_end(key)
            return found
    ids = _read(leaf)
    with _LOCK:
        _KEPT[key] = ids
        while len(_KEPT) > KEPT_SEGMENTS:
            _KEPT.popitem(last=False)
    return ids


def _read(leaf: Any) -> Ids:
    """The segment's ids from its column (read-only: the array may be shared)."""
    count = leaf.doc_count_all()
    ids: Ids = np.zeros(0, dtype=np.int64)
    if count:
        column = (int(value) for value in leaf.column_reader("id"))
        ids = np.fromiter(column, dtype=np.int64, count=count)
    ids.flags.writeable = False
    return ids


def _with_deletions(leaf: Any, ids: Ids) -> Ids:
    """``ids`` with the segment's deleted documents set to -1 (a copy when there are any)."""
    if not leaf.has_deletions():
        return ids
    deleted = getattr(leaf, "deleted_docs_set", None)
    if deleted is None:  # another reader: ask document by document
        deleted = [n for n in range(leaf.doc_count_all()) if leaf.is_deleted(n)]
    marked = ids.copy()
    marked[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = -1
    return marked
