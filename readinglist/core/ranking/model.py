"""A trained "For you" model: TF-IDF weighting (the idf of the library it was trained on)
and the linear classifier's weights, with how to score papers and which words raised a
paper's score."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from readinglist.core.ranking.features import N_FEATURES, feature_words
from readinglist.domain.files import write_atomically

MIN_DF = 5  # a word or pair in fewer papers than this says nothing general...
MAX_DF_SHARE = 0.1  # ...nor one in more than this share of them (as arxiv-sanity does)
FILTER_MIN_PAPERS = 1_000  # smaller libraries keep every column (too few papers to tell)
GRID = np.linspace(0.0, 1.0, 101, dtype=np.float32)  # the percentiles a model keeps
SQUASH_SHARE = 0.02  # of a score: keeps the order among papers past the last percentile


def document_frequencies(counts: sp.csr_matrix) -> np.ndarray:
    """How many rows hold each column."""
    return np.bincount(counts.indices, minlength=N_FEATURES).astype(np.float32)


def idf_weights(df: np.ndarray, n: int) -> np.ndarray:
    """Smoothed inverse document frequency of every column of ``n`` papers with document
    frequencies ``df``; in a library of ``FILTER_MIN_PAPERS`` or more, columns rarer than
    ``MIN_DF`` or commoner than ``MAX_DF_SHARE`` weigh nothing."""
    idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
    if n >= FILTER_MIN_PAPERS:
        idf[(df < MIN_DF) | (df > MAX_DF_SHARE * n)] = 0.0
    return idf


def tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear term frequency times idf, each row scaled to unit length."""
    from sklearn.preprocessing import normalize  # here: loading scikit-learn takes a second

    x = counts.astype(np.float32, copy=True)
    x.data = (1.0 + np.log(x.data)) * idf[x.indices]
    x.eliminate_zeros()
    return normalize(x, copy=False)


def linear_decisions(
    counts: sp.csr_matrix, idf: np.ndarray, weights: np.ndarray, bias: float
) -> np.ndarray:
    """``tfidf(counts, idf) @ weights + bias`` without building the TF-IDF matrix: one
    array of weighted values over the counts' own indices, no copy of the counts (at
    100k papers the copies and the normalizing took most of a full rescore)."""
    values = np.log(counts.data, dtype=np.float32)
    values += 1.0
    values *= idf[counts.indices]
    shape = counts.shape
    dots = sp.csr_matrix((values, counts.indices, counts.indptr), shape=shape) @ weights
    values *= values
    ones = np.ones(shape[1], np.float32)
    norms = np.sqrt(sp.csr_matrix((values, counts.indices, counts.indptr), shape=shape) @ ones)
    return np.asarray(dots / np.where(norms > 0, norms, 1.0) + bias, np.float32)


def percentiles(decisions: np.ndarray) -> np.ndarray:
    """The decision values at each percentile of ``GRID`` (what a score is measured
    against: the papers the model was trained on, most of them a random sample of the
    library)."""
    if not len(decisions):
        return np.zeros(0, np.float32)
    found: np.ndarray = np.quantile(decisions, GRID).astype(np.float32)
    return found


@dataclass(slots=True)
class LinearModel:
    """One ranker: the whole library's ("") or one tag's. A score is mostly the share of
    the library's papers (as sampled at training) the paper ranks above, so
    ``score:>0.9`` means about the top tenth; a sliver of the decision value squashed
    keeps the order strict beyond the best paper trained on."""

    key: str
    weights: np.ndarray  # float32, N_FEATURES
    bias: float
    idf: np.ndarray  # float32, N_FEATURES
    positives: int
    quantiles: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))

    def scores(self, counts: sp.csr_matrix) -> np.ndarray:
        """Each row's score in [0, 1] (the higher, the better for the reader)."""
        decisions = self.decisions(counts).astype(np.float64)
        squashed = 1.0 / (1.0 + np.exp(-2.0 * decisions))
        if not len(self.quantiles):
            return squashed
        share = np.interp(decisions, self.quantiles, GRID)
        return (1.0 - SQUASH_SHARE) * share + SQUASH_SHARE * squashed

    def decisions(self, counts: sp.csr_matrix) -> np.ndarray:
        """The classifier's decision value of each row of counts."""
        if counts.shape[0] == 0:
            return np.zeros(0, np.float32)
        return linear_decisions(counts, self.idf, self.weights, self.bias)

    def reasons(self, counts_row: sp.csr_matrix, text: str, n: int = 5) -> list[str]:
        """The words and word pairs of one paper that raised its score most."""
        x = tfidf(counts_row, self.idf)
        contributions = x.data * self.weights[x.indices]
        words = feature_words(text)
        chosen: list[str] = []
        for at in np.argsort(-contributions):
            if contributions[at] <= 0 or len(chosen) >= n:
                break
            word = words.get(int(x.indices[at]))
            if word and not any(word in c.split() or c in word.split() for c in chosen):
                chosen.append(word)
        return chosen


def save_model(model: LinearModel, path: Path) -> None:
    """Write the model (its non-zero weights) atomically."""
    nonzero = np.flatnonzero(model.weights).astype(np.int32)

    def fill(temporary: Path) -> None:
        with open(temporary, "wb") as stream:
            np.savez(
                stream,
                key=np.array([model.key]),
                columns=nonzero,
                values=model.weights[nonzero],
                bias=np.array([model.bias]),
                positives=np.array([model.positives]),
                quantiles=model.quantiles,
            )

    write_atomically(path, fill)


def load_model(path: Path, idf: np.ndarray) -> LinearModel:
    """A model written by :func:`save_model` (raises OSError/ValueError/KeyError)."""
    with np.load(path) as stored:
        weights = np.zeros(N_FEATURES, np.float32)
        weights[stored["columns"]] = stored["values"]
        return LinearModel(
            key=str(stored["key"][0]),
            weights=weights,
            bias=float(stored["bias"][0]),
            idf=idf,
            positives=int(stored["positives"][0]),
            quantiles=stored["quantiles"] if "quantiles" in stored else np.zeros(0, np.float32),
        )
