"""Ctrl+C while the command line is still loading its modules.

Every command first imports the library's layers (about half a second); an interrupt then
comes before :func:`readinglist.cli.main` can catch it, and Python printed a traceback.
This module imports nothing of ours, so it is loaded before the rest and guards it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

EXIT_INTERRUPTED = 130  # what a shell reports for a command ended by SIGINT


@contextmanager
def interrupts_end_quietly() -> Iterator[None]:
    """Within the block, Ctrl+C ends the process with one ``readinglist: error:
    interrupted`` line and exit code 130 (nothing was done yet: only modules loaded)."""
    try:
        yield
    except KeyboardInterrupt:
        sys.stderr.write("readinglist: error: interrupted\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
