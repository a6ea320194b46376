"""Where the index's files are: one folder per build, and a pointer naming the current one.

A search holds the index's files open while another process (the window's index process)
may swap in a new build. Windows refuses to rename or delete a folder, or a file, that
another process holds open, so a swap must never touch the folder in use: each build is
installed in a folder of its own inside the index folder (``g000012-3fa9c1d2``), and the
small pointer file ``CURRENT`` naming it is replaced atomically. Readers follow the
pointer. Folders of older builds are removed later, when nothing holds them: a folder is
first renamed out of the way (which Windows refuses while any of its files is open, so a
folder in use is left whole), then deleted; failures are logged and tried again at the
next open.

An index written before this layout (its files directly in the index folder, no pointer)
is read where it is; the first build installs a folder and the pointer, and the old files
go the same way as an old build's.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
from pathlib import Path

from readinglist.domain.errors import ReadingListError
from readinglist.domain.files import write_text_atomically

logger = logging.getLogger(__name__)

POINTER_NAME = "CURRENT"
_BUILD_FOLDER = re.compile(r"g(\d{6,})-[0-9a-f]{8}")
_TRASH_PREFIX = ".removing-"

Identity = tuple[int, int, int, int]
"""What tells one pointer file from another put under the same name."""


def current_folder(directory: Path) -> Path:
    """The folder holding the current index of ``directory``: the one the pointer names,
    else ``directory`` itself (the layout before pointers). Raises OSError or ValueError
    when the pointer cannot be read or names no build folder."""
    try:
        name = (directory / POINTER_NAME).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return directory
    if not _BUILD_FOLDER.fullmatch(name):
        raise ValueError(f"{POINTER_NAME} names no index folder")
    return directory / name


def pointer_identity(directory: Path) -> Identity:
    """The pointer file's identity (device, inode, size, modification time): it changes
    whenever a new build is installed. All -1 when there is no pointer."""
    try:
        status = (directory / POINTER_NAME).stat()
    except OSError:
        return (-1, -1, -1, -1)
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def install(directory: Path, built: Path) -> Path:
    """Make the finished build in ``built`` (a folder no reader has opened) the current
    index of ``directory``: move it into a new build folder there, then point to it.
    Returns the new folder. The folder in use before is left as it is."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"g{_sequence(directory) + 1:06d}-{secrets.token_hex(4)}"
    os.replace(built, target)
    try:
        write_text_atomically(directory / POINTER_NAME, target.name)
    except ReadingListError as exc:  # the build stays unused; removed at a later open
        raise OSError(str(exc)) from exc
    return target


def remove_old(directory: Path) -> None:
    """Remove, best effort, the build folders older than the current one and, once a
    pointer exists, the files of the layout before pointers. What is in use stays
    (Windows refuses; the next open tries again); failures are logged, never raised."""
    try:
        current = current_folder(directory)
    except (OSError, ValueError):
        return  # no sound pointer: nothing is known to be old
    if current == directory:
        return
    newest = _number(current.name)
    if newest is None:  # current_folder names only build folders
        return
    try:
        entries = list(directory.iterdir())
    except OSError as exc:
        logger.info("index folder %s not listed: %s", directory, exc)
        return
    for entry in entries:
        number = _number(entry.name)
        if entry.name.startswith(_TRASH_PREFIX) or (number is not None and number < newest):
            _remove_folder(entry)
        elif entry.is_file() and POINTER_NAME not in entry.name:
            _remove_file(entry)  # a file of the layout before pointers


def retire(directory: Path) -> None:
    """Leave ``directory`` with no current index (after a restore, say), so the next open
    finds none and the index is built again: the pointer goes first (a reader in another
    process then finds no index), then the files of the layout before pointers and every
    build folder nothing holds. A folder in use is left whole (Windows refuses to rename
    it) and removed by an open after the next build. Failures to remove are logged, as in
    ``remove_old``; OSError is raised only when the pointer cannot be removed."""
    (directory / POINTER_NAME).unlink(missing_ok=True)
    try:
        entries = list(directory.iterdir())
    except FileNotFoundError:
        return
    except OSError as exc:
        logger.info("index folder %s not listed: %s", directory, exc)
        return
    for entry in entries:
        if _number(entry.name) is not None:  # a build folder, or one being removed
            _remove_folder(entry)
        elif entry.is_file():
            _remove_file(entry)  # a file of the layout before pointers


def _remove_folder(folder: Path) -> None:
    """Rename ``folder`` out of the way, then delete it: a folder with a file open
    elsewhere cannot be renamed on Windows, so it is never left half deleted."""
    trash = folder
    if not folder.name.startswith(_TRASH_PREFIX):
        trash = folder.with_name(_TRASH_PREFIX + folder.name)
        try:
            os.replace(folder, trash)
        except OSError as exc:
            logger.info("old index folder %s kept (in use?): %s", folder, exc)
            return
    shutil.rmtree(trash, onerror=_log_failure)


def _remove_file(path: Path) -> None:
    try:
        path.unlink()
    except OSError as exc:
        logger.info("old index file %s kept (in use?): %s", path, exc)


def _log_failure(function: object, path: str, exc_info: tuple[object, ...]) -> None:
    logger.info("old index file %s not removed: %s", path, exc_info[1])


def _sequence(directory: Path) -> int:
    """The highest build number in ``directory`` (0 when there is none)."""
    numbers = [_number(entry.name) for entry in directory.iterdir()]
    return max((n for n in numbers if n is not None), default=0)


def _number(name: str) -> int | None:
    """The build number in a build folder's name (also one being removed)."""
    match = _BUILD_FOLDER.fullmatch(name.removeprefix(_TRASH_PREFIX))
    return int(match.group(1)) if match else None
