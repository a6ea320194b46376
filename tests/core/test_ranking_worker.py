"""The window's training process is kept between updates (numpy and scikit-learn are
imported once), Cancel ends it at once, and the next update starts another."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.core.ranking import background
from readinglist.core.ranking.explain import paper_reasons, ranking_folder
from readinglist.core.ranking.worker import TrainingWorker
from tests.ranking_fixtures import VISION, import_small_set


@pytest.fixture
def vision(library: Library) -> list[int]:
    categories = import_small_set(library)
    return sorted(pid for pid, c in categories.items() if c == VISION)


@pytest.fixture
def worker() -> Iterator[TrainingWorker]:
    kept = TrainingWorker()
    yield kept
    kept.close()


def test_one_process_serves_every_update(
    library: Library, vision: list[int], worker: TrainingWorker
) -> None:
    library.set_starred(vision[:6])
    assert background.update(library.ranking, worker=worker)
    first, pid = library.ranking.current_version(), worker.pid
    assert first is not None and pid is not None
    library.set_starred(vision[6:12])
    assert background.update(library.ranking, worker=worker)
    assert library.ranking.current_version() not in (None, first)
    assert worker.pid == pid  # the same process trained again
    worker.close()
    assert worker.pid is None


def test_cancel_ends_the_process_and_the_next_update_starts_another(
    library: Library, vision: list[int], worker: TrainingWorker
) -> None:
    library.set_starred(vision[:6])
    cancel = threading.Event()
    cancel.set()  # the reader pressed Cancel
    assert not background.update(library.ranking, cancel, worker)
    assert worker.pid is None
    assert library.ranking.current_version() is None and library.ranking.needs_training()
    assert background.update(library.ranking, worker=worker)
    assert worker.pid is not None and library.ranking.current_version() is not None


def _wait_for(path: Path) -> None:
    """A task that cannot end before ``path`` exists (or two minutes pass)."""
    deadline = time.monotonic() + 120
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(str(path))
        time.sleep(0.01)


def test_a_question_is_answered_while_a_task_runs(
    library: Library, vision: list[int], worker: TrainingWorker, tmp_path: Path
) -> None:
    library.set_starred(vision[:6])
    assert background.update(library.ranking, worker=worker)
    release = tmp_path / "release"
    task = threading.Thread(target=worker.run, args=(_wait_for, (release,)))
    task.start()
    try:
        args = (library.database_path, ranking_folder(library.directory), vision[7])
        words = worker.ask(paper_reasons, args)
        assert task.is_alive()  # the task still waits: the answer did not wait for it
        assert words == library.ranking.reasons(vision[7]) and words
        assert worker.ask(os.getpid, ()) == worker.pid  # asked of the ranking process
    finally:
        release.touch()
        task.join()
