"""Writing the search index in a process of its own.

Indexing is pure Python for minutes at a time: in a thread it holds the GIL against the
window's paints and searches. ``IndexProcess`` runs ``python -m
readinglist.core.index_process DIR rebuild|sync`` instead, reads its progress lines
("progress DONE TOTAL") as they come, and stops it on request. The child writes the index
as ``Library.reindex`` / ``Library.sync_index`` do (a new index beside the old one, or
segments committed as a whole), so stopping it at any moment leaves the index as it was
or as it will be read: the library stays consistent.

The child ends when its parent does, however the parent ends: it holds the read end of a
pipe the parent never writes to, and a thread of its own exits the process when the pipe
closes (the parent gone). Otherwise a child whose parent was killed could go on for
minutes, holding the index's locks, with nobody to read what it reports.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

logger = logging.getLogger(__name__)

MODES = ("rebuild", "sync")
WATCH_PARENT = "--watch-parent"  # the child's stdin is the parent's life line
PARENT_GONE = 3  # the child's exit code when its parent ended first
Progress = Callable[[int, int], object]


class IndexProcess:
    """One run of the index writer in a child process."""

    def __init__(self, directory: Path, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown index mode {mode!r}")
        self.directory = directory
        self.mode = mode
        self._process: subprocess.Popen[str] | None = None
        self._stopped = threading.Event()

    def run(self, progress: Progress | None = None) -> str:
        """Run to the end (or until ``stop``); return "" or what went wrong. Progress
        (done, total) is reported as the child writes."""
        if self._stopped.is_set():
            return "stopped"
        command = (
            [sys.executable, "--index-process"]  # a frozen app: packaging/entry.py
            if getattr(sys, "frozen", False)
            else [sys.executable, "-m", "readinglist.core.index_process"]
        )
        # stderr to a file: a pipe nobody reads while stdout is followed could fill and
        # block the child.
        with tempfile.TemporaryFile("w+", encoding="utf-8") as stderr:
            try:
                process = subprocess.Popen(
                    [*command, str(self.directory), self.mode, WATCH_PARENT],
                    stdout=subprocess.PIPE,
                    stderr=stderr,
                    stdin=subprocess.PIPE,  # never written: closed when this process ends
                    text=True,
                    encoding="utf-8",
                    # A copy of the environment: the child is started with vfork, which
                    # shares this process's memory until it runs; without a copy it reads
                    # the live environment, which another thread may be changing.
                    env=dict(os.environ),
                )
            except OSError as exc:  # no such program, no memory, too many processes…
                logger.warning("the index process could not start: %s", exc)
                return f"the indexing process could not start ({exc.strerror or exc})"
            code, error, details = self._follow(process, stderr, progress)
        if self._stopped.is_set():
            return "stopped"
        if code != 0:
            logger.warning("index process ended with %s: %s", code, details)
            return error or f"the indexing process ended with code {code}"
        return ""

    def _follow(
        self, process: subprocess.Popen[str], stderr: IO[str], progress: Progress | None
    ) -> tuple[int, str, str]:
        """Read the child's reports to its end: (exit code, its error, end of stderr)."""
        error = ""
        with process:
            self._process = process
            if self._stopped.is_set():  # stopped while it started
                process.terminate()
            assert process.stdout is not None
            for line in process.stdout:
                kind, _, rest = line.strip().partition(" ")
                if kind == "progress" and progress is not None:
                    done, total = (int(n) for n in rest.split())
                    progress(done, total)
                elif kind == "error":
                    error = rest
            code = process.wait()
        stderr.seek(0)
        return code, error, stderr.read()[-2000:]

    def stop(self) -> None:
        """End the child now (what it committed stays; the rest is written next time)."""
        self._stopped.set()
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()


def main(argv: list[str]) -> int:
    """The child: write the index of the library in ``argv[0]``, printing progress."""
    from readinglist.core.library import Library  # here: the parent needs none of it
    from readinglist.domain.errors import ReadingListError

    directory, mode = Path(argv[0]), argv[1]
    if WATCH_PARENT in argv[2:]:
        threading.Thread(target=_exit_with_parent, name="parent-watch", daemon=True).start()

    def report(done: int, total: int) -> None:
        print(f"progress {done} {total}", flush=True)

    try:
        with Library.open(directory) as library:
            if mode == "rebuild":
                library.reindex(report)
            else:
                library.sync_index(report)
    except ReadingListError as exc:
        print(f"error {exc}", flush=True)
        return 1
    except Exception as exc:  # the parent shows the message; the traceback goes to stderr
        logger.exception("indexing failed")
        print(f"error {type(exc).__name__}: {exc}", flush=True)
        return 1
    return 0


def _exit_with_parent() -> None:
    """Wait for the end of stdin (the parent closed it, or ended), then end this process
    at once, as a kill would: what the index committed stays, the rest is written next
    time."""
    if sys.stdin is None:  # no life line to watch
        return
    # The file descriptor itself, not sys.stdin: a daemon thread blocked in a buffered
    # read holds the buffer's lock, and the interpreter aborts when it exits meanwhile.
    handle = sys.stdin.fileno()
    while os.read(handle, 4096):
        pass  # the parent writes nothing; anything read is ignored
    logger.warning("the index process's parent ended: stopping")
    os._exit(PARENT_GONE)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
