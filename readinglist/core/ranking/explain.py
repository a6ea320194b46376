"""The words behind a paper's "For you" score, told by the ranking process.

The window's detail pane shows why a paper scored high ("diffusion, video, temporal").
Finding those words hashes the paper's text again and weighs it by the model, which needs
scikit-learn; so the window asks its ranking process (``worker.TrainingWorker.ask``) and
this module, light to import, names the function that process runs: the ranker (numpy,
scikit-learn) is loaded there, on the first question, and kept for the next ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

RANKING_FOLDER = "ranking"  # in the library folder: where ``Library.ranking`` keeps it
_rankers: dict[tuple[Path, Path], Any] = {}  # the process's rankers, by library


def ranking_folder(library_directory: Path) -> Path:
    """Where a library keeps its ranking (features, models)."""
    return library_directory / RANKING_FOLDER


def paper_reasons(database_path: Path, directory: Path, paper_id: int) -> list[str]:
    """In the ranking process: the words that raised the paper's score (empty without a
    trained model). A ranker kept from an earlier question reads a newer model when one
    was trained since."""
    key = (database_path, directory)
    ranker = _rankers.get(key)
    if ranker is None:
        from readinglist.core.ranking.ranker import Ranker
        from readinglist.storage.db import Database

        db = Database(database_path, read_only=True)
        ranker = _rankers[key] = Ranker(db, directory, _no_similar)
    return list(ranker.reasons(paper_id))


def _no_similar(paper_id: int, n: int) -> list[tuple[int, float]]:
    """The ranking process has no search index (similarity is the window's own)."""
    return []
