"""The index process ends when the process that started it dies: a child left behind
would go on writing the index, holding its locks, with nobody to read its reports."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from readinglist import paths
from readinglist.core.library import Library
from readinglist.storage.db import BUSY_TIMEOUT_SECONDS

# The parent: starts the index process, tells its progress, then waits to be killed.
_PARENT = """
import sys, threading
from pathlib import Path
from readinglist.core.index_process import IndexProcess
job = IndexProcess(Path(sys.argv[1]), "rebuild")
report = lambda done, total: print("progress", done, total, flush=True)
threading.Thread(target=job.run, args=(report,), daemon=True).start()
threading.Event().wait()
"""
WAIT_S = 120  # for the parent's report: a bound that only a broken run reaches


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started (as Linux lists them per thread)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(n) for n in (task / "children").read_text().split()]
    return found


def _running(pid: int) -> bool:
    """True while ``pid`` runs (a zombie nobody reaped has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_the_index_process_ends_when_its_parent_is_killed(
    data_dir: Path, example_digest: Path
) -> None:
    with Library.open(data_dir) as library:
        library.import_path(example_digest)
        papers = library.stats().papers
    # Another writer holds the library: the child, done indexing, waits to record it
    # (up to the busy timeout) when its parent is killed.
    writer = sqlite3.connect(paths.database_path(data_dir), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT, str(data_dir)], stdout=subprocess.PIPE, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(x) for x in parent.stdout or ()])
    reader.start()
    child = None
    try:
        assert lines.get(timeout=WAIT_S).split() == ["progress", str(papers), str(papers)]
        (child,) = _children(parent.pid)
        assert _running(child)
        parent.kill()
        parent.wait()
        # Well before the busy timeout would end the child's wait anyway:
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS / 2
        while _running(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _running(child)
    finally:
        writer.rollback()
        writer.close()
        parent.kill()
        parent.wait()
        reader.join()
        if parent.stdout is not None:
            parent.stdout.close()
        if child is not None and _running(child):
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
    with Library.open(data_dir) as library:  # whole, and indexes again
        library.reindex()
        assert library.index_ready() and library.stats().papers == papers
