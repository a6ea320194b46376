"""Training the "For you" rankers, meant to run in a separate process.

Positives are the papers the reader starred, tagged or wrote notes on (for a tag's ranker:
the papers with that tag); negatives are the papers marked "Not interested", weighted up,
and, as weak negatives, a sample of every other paper. A linear SVM with balanced classes
is fitted on TF-IDF rows. A ranker with fewer than ``COLD_START_MIN`` positives is not
trained: the ranking then falls back to similarity with the positives.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from readinglist.core.ranking import features as feats
from readinglist.core.ranking.model import LinearModel, idf_weights, save_model, tfidf
from readinglist.core.ranking.store import MAIN_FILE, RECENT_FILE
from readinglist.domain.files import write_atomically

logger = logging.getLogger(__name__)

COLD_START_MIN = 5  # fewer positives than this: rank by similarity instead
WEAK_NEGATIVES = 20_000  # at most this many "every other paper" rows per ranker
DISMISSED_WEIGHT = 3.0  # an explicit "Not interested" counts more than a weak negative
MAX_TAG_RANKERS = 20  # the most used tags get their own ranker
C = 0.1
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
            "recipe": [feats.FORMAT_VERSION, C, WEAK_NEGATIVES, DISMISSED_WEIGHT],
        }
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


def fit(
    counts: sp.csr_matrix,
    idf: np.ndarray,
    positive_rows: np.ndarray,
    negative_rows: np.ndarray,
    weak_rows: np.ndarray,
    seed: int = 0,
) -> tuple[np.ndarray, float]:
    """Weights and bias of a balanced linear SVM: positives against explicit negatives
    (weighted up) and a sample of the weak negatives. Only those rows are weighted."""
    from sklearn.svm import LinearSVC  # here: loading scikit-learn takes a second

    rng = np.random.default_rng(seed)
    if len(weak_rows) > WEAK_NEGATIVES:
        weak_rows = rng.choice(weak_rows, WEAK_NEGATIVES, replace=False)
    rows = np.concatenate([positive_rows, negative_rows, weak_rows])
    labels = np.concatenate(
        [np.ones(len(positive_rows)), np.zeros(len(negative_rows) + len(weak_rows))]
    )
    weights = np.concatenate(
        [
            np.ones(len(positive_rows)),
            np.full(len(negative_rows), DISMISSED_WEIGHT),
            np.ones(len(weak_rows)),
        ]
    )
    svm = LinearSVC(C=C, class_weight="balanced", tol=1e-4, max_iter=5000, dual=True)
    svm.fit(tfidf(counts[rows], idf), labels, sample_weight=weights)
    return svm.coef_[0].astype(np.float32), float(svm.intercept_[0])


def train_counts(
    counts: sp.csr_matrix, ids: np.ndarray, signals: Signals, keys: list[str]
) -> tuple[np.ndarray, list[LinearModel]]:
    """The idf and one model per key ("" and tags) with enough positives."""
    idf = idf_weights(counts)
    row_of = {pid: row for row, pid in enumerate(ids.tolist())}
    dismissed = np.array(sorted(row_of[p] for p in signals.dismissed if p in row_of), np.int64)
    models = []
    for key in keys:
        positives = signals.positives(key)
        pos = np.array(sorted(row_of[p] for p in positives if p in row_of), np.int64)
        if len(pos) < COLD_START_MIN:
            continue
        neg = np.setdiff1d(dismissed, pos)
        weak = np.setdiff1d(np.arange(len(ids)), np.concatenate([pos, neg]))
        weights, bias = fit(counts, idf, pos, neg, weak)
        models.append(LinearModel(key, weights, bias, idf, len(pos)))
    return idf, models


def train_library(directory: Path, paper_ids: list[int], signals: Signals) -> dict[str, object]:
    """Train every ranker from the feature cache in ``directory`` and write the models
    and ``state.json`` there (the entry point of the training process). Returns the state."""
    started = time.perf_counter()
    store = feats.stack(
        [feats.load(directory / MAIN_FILE), feats.load(directory / RECENT_FILE)], set(paper_ids)
    )
    keys = ["", *signals.tag_keys()]
    idf, models = train_counts(store.matrix, store.ids, signals, keys)
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
        "papers": len(store),
        "seconds": round(time.perf_counter() - started, 3),
    }
    text = json.dumps(state, indent=1)
    write_atomically(directory / STATE_FILE, lambda path: path.write_text(text, "utf-8"))
    for old in directory.glob("*.np[yz]"):
        if old.name.startswith(("model-", "idf-")) and version not in old.name:
            old.unlink(missing_ok=True)
    return state


def _save_array(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as stream:
        np.save(stream, array)
