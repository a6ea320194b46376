"""The work folders of restores (``.restoring-*`` in the library folder).

A restore rebuilds the backup in a folder of its own beside the database and removes it
when done; a restore killed meanwhile leaves it behind. Each folder holds a lock on its
``in-use`` file while its restore runs (the lock goes with the process, however it ends),
so the next open of the library removes the folders nobody holds: those whose lock is free,
and those without the file made before this process started (a restore just starting
creates it within moments of its folder).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger(__name__)

PREFIX = ".restoring-"
HOLD_NAME = "in-use"
_STARTED = time.time()  # about when this process started (when this module was imported)


@contextlib.contextmanager
def work_folder(beside: Path) -> Iterator[Path]:
    """A new work folder in ``beside``, held while in use and removed afterwards
    (OSError when it cannot be made)."""
    work = Path(tempfile.mkdtemp(prefix=PREFIX, dir=beside))
    try:
        handle = os.open(work / HOLD_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if not _lock(handle):
                raise OSError(f"{work}: held by another process")
            yield work
        finally:
            os.close(handle)  # releases the lock
    finally:
        shutil.rmtree(work, ignore_errors=True)


def remove_stale(beside: Path) -> list[Path]:
    """Remove the work folders in ``beside`` left by restores that ended without removing
    them (never one in use); return those removed. Failures are logged, never raised."""
    removed = []
    for folder in sorted(beside.glob(PREFIX + "*")):
        try:
            if not folder.is_dir() or _in_use(folder):
                continue
            shutil.rmtree(folder)
        except OSError as exc:
            logger.info("restore folder %s kept: %s", folder, exc)
            continue
        logger.info("removed %s, left by an interrupted restore", folder)
        removed.append(folder)
    return removed


def _in_use(folder: Path) -> bool:
    """True when a running restore may own ``folder``."""
    try:
        handle = os.open(folder / HOLD_NAME, os.O_RDWR)
    except FileNotFoundError:  # a restore killed before it made the file, or one starting
        return folder.stat().st_mtime >= _STARTED
    try:
        return not _lock(handle)
    finally:
        os.close(handle)


def _lock(handle: int) -> bool:
    """Lock the open file ``handle`` for this process (released when it is closed);
    False when another holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
