"""What the window's ranking process keeps between its tasks and questions: one ``Ranker``
per library, with its feature cache loaded and its model read, so that scoring a digest
just imported costs tens of milliseconds rather than a second of loading. The window asks
for those scores (``TrainingWorker.ask(score_digests, ...)``) right after each import: the
features and scores are never computed in the window's own process.

Light to import (the window imports it to name the functions): the ranker, numpy and
scikit-learn are loaded in the ranking process, on first use."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readinglist.core.ranking.ranker import Ranker

logger = logging.getLogger(__name__)

_rankers: dict[tuple[Path, Path], tuple[tuple[int, int], Ranker]] = {}
_guard = threading.Lock()


def ranker_for(database_path: Path, directory: Path) -> Ranker:
    """The process's ranker of this library (made on first use; made again when the
    database file was replaced since, e.g. by a restore)."""
    from readinglist.core.ranking.ranker import Ranker
    from readinglist.storage.db import Database

    key = (database_path, directory)
    status = os.stat(database_path)
    identity = (status.st_dev, status.st_ino)
    with _guard:
        kept = _rankers.get(key)
        if kept is not None and kept[0] == identity:
            return kept[1]
        ranker = Ranker(Database(database_path), directory, _no_similar)
        _rankers[key] = (identity, ranker)
    if kept is not None:
        kept[1]._db.close()  # noqa: SLF001 - the process's own, replaced
    return ranker


def score_digests(
    database_path: Path, directory: Path, digest_ids: Sequence[int]
) -> dict[int, float]:
    """In the ranking process, right after an import: the features of these digests'
    papers computed and stored, and their scores (current model) cached in the library
    and returned; empty without a model or for a digest too large (left to the next
    background update)."""
    ranker = ranker_for(database_path, directory)
    return ranker.score_digests(list(digest_ids), write_later=True)


def score_new(database_path: Path, directory: Path) -> int:
    """In the ranking process, before the window's fetch runs a ``score:`` rule: the papers
    the current model has not scored yet (a few: a large backlog is left to the
    background update) scored and cached in the library; returns how many."""
    from readinglist.core.ranking.score_queries import score_missing

    return score_missing(ranker_for(database_path, directory))


def warm(database_path: Path, directory: Path) -> None:
    """In the ranking process: load what :func:`score_digests` needs (the model, the
    feature cache, scikit-learn's hashing), so the first digest imported is quick too."""
    ranker = ranker_for(database_path, directory)
    ranker.prepare_reasons()
    ranker.features.put([])


def _no_similar(paper_id: int, n: int) -> list[tuple[int, float]]:
    """The ranking process has no search index (similarity is the window's own)."""
    return []
