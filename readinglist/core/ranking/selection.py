"""What a training reads of the feature cache without copying it: which rows of the cached
parts are the library's papers now, their document frequencies, and a few chosen rows.

The cache has a large "main" part and a small "recent" one (see ``features``); a paper may
have an outdated row in main and its current one in recent, and a deleted paper keeps its
rows until main is next rewritten. Stacking the parts copies ~150 MB at 100k papers; the
training needs only the document frequencies and the rows it fits on."""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from readinglist.core.ranking.features import N_FEATURES, Features

_KEEP_COUNTS_FROM = 1_000_000  # stored values: a part this large keeps its column counts
_counted: dict[int, np.ndarray] = {}  # id(indices) -> column counts, while it lives


@dataclass(slots=True)
class LiveRows:
    """The current rows of the library's papers in some cached parts: ``ids`` in the
    order of ``part`` (which part) and ``row`` (which row of it)."""

    ids: np.ndarray  # int64
    part: np.ndarray  # int64
    row: np.ndarray  # int64

    def __len__(self) -> int:
        return int(self.ids.shape[0])


def live_rows(parts: Sequence[Features], keep: set[int]) -> LiveRows:
    """For each id of ``keep`` found in ``parts``, its row in the last part that holds it."""
    ids = np.concatenate([p.ids for p in parts]) if parts else np.zeros(0, np.int64)
    none = np.zeros(0, np.int64)
    part = np.concatenate([np.full(len(p), n, np.int64) for n, p in enumerate(parts)] or [none])
    row = np.concatenate([np.arange(len(p), dtype=np.int64) for p in parts] or [none])
    _, first_from_end = np.unique(ids[::-1], return_index=True)
    chosen = np.sort(len(ids) - 1 - first_from_end)
    chosen = chosen[np.isin(ids[chosen], np.fromiter(keep, np.int64, len(keep)))]
    return LiveRows(ids[chosen], part[chosen].astype(np.int64), row[chosen].astype(np.int64))


def live_document_frequencies(parts: Sequence[Features], live: LiveRows) -> np.ndarray:
    """How many live rows hold each column: every row's count, less the dead rows' (few:
    outdated or deleted papers), so the big part is never copied."""
    df = np.zeros(N_FEATURES, np.float64)
    for number, features in enumerate(parts):
        if not len(features):
            continue
        df += _column_counts(features.matrix.indices)
        alive = np.zeros(len(features), bool)
        alive[live.row[live.part == number]] = True
        dead = np.flatnonzero(~alive)
        if len(dead):
            df -= np.bincount(features.matrix[dead].indices, minlength=N_FEATURES)
    return df.astype(np.float32)


def _column_counts(indices: np.ndarray) -> np.ndarray:
    """How many stored values each column has; kept for a large part while it lives (the
    main part changes rarely, and counting its ~17M values at 100k papers takes most of a
    second)."""
    key = id(indices)
    counted = _counted.get(key)
    if counted is None:
        counted = np.bincount(indices, minlength=N_FEATURES)
        if len(indices) >= _KEEP_COUNTS_FROM:
            _counted[key] = counted
            weakref.finalize(indices, _counted.pop, key, None)
    return counted


def gather(parts: Sequence[Features], live: LiveRows, positions: np.ndarray) -> sp.csr_matrix:
    """The counts of the live rows at ``positions`` (indexes into ``live``), in that order."""
    pieces, order = [], []
    for number, features in enumerate(parts):
        mine = np.flatnonzero(live.part[positions] == number)
        if len(mine):
            pieces.append(features.matrix[live.row[positions[mine]]])
            order.append(mine)
    if not pieces:
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
    stacked = sp.vstack(pieces, format="csr", dtype=np.float32)
    inverse = np.empty(len(positions), np.int64)
    inverse[np.concatenate(order)] = np.arange(len(positions))
    return stacked[inverse].tocsr()
