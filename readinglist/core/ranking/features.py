"""Features of papers for the "For you" ranking: hashed word and word-pair counts of the
title, abstract and authors, kept on disk as a rebuildable cache beside the search index.

Hashing means a new paper never needs a new vocabulary: its features are computed once,
when it first reaches the store (after an import), and appended. The store holds a large
"main" part and a small "recent" part, so adding a digest rewrites only the recent part;
when that grows past ``RECENT_LIMIT`` rows the two are merged.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from readinglist.domain.files import write_atomically

logger = logging.getLogger(__name__)

N_FEATURES = 2**20
FORMAT_VERSION = 1  # bump when the tokens or hashing change: the store is then rebuilt
RECENT_LIMIT = 5_000
CITATION_WORDS = frozenset({"et", "al"})  # "et al." says nothing about a paper's subject


@functools.cache
def _vectorizer() -> Any:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

    return HashingVectorizer(
        n_features=N_FEATURES,
        ngram_range=(1, 2),
        stop_words=sorted(ENGLISH_STOP_WORDS | CITATION_WORDS),
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    )


def paper_text(title: str, abstract: str, authors: Sequence[str]) -> str:
    """The text whose words and word pairs describe a paper."""
    return f"{title}\n{abstract}\n" + ", ".join(authors)


def count_features(texts: Iterable[str]) -> sp.csr_matrix:
    """Rows of hashed word and word-pair counts (float32)."""
    matrix = _vectorizer().transform(texts)
    matrix.indices = matrix.indices.astype(np.int32, copy=False)
    return matrix.tocsr()


def feature_words(text: str) -> dict[int, str]:
    """The hashed column of each word and word pair of ``text``: how reasons are told back
    in words (a hash cannot be reversed, but the paper's own tokens can be hashed again)."""
    from sklearn.utils import murmurhash3_32

    analyze = _vectorizer().build_analyzer()
    return {abs(int(murmurhash3_32(t, seed=0))) % N_FEATURES: t for t in analyze(text)}


def stamp(updated: str) -> int:
    """A paper's ``updated`` time as a 63-bit number (what the store compares)."""
    digest = hashlib.blake2b(f"{FORMAT_VERSION}:{updated}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


@dataclass(slots=True)
class Features:
    """Counts of some papers: row ``n`` of ``matrix`` belongs to ``ids[n]``."""

    ids: np.ndarray  # int64
    stamps: np.ndarray  # int64
    matrix: sp.csr_matrix

    @classmethod
    def empty(cls) -> Features:
        """No papers."""
        matrix = sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), matrix)

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def nbytes(self) -> int:
        """Memory held by the arrays."""
        m = self.matrix
        arrays = (m.data, m.indices, m.indptr, self.ids, self.stamps)
        return int(sum(a.nbytes for a in arrays))

    def rows_of(self, ids: Iterable[int]) -> tuple[np.ndarray, np.ndarray]:
        """(row numbers, the ids found) for those of ``ids`` present here, in that order."""
        wanted = np.asarray(list(ids), dtype=np.int64)
        if not len(self):
            return np.zeros(0, np.int64), wanted[:0]
        order = np.argsort(self.ids, kind="stable")
        sorted_ids = self.ids[order]
        at = np.clip(np.searchsorted(sorted_ids, wanted), 0, len(self) - 1)
        mask = sorted_ids[at] == wanted
        return order[at[mask]], wanted[mask]


def stack(parts: Sequence[Features], keep: set[int] | None = None) -> Features:
    """One ``Features`` of several; a later part's row for an id replaces an earlier one,
    and ids outside ``keep`` (when given) are dropped."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return Features.empty()
    if len(parts) == 1 and _all_kept(parts[0].ids, keep):  # the usual case: no copy
        return parts[0]
    ids = np.concatenate([p.ids for p in parts])
    stamps = np.concatenate([p.stamps for p in parts])
    matrix = sp.vstack([p.matrix for p in parts], format="csr", dtype=np.float32)
    reversed_ids = ids[::-1]
    _, first_from_end = np.unique(reversed_ids, return_index=True)
    rows = np.sort(len(ids) - 1 - first_from_end)
    if keep is not None:
        rows = rows[np.isin(ids[rows], np.fromiter(keep, np.int64, len(keep)))]
    return Features(ids[rows], stamps[rows], _csr32(matrix[rows]))


def _all_kept(ids: np.ndarray, keep: set[int] | None) -> bool:
    if keep is None:
        return True
    return bool(np.isin(ids, np.fromiter(keep, np.int64, len(keep))).all())


def _csr32(matrix: sp.csr_matrix) -> sp.csr_matrix:
    matrix = matrix.tocsr()
    matrix.indices = matrix.indices.astype(np.int32, copy=False)
    matrix.indptr = matrix.indptr.astype(np.int64, copy=False)
    return matrix


def save(features: Features, path: Path) -> None:
    """Write ``features`` to ``path`` atomically."""
    m = features.matrix

    def fill(temporary: Path) -> None:
        with open(temporary, "wb") as stream:
            np.savez(
                stream,
                ids=features.ids,
                stamps=features.stamps,
                data=m.data,
                indices=m.indices,
                indptr=m.indptr,
                version=np.array([FORMAT_VERSION]),
            )

    write_atomically(path, fill)


def load(path: Path) -> Features:
    """The features at ``path``; empty when the file is missing, damaged or outdated
    (the store is a cache: it is computed again)."""
    try:
        with np.load(path) as stored:
            if int(stored["version"][0]) != FORMAT_VERSION:
                return Features.empty()
            ids, stamps = stored["ids"], stored["stamps"]
            matrix = sp.csr_matrix(
                (stored["data"], stored["indices"], stored["indptr"]),
                shape=(len(ids), N_FEATURES),
            )
    except FileNotFoundError:
        return Features.empty()
    except (OSError, ValueError, KeyError) as exc:
        logger.warning("ranking features %s unreadable (%s): computed again", path, exc)
        return Features.empty()
    return Features(ids.astype(np.int64), stamps.astype(np.int64), matrix)
