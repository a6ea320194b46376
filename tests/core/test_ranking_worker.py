"""The window's training process is kept between updates (numpy and scikit-learn are
imported once), Cancel ends it at once, and the next update starts another."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from readinglist.core.library import Library
from readinglist.core.ranking import background
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
