"""Entry script of the frozen executables (both the ``readinglist`` command and the
windowed ``readinglist-gui``): the same command line as ``python -m readinglist``."""

from __future__ import annotations

import multiprocessing
import os
import sys


def _ensure_std_streams() -> None:
    """A windowed executable on Windows starts with no stdout/stderr (they are None);
    give them a sink so that printing or logging to a stream cannot crash the app."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


if __name__ == "__main__":
    # Must run first: in a child process started by multiprocessing (Whoosh may index with
    # several processes) this runs the child's work and exits instead of starting the app.
    multiprocessing.freeze_support()
    _ensure_std_streams()
    if sys.argv[1:2] == ["--index-process"]:  # the window's index writer (core/index_process)
        from readinglist.core.index_process import main as index_main

        sys.exit(index_main(sys.argv[2:]))

    from readinglist.cli import main

    sys.exit(main())
