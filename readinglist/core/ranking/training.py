"""Training the "For you" rankers, meant to run in a separate process.

Positives are the papers the reader starred, tagged or wrote notes on (for a tag's ranker:
the papers with that tag); negatives are the papers marked "Not interested", weighted up,
and, as weak negatives, a sample of every other paper. A linear SVM with balanced classes
is fitted on TF-IDF rows (words and pairs in too few or too many papers left out). A
ranker with fewer than ``COLD_START_MIN`` positives is not trained: the ranking then
falls back to similarity with the positives.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from readinglist.core.ranking import features as feats
from readinglist.core.ranking.model import (
    MAX_DF_SHARE,
    MIN_DF,
    LinearModel,
    document_frequencies,
    idf_weights,
    percentiles,
    save_model,
    tfidf,
)
from readinglist.core.ranking.selection import gather, live_document_frequencies, live_rows
from readinglist.core.ranking.store import MAIN_FILE, RECENT_FILE
from readinglist.domain.files import write_atomically

logger = logging.getLogger(__name__)

COLD_START_MIN = 5  # fewer positives than this: rank by similarity instead
WEAK_NEGATIVES = 10_000  # at most this many "every other paper" rows (shared by the rankers)
DISMISSED_WEIGHT = 3.0  # an explicit "Not interested" counts more than a weak negative
MAX_TAG_RANKERS = 20  # the most used tags get their own ranker
C = 0.01  # as arxiv-sanity: measured best in benchmarks/ranking_bench.py
IDF_FILE = "idf.npy"
STATE_FILE = "state.json"


@dataclass(slots=True)
class Signals:
    """What the reader told the library, as paper ids."""

    liked: set[int] = field(default_factory=set)  # starred or with notes
    tagged: dict[str, set[int]] = field(default_factory=dict)
    dismissed: set[int] = field(default_factory=set)

    def positives(self, tag: str = "") -> set[int]:
        """The positives of the whole library's ranker ("") or of a tag's."""
        if tag:
            return self.tagged.get(tag, set()) - self.dismissed
        return (self.liked | set().union(*self.tagged.values())) - self.dismissed

    def tag_keys(self) -> list[str]:
        """The tags that get a ranker of their own (enough papers, most used first)."""
        usable = [t for t in self.tagged if len(self.positives(t)) >= COLD_START_MIN]
        return sorted(usable, key=lambda t: (-len(self.tagged[t]), t))[:MAX_TAG_RANKERS]

    def fingerprint(self) -> str:
        """Changes whenever a signal does (when it is unchanged, no retraining)."""
        parts = {
            "liked": sorted(self.liked),
            "dismissed": sorted(self.dismissed),
            "tagged": {t: sorted(ids) for t, ids in sorted(self.tagged.items())},
            "recipe": [feats.FORMAT_VERSION, C, WEAK_NEGATIVES, DISMISSED_WEIGHT]
            + [MIN_DF, MAX_DF_SHARE, "percentile-scores"],
        }
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


def training_sample(
    ids: np.ndarray, signals: Signals, keys: list[str], seed: int = 0
) -> np.ndarray:
    """Positions in ``ids`` to train on: every positive of every ranker, every dismissed
    paper, and at most ``WEAK_NEGATIVES`` others drawn at random (the weak negatives), in
    increasing order. The rankers share this sample."""
    position = {pid: at for at, pid in enumerate(ids.tolist())}
    marked = set(signals.dismissed).union(*(signals.positives(key) for key in keys))
    needed = np.array(sorted(position[p] for p in marked if p in position), np.int64)
    others = np.setdiff1d(np.arange(len(ids)), needed)
    if len(others) > WEAK_NEGATIVES:
        others = np.random.default_rng(seed).choice(others, WEAK_NEGATIVES, replace=False)
    return np.sort(np.concatenate([needed, others]))


def fit(x: sp.csr_matrix, labels: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, float]:
    """Weights and bias of a linear SVM with balanced classes on TF-IDF rows ``x``."""
    from sklearn.svm import LinearSVC  # here: loading scikit-learn takes a second

    svm = LinearSVC(C=C, class_weight="balanced", tol=1e-3, max_iter=5000, dual=True)
    svm.fit(x, labels, sample_weight=weights)
    return svm.coef_[0].astype(np.float32), float(svm.intercept_[0])


def train_sample(
    counts: sp.csr_matrix,
    ids: np.ndarray,
    idf: np.ndarray,
    signals: Signals,
    keys: list[str],
) -> list[LinearModel]:
    """One model per key ("" and tags) with enough positives, fitted on the sample rows
    ``counts`` of papers ``ids``: positives against the dismissed (weighted up) and the
    other rows (weak negatives)."""
    x = tfidf(counts, idf)
    dismissed = np.isin(ids, np.fromiter(signals.dismissed, np.int64, len(signals.dismissed)))
    models = []
    for key in keys:
        positives = signals.positives(key)
        is_positive = np.isin(ids, np.fromiter(positives, np.int64, len(positives)))
        if int(is_positive.sum()) < COLD_START_MIN:
            continue
        weights = np.where(dismissed & ~is_positive, DISMISSED_WEIGHT, 1.0)
        coef, bias = fit(x, is_positive.astype(np.float64), weights)
        scale = percentiles(np.asarray(x @ coef + bias, np.float32))
        models.append(LinearModel(key, coef, bias, idf, int(is_positive.sum()), scale))
    return models


def train_counts(
    counts: sp.csr_matrix, ids: np.ndarray, signals: Signals, keys: list[str]
) -> tuple[np.ndarray, list[LinearModel]]:
    """The idf of a whole library's counts and its models (see :func:`train_sample`)."""
    idf = idf_weights(document_frequencies(counts), counts.shape[0])
    sample = training_sample(ids, signals, keys)
    return idf, train_sample(counts[sample], ids[sample], idf, signals, keys)


def train_library(
    directory: Path,
    paper_ids: list[int],
    signals: Signals,
    parts: Sequence[feats.Features] | None = None,
) -> dict[str, object]:
    """Train every ranker from the feature cache in ``directory`` (or its ``parts``
    already in memory) and write the models and ``state.json`` there (the entry point
    of the training process). Returns the state.
    Killed at any moment, it leaves the previous models in use (``state.json`` is written
    last and atomically; the files it no longer names are removed after it)."""
    started = time.perf_counter()
    if parts is None:
        parts = [feats.load(directory / MAIN_FILE), feats.load(directory / RECENT_FILE)]
    live = live_rows(parts, set(paper_ids))
    idf = idf_weights(live_document_frequencies(parts, live), len(live))
    keys = ["", *signals.tag_keys()]
    sample = training_sample(live.ids, signals, keys)
    models = train_sample(gather(parts, live, sample), live.ids[sample], idf, signals, keys)
    version = f"{signals.fingerprint()}-{int(time.time() * 1000)}"
    files: dict[str, str] = {}
    write_atomically(directory / f"idf-{version}.npy", lambda path: _save_array(path, idf))
    for number, model in enumerate(models):
        name = f"model-{version}-{number}.npz"
        save_model(model, directory / name)
        files[model.key] = name
    state: dict[str, object] = {
        "version": version,
        "fingerprint": signals.fingerprint(),
        "idf": f"idf-{version}.npy",
        "models": files,
        "papers": len(live),
        "seconds": round(time.perf_counter() - started, 3),
    }
    text = json.dumps(state, indent=1)

    def write_state(path: Path) -> None:
        path.write_text(text, "utf-8")

    write_atomically(directory / STATE_FILE, write_state)
    for old in directory.glob("*.np[yz]"):
        if old.name.startswith(("model-", "idf-")) and version not in old.name:
            old.unlink(missing_ok=True)
    return state


def _save_array(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as stream:
        np.save(stream, array)
