"""The "For you" ranking of one library: signals read from the database, training in a
separate process when they changed, scores cached per paper with the model's version,
reasons in words, and the cold start (too few positives: similarity to them by the
search's BM25 "more like this")."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from readinglist.core.ranking import features as feats
from readinglist.core.ranking.model import LinearModel, load_model
from readinglist.core.ranking.placement import is_computed_elsewhere
from readinglist.core.ranking.process import train_in_process
from readinglist.core.ranking.score_cache import ScoreCache, score_rows
from readinglist.core.ranking.store import FeatureStore
from readinglist.core.ranking.training import (
    COLD_START_MIN,
    STATE_FILE,
    Signals,
    train_library,
)
from readinglist.storage import ranking_signals
from readinglist.storage.db import Database

logger = logging.getLogger(__name__)

SimilarFunction = Callable[[int, int], list[tuple[int, float]]]
_SIMILAR_POOL = 1_000  # neighbours asked for per positive on a cold start
IMPORT_FEATURES_LIMIT = 2_000  # a larger import's features are computed in the background
LEARNED, SIMILAR, NONE = "learned", "similar", "none"


@dataclass(slots=True)
class Ranking:
    """Papers best first with a score in [0, 1]; ``mode`` says how they were ranked:
    ``learned`` (the trained model), ``similar`` (cold start: like the positives) or
    ``none`` (no positives yet: the order given is kept)."""

    mode: str
    scores: list[tuple[int, float]]
    positives: int
    model_version: str = ""
    stale: bool = False  # signals changed since the model was trained

    def explain(self) -> str:
        """One sentence for the reader about how this ranking was made."""
        if self.mode == LEARNED:
            note = " (retraining for your latest marks)" if self.stale else ""
            return f"Ranked by a model of your {self.positives} starred/tagged papers{note}."
        if self.mode == SIMILAR:
            return (
                f"Few signals yet ({self.positives} of {COLD_START_MIN} needed to learn): "
                "ranked by similarity to the papers you starred or tagged."
            )
        return "Star, tag or dismiss papers to get a ranking for you."


@dataclass(slots=True)
class _Loaded:
    version: str
    fingerprint: str
    models: dict[str, LinearModel]
    cache: dict[str, dict[int, float]] = field(default_factory=dict)  # key -> id -> score


class Ranker:
    """Ranks papers for the reader; see the module docstring."""

    def __init__(self, db: Database, directory: Path, similar: SimilarFunction) -> None:
        self._db = db
        self.directory = directory
        self._similar = similar
        self.features = FeatureStore(db, directory)
        self.scores = ScoreCache(db)
        self._loaded: _Loaded | None = None
        self.training = threading.Event()  # set while a training runs

    # ----------------------------------------------------------------- training

    def signals(self) -> Signals:
        """The reader's marks as they are now."""
        with self._db.snapshot() as conn:
            return Signals(
                liked=ranking_signals.liked_ids(conn),
                tagged=ranking_signals.tagged_ids(conn),
                dismissed=ranking_signals.dismissed_ids(conn),
            )

    @property
    def database_path(self) -> Path:
        """The library database file (what a training process opens)."""
        return self._db.path

    def current_version(self) -> str | None:
        """The version of the model in use (None: no library-wide model)."""
        loaded = self._load()
        return loaded.version if loaded is not None and "" in loaded.models else None

    def forget_model(self) -> None:
        """Read the model from disk again on next use (another process trained one)."""
        self._loaded = None

    def needs_training(self) -> bool:
        """True when the signals changed since the model was trained."""
        loaded = self._load()
        return loaded is None or loaded.fingerprint != self.signals().fingerprint()

    def retrain(
        self,
        *,
        in_process: bool = False,
        force: bool = False,
        cancel: threading.Event | None = None,
    ) -> bool:
        """Bring the features up to date and, when the signals changed (or ``force``),
        train the rankers in a separate process (``in_process``: here). Returns True when
        a new model was trained; False also when ``cancel`` was set meanwhile (the
        process is stopped, the previous model stays). Never call it on a GUI thread."""
        paper_ids = self.features.refresh().ids.tolist()
        self.features.flush()  # the training reads the parts from disk
        signals = self.signals()
        loaded = self._load()
        if not force and loaded is not None and loaded.fingerprint == signals.fingerprint():
            return False
        self.directory.mkdir(parents=True, exist_ok=True)
        if len(signals.positives()) < COLD_START_MIN and not signals.tag_keys():
            in_process = True  # nothing to fit: only the state is written, no process needed
        self.training.set()
        try:
            if in_process:  # from the parts in memory: not read from disk again
                train_library(self.directory, paper_ids, signals, self.features.parts())
            elif not train_in_process(self.directory, paper_ids, signals, cancel):
                return False
        finally:
            self.training.clear()
        self._loaded = None
        return True

    def note_import(self, digest_id: int | None) -> None:
        """Compute the features and scores of an imported digest's papers (a large one is
        left to the next refresh, in the background), unless the import runs inside
        ``placement.computed_elsewhere`` (the window's: its ranking process does it).
        Never fails the import: this is a cache."""
        if digest_id is None or self._db.read_only or is_computed_elsewhere():
            return
        try:
            self.score_digests([digest_id])
        except Exception:
            logger.exception("ranking features of digest %s not computed", digest_id)

    def score_digests(
        self, digest_ids: Sequence[int], *, write_later: bool = False
    ) -> dict[int, float]:
        """Features of these digests' papers into the store (``write_later``: written to
        disk by a thread of the store's) and their scores (current model) into the
        library; returns the scores (empty without a model, or when the digests hold more
        than ``IMPORT_FEATURES_LIMIT`` papers: left to the background)."""
        with self._db.snapshot() as conn:
            ids = sorted(
                {pid for d in digest_ids for pid in ranking_signals.digest_paper_ids(conn, d)}
            )
        if not ids or len(ids) > IMPORT_FEATURES_LIMIT:
            return {}
        counted, _ = self.features.put(ids, later=write_later)
        loaded = self._load()
        model = loaded.models.get("") if loaded else None
        if model is None or not len(counted):
            return {}
        values = model.scores(counted.matrix)
        scores = {int(pid): float(s) for pid, s in zip(counted.ids.tolist(), values, strict=True)}
        self.scores.store(loaded.version, scores)  # type: ignore[union-attr]
        return scores

    def rescore(self) -> int:
        """Score every paper the current model has not scored as it is now and cache the
        scores in the library (all of them after a new model); forget them when there is
        no model any more. Returns how many were scored. Meant for the background."""
        loaded = self._load()
        model = loaded.models.get("") if loaded else None
        if loaded is None:
            return 0
        if model is None:
            self.scores.clear()
            return 0
        ids = self.scores.unscored(loaded.version)
        if ids:
            self.scores.store(loaded.version, score_rows(model, self.features.refresh(), ids))
        return len(ids)

    def score_papers(self, ids: list[int]) -> None:
        """Score a few papers (a new digest's) with the current model at once and cache
        the scores (their counts computed from their texts: the store is not needed)."""
        loaded = self._load()
        model = loaded.models.get("") if loaded else None
        if model is None or not ids:
            return
        with self._db.snapshot() as conn:
            rows = list(ranking_signals.paper_texts(conn, ids))
        texts = [
            feats.paper_text(title, abstract, authors) for _, title, abstract, authors, _ in rows
        ]
        values = model.scores(feats.count_features(texts))
        scores = {row[0]: float(s) for row, s in zip(rows, values, strict=True)}
        self.scores.store(loaded.version, scores)  # type: ignore[union-attr]

    # ------------------------------------------------------------------ ranking

    def rank(
        self, paper_ids: Sequence[int], tag: str = "", *, cached_only: bool = False
    ) -> Ranking:
        """``paper_ids`` best first for the reader (or for ``tag``). ``cached_only``: the
        library ranker's scores kept in the library, nothing computed (a paper not scored
        yet is left out: the window's process never loads scikit-learn)."""
        ids = list(dict.fromkeys(paper_ids))
        signals = self.signals()
        positives = signals.positives(tag)
        loaded = self._load()
        model = loaded.models.get(tag) if loaded else None
        if model is not None and len(positives) >= COLD_START_MIN:
            scores = self._model_scores(loaded, model, ids, cached_only)  # type: ignore[arg-type]
            ranked = sorted(scores, key=lambda pid: (-scores[pid], pid))
            stale = loaded.fingerprint != signals.fingerprint()  # type: ignore[union-attr]
            return Ranking(
                LEARNED,
                [(pid, scores[pid]) for pid in ranked],
                len(positives),
                loaded.version,  # type: ignore[union-attr]
                stale,
            )
        if positives:
            scores = self._similarity(positives, ids)
            ranked = sorted(ids, key=lambda pid: (-scores.get(pid, 0.0), pid))
            return Ranking(SIMILAR, [(pid, scores.get(pid, 0.0)) for pid in ranked], len(positives))
        return Ranking(NONE, [(pid, 0.0) for pid in ids], 0)

    def paper_ids(self) -> list[int]:
        """Every paper of the library."""
        with self._db.snapshot() as conn:
            return ranking_signals.all_paper_ids(conn)

    def prepare_reasons(self) -> None:
        """Load what :meth:`reasons` and scoring a new digest need (the model,
        scikit-learn's hashing), so that the next call finds them ready. (The window does
        not call it: it asks its ranking process for reasons, ``explain.paper_reasons``.)"""
        self._load()
        feats.count_features([""])

    def reasons(self, paper_id: int, tag: str = "", n: int = 5) -> list[str]:
        """The words of the paper that raised its score (empty without a trained model)."""
        loaded = self._load()
        model = loaded.models.get(tag) if loaded else None
        if model is None:
            return []
        with self._db.snapshot() as conn:
            found = list(ranking_signals.paper_texts(conn, [paper_id]))
        if not found:
            return []
        _, title, abstract, authors, _ = found[0]
        text = feats.paper_text(title, abstract, authors)
        return model.reasons(feats.count_features([text]), text, n)

    def _model_scores(
        self, loaded: _Loaded, model: LinearModel, ids: list[int], cached_only: bool = False
    ) -> dict[int, float]:
        cache = loaded.cache.setdefault(model.key, {})
        missing = [pid for pid in ids if pid not in cache]
        if missing and not model.key:  # the library's ranker: scores cached in the library
            stored = self.scores.cached(loaded.version, None if len(missing) > 500 else missing)
            cache.update(stored)
            missing = [pid for pid in missing if pid not in cache]
            if missing and not cached_only:
                fresh = score_rows(model, self.features.refresh(), missing)
                self.scores.store(loaded.version, fresh)
                cache.update(fresh)
        elif missing and not cached_only:  # a tag's ranker: kept for this model's lifetime
            cache.update(score_rows(model, self.features.refresh(), missing))
        return {pid: cache[pid] for pid in ids if pid in cache}

    def _similarity(self, positives: set[int], ids: list[int]) -> dict[int, float]:
        """Cold start: each paper's best normalized BM25 "more like this" score against
        the positives (a positive itself scores 1)."""
        wanted = set(ids)
        scores: dict[int, float] = {pid: 1.0 for pid in positives & wanted}
        for positive in sorted(positives):
            try:
                ranked = self._similar(positive, _SIMILAR_POOL)
            except Exception:  # an index being rewritten meanwhile: this positive is skipped
                logger.warning("more like paper %s failed", positive, exc_info=True)
                continue
            top = max((score for _, score in ranked), default=0.0)
            for pid, score in ranked:
                if pid in wanted and top > 0:
                    scores[pid] = max(scores.get(pid, 0.0), score / top)
        return scores

    def _load(self) -> _Loaded | None:
        """The trained models named by ``state.json`` (None when there are none yet)."""
        path = self.directory / STATE_FILE
        try:
            state = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if self._loaded is not None and self._loaded.version == state.get("version"):
            return self._loaded
        try:
            idf = np.load(self.directory / str(state["idf"]))
            models = {
                key: load_model(self.directory / str(name), idf)
                for key, name in dict(state["models"]).items()
            }
        except (OSError, ValueError, KeyError, TypeError) as exc:
            logger.warning("ranking model unreadable (%s): it will be trained again", exc)
            return None
        self._loaded = _Loaded(str(state["version"]), str(state["fingerprint"]), models)
        return self._loaded
