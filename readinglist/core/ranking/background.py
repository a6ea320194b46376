"""The "For you" upkeep done away from the window's process: in one spawned process the
features of new papers are computed, the rankers retrained when the signals changed and
every paper the model has not scored yet is scored into the library's score cache. The
window's thread then only reads scores back from the database, so the work that holds
Python's interpreter lock (hashing texts, TF-IDF, the SVM) never stalls the window."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from readinglist.core.ranking import resident
from readinglist.core.ranking.process import run_in_process
from readinglist.core.ranking.ranker import Ranker
from readinglist.core.ranking.worker import TrainingWorker

logger = logging.getLogger(__name__)


def needs_update(ranker: Ranker) -> bool:
    """True when the signals changed since the last training, or when the model has not
    scored some papers (new, or edited since)."""
    if ranker.needs_training():
        return True
    loaded = ranker.current_version()
    return loaded is not None and bool(ranker.scores.unscored(loaded))


def update(
    ranker: Ranker,
    cancel: threading.Event | None = None,
    worker: TrainingWorker | None = None,
) -> bool:
    """Bring features, model and cached scores up to date in another process: ``worker``
    (kept between updates) or a new spawned one (nothing to do: no process). False when
    ``cancel`` was set first: the process is stopped and the previous model and scores
    stay. Raises TrainingFailed."""
    if not needs_update(ranker):
        return True
    ranker.training.set()
    args = (ranker.database_path, ranker.directory)
    try:
        if worker is not None:
            return worker.run(update_library, args, cancel)
        return run_in_process(update_library, args, cancel)
    finally:
        ranker.training.clear()
        ranker.forget_model()


def update_library(database_path: Path, directory: Path) -> None:
    """The spawned process: retrain when the signals changed, then score what the model
    has not scored (its features computed first). The process keeps the ranker (its
    features loaded) for the next update and for scoring digests (``resident``)."""
    ranker = resident.ranker_for(database_path, directory)
    ranker.retrain(in_process=True)
    scored = ranker.rescore()
    logger.info("For you: %d papers scored", scored)
