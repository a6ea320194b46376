"""Quality and speed of the "For you" ranking (issue 18).

    .venv/bin/python benchmarks/ranking_bench.py [--categories 12] [--seeds 5] [--no-bm25]
        [--cache DIR]  (where the BM25 library of the quality part is built once)

Quality, on the 25,871 real arXiv papers of shared/datasets: for each category and seed a
simulated reader stars k = 5, 20, 50 papers listing the category and dismisses 10 papers of
other categories; then a held-out "new digest" of 114 mixed papers (20 of the category, 94
others, none seen before) is ranked. A paper is relevant when it lists the category
(arXiv alias pairs as one label). Printed: precision@10, precision@20 and average
precision, for ours (``core.ranking``), arxiv-sanity's recipe re-implemented here (TF-IDF
of words and word pairs with its settings, LinearSVC C=0.01 with balanced classes, the
starred papers against all others), BM25 more-like-this (our cold start, on the search
index) and random.

Speed at ~100k papers (the real papers repeated 4 times): retraining from the feature
cache on disk (in this process, and in a spawned process as the window does), ranking a
new 114-paper digest right after its import, and the memory of the features.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from readinglist.core.library import Library  # noqa: E402
from readinglist.core.ranking import features as feats  # noqa: E402
from readinglist.core.ranking.model import LinearModel  # noqa: E402
from readinglist.core.ranking.store import MAIN_FILE  # noqa: E402
from readinglist.core.ranking.training import Signals, train_counts, train_library  # noqa: E402
from readinglist.domain.entities import PaperRecord  # noqa: E402
from readinglist.search.schema import SCHEMA_VERSION as SEARCH_SCHEMA_VERSION  # noqa: E402
from readinglist.storage.migrations import LATEST_VERSION  # noqa: E402

DATASET = Path(__file__).resolve().parents[2] / "shared/datasets/arxiv_sample_2014_2019.jsonl.gz"
CATEGORIES = [  # the README's well separated ("clean") strata
    "cs.CL",
    "cs.CR",
    "cs.RO",
    "cs.SE",
    "cs.NI",
    "cs.DC",
    "stat.ME",
    "stat.AP",
    "eess.SP",
    "math.NA",
    "physics.flu-dyn",
    "cs.LO",
]
ALIASES = {
    "stat.TH": "math.ST",
    "cs.IT": "math.IT",
    "math-ph": "math.MP",
    "cs.NA": "math.NA",
    "eess.SY": "cs.SY",
    "econ.GN": "q-fin.EC",
}
KS = (5, 20, 50)
DIGEST_RELEVANT, DIGEST_SIZE, DISMISSED = 20, 114, 10
METHODS = ("ours", "arxiv-sanity", "bm25-mlt", "random")


def load() -> tuple[list[dict[str, object]], list[set[str]], list[str]]:
    with gzip.open(DATASET, "rt", encoding="utf-8") as lines:
        papers = [json.loads(line) for line in lines]
    labels = [{ALIASES.get(c, c) for c in p["categories"]} for p in papers]  # type: ignore[attr-defined]
    texts = [feats.paper_text(p["title"], p["abstract"], p["authors"]) for p in papers]  # type: ignore[arg-type]
    return papers, labels, texts


def precision(ranked: list[int], relevant: set[int], n: int) -> float:
    return sum(r in relevant for r in ranked[:n]) / n


def average_precision(ranked: list[int], relevant: set[int]) -> float:
    hits, total = 0, 0.0
    for at, r in enumerate(ranked, 1):
        if r in relevant:
            hits += 1
            total += hits / at
    return total / max(len(relevant), 1)


class ArxivSanity:
    """arxiv-sanity-lite's recipe, written again from its description: one TF-IDF over the
    whole collection, a LinearSVC of the tagged papers against every other paper."""

    def __init__(self, texts: list[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(
            strip_accents="unicode",
            lowercase=True,
            analyzer="word",
            stop_words="english",
            token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b",
            ngram_range=(1, 2),
            max_features=20_000,
            norm="l2",
            use_idf=True,
            smooth_idf=True,
            sublinear_tf=True,
            max_df=0.1,
            min_df=5,
        )
        self.x = vectorizer.fit_transform(texts).astype(np.float32)

    def rank(self, starred: list[int], digest: list[int]) -> list[int]:
        from sklearn.svm import LinearSVC

        y = np.zeros(self.x.shape[0])
        y[starred] = 1
        svm = LinearSVC(class_weight="balanced", max_iter=10_000, tol=1e-6, C=0.01)
        svm.fit(self.x, y)
        scores = svm.decision_function(self.x[digest])
        return [digest[i] for i in np.argsort(-scores, kind="stable")]


def ours(
    counts, starred: list[int], dismissed: list[int], library: np.ndarray, digest: list[int]
) -> list[int]:  # type: ignore[no-untyped-def]  # noqa: E501
    """Train on the library (the digest not yet seen), then score the new digest."""
    ids = np.arange(counts.shape[0])[library]
    signals = Signals(liked=set(starred), dismissed=set(dismissed))
    _, models = train_counts(counts[library], ids, signals, [""])
    scores = models[0].decisions(counts[digest])
    return [digest[i] for i in np.argsort(-scores, kind="stable")]


def quality(args: argparse.Namespace) -> None:
    papers, labels, texts = load()
    started = time.perf_counter()
    counts = feats.count_features(texts)
    print(f"features of {len(texts)} papers: {time.perf_counter() - started:.1f} s")
    sanity = ArxivSanity(texts)
    bm25 = _bm25_library(papers, args.cache) if not args.no_bm25 else None
    results: dict[tuple[str, int], list[tuple[float, float, float]]] = {}
    everyone = np.arange(len(papers))
    for category in CATEGORIES[: args.categories]:
        relevant_all = [i for i, lab in enumerate(labels) if category in lab]
        others = [i for i, lab in enumerate(labels) if category not in lab]
        for seed in range(args.seeds):
            rng = np.random.default_rng(seed)
            rel = rng.permutation(relevant_all)
            digest = [
                *rel[:DIGEST_RELEVANT].tolist(),
                *rng.choice(others, DIGEST_SIZE - DIGEST_RELEVANT, replace=False).tolist(),
            ]
            rng.shuffle(digest)
            in_digest = np.zeros(len(papers), bool)
            in_digest[digest] = True
            candidates = [i for i in others if not in_digest[i]]
            dismissed = rng.choice(candidates, DISMISSED, replace=False).tolist()
            relevant = set(rel[:DIGEST_RELEVANT].tolist())
            for k in KS:
                starred = rel[DIGEST_RELEVANT : DIGEST_RELEVANT + k].tolist()
                ranked = {
                    "ours": ours(counts, starred, dismissed, everyone[~in_digest], digest),
                    "arxiv-sanity": sanity.rank(starred, digest),
                    "random": rng.permutation(digest).tolist(),
                }
                if bm25 is not None:
                    ranked["bm25-mlt"] = bm25(starred, digest)
                for method, order in ranked.items():
                    results.setdefault((method, k), []).append(
                        (
                            precision(order, relevant, 10),
                            precision(order, relevant, 20),
                            average_precision(order, relevant),
                        )
                    )
        print(f"  {category} done ({time.perf_counter() - started:.0f} s)", flush=True)
    runs = args.categories * args.seeds
    print(
        f"\nquality: {args.categories} categories x {args.seeds} seeds = {runs} readers per k;"
        f" digest of {DIGEST_SIZE} with {DIGEST_RELEVANT} relevant; {DISMISSED} dismissed"
    )
    print(f"{'method':<14}{'k':>4}{'P@10':>8}{'P@20':>8}{'AP':>8}")
    for k in KS:
        for method in METHODS:
            rows = results.get((method, k))
            if rows:
                p10, p20, ap = (statistics.mean(r[i] for r in rows) for i in range(3))
                print(f"{method:<14}{k:>4}{p10:>8.3f}{p20:>8.3f}{ap:>8.3f}")


def _bm25_library(papers, cache: Path):  # type: ignore[no-untyped-def]
    """A library of every paper with its search index (built once under ``cache``), and
    BM25 more-like-this ranking (the cold start of ``core.ranking``) of a digest by
    similarity to the starred."""
    started = time.perf_counter()
    folder = cache / f"bm25-{len(papers)}-schema{LATEST_VERSION}-index{SEARCH_SCHEMA_VERSION}"
    if not (folder / "built").exists():
        shutil.rmtree(folder, ignore_errors=True)
        with Library.open(folder) as building:
            records = [_record(p) for p in papers]
            for start in range(0, len(records), 5_000):
                building.import_records(records[start : start + 5_000], f"part {start}")
            building.reindex()
        (folder / "built").touch()
    library = Library.open(folder)
    id_of = {p.arxiv_id: p.id for p in library.papers()}
    pid = [id_of[str(p["arxiv_id"])] for p in papers]
    back = {v: i for i, v in enumerate(pid)}
    print(f"BM25 library of {len(papers)} papers indexed: {time.perf_counter() - started:.0f} s")

    def rank(starred: list[int], digest: list[int]) -> list[int]:
        scores = library.ranking._similarity({pid[i] for i in starred}, [pid[i] for i in digest])
        order = sorted(digest, key=lambda i: (-scores.get(pid[i], 0.0), i))
        return [back[pid[i]] for i in order]

    return rank


def _record(p: dict[str, object]) -> PaperRecord:
    return PaperRecord(
        title=str(p["title"]),
        abstract=str(p["abstract"]),
        authors=list(p["authors"]),
        arxiv_id=str(p["arxiv_id"]),  # type: ignore[call-overload]
        published=str(p["published"]),
    )


def speed(args: argparse.Namespace) -> None:
    papers, _, texts = load()
    base = feats.count_features(texts)
    copies = 4
    import scipy.sparse as sp

    matrix = sp.vstack([base] * copies, format="csr")
    matrix.indices = matrix.indices.astype(np.int32)
    n = matrix.shape[0]
    store = feats.Features(np.arange(1, n + 1, dtype=np.int64), np.zeros(n, np.int64), matrix)
    print(f"\nspeed at {n} papers ({len(papers)} real papers x {copies})")
    print(
        f"features in memory: {store.nbytes() / 2**20:.0f} MB "
        f"({matrix.nnz / n:.0f} non-zero columns per paper)"
    )
    rng = np.random.default_rng(1)
    signals = Signals(
        liked=set(rng.choice(n, 50, replace=False).tolist()),
        tagged={"t": set(rng.choice(n, 30, replace=False).tolist())},
        dismissed=set(rng.choice(n, 10, replace=False).tolist()),
    )
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        feats.save(store, folder / MAIN_FILE)
        ids = store.ids.tolist()
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            state = train_library(folder, ids, signals)
            timings.append(time.perf_counter() - started)
        print(
            f"retrain (load features, idf, 2 rankers, write), in process: "
            f"{', '.join(f'{t:.2f}' for t in timings)} s (state says {state['seconds']} s)"
        )
        started = time.perf_counter()
        with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
            pool.submit(train_library, folder, ids, signals).result()
        print(
            f"retrain in a spawned process (as the window does), wall: "
            f"{time.perf_counter() - started:.2f} s"
        )
    started = time.perf_counter()
    _, models = train_counts(store.matrix, store.ids, signals, [""])
    print(
        f"retrain of the whole-library ranker alone (features in memory): "
        f"{time.perf_counter() - started:.2f} s"
    )
    model: LinearModel = models[0]
    digest = texts[:114]
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        fresh = feats.count_features(digest)  # what an import computes
        scores = [float(s) for s in model.scores(fresh)]
        order = np.argsort(-np.asarray(scores))
        timings.append((time.perf_counter() - started) * 1000)
    assert len(order) == 114
    print(
        f"ranking a new 114-paper digest (features + scores + order): "
        f"median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--categories", type=int, default=12)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--no-bm25", action="store_true")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "rl-bench-ranking"
    )
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--quality-only", action="store_true")
    args = parser.parse_args()
    if not args.speed_only:
        quality(args)
    if not args.quality_only:
        speed(args)


if __name__ == "__main__":
    main()
