"""A progress bar on the terminal for long CLI commands (``readinglist reindex``)."""

from __future__ import annotations

from typing import TextIO

WIDTH = 30


class ProgressBar:
    """Draws ``label [#####.....] done/total`` on one line of ``stream``, redrawn in place
    (only when the shown figures change); ``close`` ends the line."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label
        self._last: str | None = None

    def __call__(self, done: int, total: int) -> None:
        """Show ``done`` of ``total``."""
        total = max(total, 1)
        filled = min(WIDTH, WIDTH * done // total)
        line = f"{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {done:,}/{total:,}"
        if line != self._last:
            self.stream.write("\r" + line)
            self.stream.flush()
            self._last = line

    def close(self) -> None:
        """End the bar's line (if one was drawn)."""
        if self._last is not None:
            self.stream.write("\n")
            self.stream.flush()
