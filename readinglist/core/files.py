"""Writing the user's files safely: a temporary file beside the target, flushed to disk,
then renamed over it — the target is always either the old file or the complete new one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from readinglist.core.errors import ReadingListError


def write_text_atomically(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; raise ReadingListError on failure."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise ReadingListError(f"{target}: cannot write here ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ReadingListError(f"{target}: could not be written ({exc.strerror or exc})") from exc
    return target
