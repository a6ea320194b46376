"""A background mark write leaves no stale Python wrapper behind. A runnable that the pool
deletes in C++ while PySide still holds a wrapper for it stays known under its address, and
the next Qt object made there (a menu action, in CI) comes back to Python as that dead
runnable: "'QRunnable' object has no attribute 'connect'"."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QRunnable, QThreadPool

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.ui.flag_write import FlagWrite


def _runnable_wrappers() -> list[object]:
    return [w for w in shiboken6.getAllValidWrappers() if isinstance(w, QRunnable)]


def test_a_background_write_leaves_no_runnable_wrapper(qtbot, data_dir: Path) -> None:
    with Library.open(data_dir) as library:
        library.import_records([PaperRecord(title="A paper on wrappers")], "digest")
        ids = [paper.id for paper in library.papers()]
    pool = QThreadPool()
    before = len(_runnable_wrappers())
    write = FlagWrite(data_dir, ids, "read", True, pool)
    write.start()
    assert write.wait().error is None
    pool.waitForDone()
    assert len(_runnable_wrappers()) == before
