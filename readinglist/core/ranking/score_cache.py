"""The library-wide ranker's scores kept in the database (``storage.ranking_scores``):
read back after a restart instead of computed again, filled for the papers a model has
not scored yet, written in short transactions so an edit never waits long for them."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from readinglist.core.ranking.features import Features
from readinglist.core.ranking.model import LinearModel
from readinglist.storage import ranking_scores as scores_db
from readinglist.storage.db import Database

logger = logging.getLogger(__name__)


def score_rows(model: LinearModel, features: Features, ids: Sequence[int]) -> dict[int, float]:
    """The model's score of each of ``ids`` (0 for a paper without features)."""
    rows, found = features.rows_of(ids)
    every = len(rows) == len(features) and bool((rows == np.arange(len(rows))).all())
    values = model.scores(features.matrix if every else features.matrix[rows])  # no copy
    scores = {int(pid): float(s) for pid, s in zip(found, values, strict=True)}
    return {pid: scores.get(pid, 0.0) for pid in ids}


class ScoreCache:
    """The cached scores of one library's database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def cached(self, version: str, ids: Sequence[int] | None = None) -> dict[int, float]:
        """Scores of model ``version`` that still hold (of ``ids``; None: all)."""
        with self._db.snapshot() as conn:
            return scores_db.cached_scores(conn, version, ids)

    def unscored(self, version: str) -> list[int]:
        """Papers the model ``version`` has not scored as they are now."""
        with self._db.snapshot() as conn:
            return scores_db.unscored_ids(conn, version)

    def store(self, version: str, scores: dict[int, float]) -> None:
        """Keep these scores of model ``version`` (never on a read-only library; a
        failure is logged: the scores are a cache)."""
        if self._db.read_only or not scores:
            return
        items = sorted(scores.items())
        try:
            for start in range(0, len(items), scores_db.WRITE_CHUNK):
                with self._db.transaction() as conn:
                    chunk = items[start : start + scores_db.WRITE_CHUNK]
                    scores_db.write_scores(conn, chunk, version)
        except Exception as exc:
            logger.warning("For you scores not cached (%s)", exc)

    def clear(self) -> None:
        """Forget every score (there is no model any more)."""
        if self._db.read_only:
            return
        with self._db.transaction() as conn:
            scores_db.clear_scores(conn)
