"""Log to a rotating file in the per-user log directory (created at the first record)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(directory: Path, *, level: int = logging.INFO) -> None:
    """Send the app's log records to ``directory/readinglist.log`` (1 MB x 3 files)."""
    root = logging.getLogger("readinglist")
    if any(getattr(h, "_readinglist", False) for h in root.handlers):
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with open(directory / "readinglist.log", "a", encoding="utf-8"):
            pass  # proves the file can be written before records are sent there
        handler = logging.handlers.RotatingFileHandler(
            directory / "readinglist.log",
            maxBytes=1_000_000,
            backupCount=3,
            encoding="utf-8",
            delay=True,
        )
    except OSError:
        return  # logging must never stop the app (read-only home, full disk ...)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._readinglist = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
