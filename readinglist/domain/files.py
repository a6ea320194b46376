"""Writing the user's files safely: a temporary file beside the target, flushed to disk,
then renamed over it — the target is always either the old file or the complete new one.

Every file the app writes where the user chose (exports, backups) goes through
:func:`write_atomically`, which also refuses targets a rename would destroy: a FIFO, a
device, a socket, a folder, or a symbolic link (the link itself would be replaced by a
regular file, and the file it points to left as it was). A regular file that is replaced
keeps its permission mode. A new file meant to be shared (an export) gets the usual mode,
0666 less the umask, as an editor would write it; a private one (a copy of the database)
is created 0600. :func:`write_chunks_atomically` writes text that arrives in pieces, so a
large export never has to be held in memory whole.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from readinglist.domain.errors import MissingFolderError, ReadingListError, UnsafeTargetError

SHARED_MODE = 0o666  # less the umask
PRIVATE_MODE = 0o600

_KINDS = (
    (stat.S_ISLNK, "a symbolic link (give the path it points to instead)"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


@dataclass(frozen=True)
class Written:
    """What :func:`write_atomically` did: the file written and, when it replaced an
    existing file, that file's size and modification time."""

    path: Path
    replaced_size: int | None = None
    replaced_mtime: float | None = None


def write_text_atomically(
    path: str | os.PathLike[str], text: str, *, make_folders: bool = True
) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; raise ReadingListError on failure."""

    def fill(temporary: Path) -> None:
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)

    return write_atomically(path, fill, make_folders=make_folders).path


def write_chunks_atomically(
    path: str | os.PathLike[str],
    chunks: Iterable[str],
    *,
    overwrite: bool = True,
    make_folders: bool = True,
) -> Written:
    """Write the text of ``chunks`` (UTF-8, in order) to ``path`` atomically, one chunk at
    a time: until the last chunk is on disk the target is untouched, and an error raised
    while the chunks are produced leaves no file behind. Raises as :func:`write_atomically`.
    """

    def fill(temporary: Path) -> None:
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            for chunk in chunks:
                stream.write(chunk)

    return write_atomically(path, fill, overwrite=overwrite, make_folders=make_folders)


def write_atomically(
    path: str | os.PathLike[str],
    fill: Callable[[Path], None],
    *,
    overwrite: bool = True,
    private: bool = False,
    make_folders: bool = True,
) -> Written:
    """Create a temporary file beside ``path``, let ``fill`` write it, flush it to disk and
    rename it over ``path``. ``overwrite=False`` refuses an existing file. A new file gets
    mode 0600 when ``private``, else 0666 less the umask; a replaced file keeps its mode.
    Missing parent folders are made, unless ``make_folders`` is false (a path the user
    typed: MissingFolderError, as ``cp`` refuses it).

    Raises UnsafeTargetError for a target that must not be replaced and ReadingListError
    when writing fails (the temporary file is removed; the target is unchanged)."""
    target = Path(path)
    before = existing_target(target, overwrite=overwrite)
    if not make_folders and not target.parent.exists():
        raise MissingFolderError(
            f"{target}: not written: the folder {target.parent} does not exist"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = _create_temporary(target, PRIVATE_MODE if private else SHARED_MODE)
    except OSError as exc:
        raise ReadingListError(f"{target}: cannot write here ({exc.strerror or exc})") from exc
    try:
        if before is not None:
            os.chmod(temporary, stat.S_IMODE(before.st_mode))
        fill(temporary)
        _flush_to_disk(temporary)
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise ReadingListError(
                f"{target}: could not be written ({exc.strerror or exc})"
            ) from exc
        raise
    if before is None:
        return Written(target)
    return Written(target, before.st_size, before.st_mtime)


def existing_target(target: Path, *, overwrite: bool = True) -> os.stat_result | None:
    """The regular file at ``target`` (None when there is nothing there); raise
    UnsafeTargetError for anything a rename must not replace."""
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ReadingListError(f"{target}: cannot write here ({exc.strerror or exc})") from exc
    for is_kind, kind in _KINDS:
        if is_kind(found.st_mode):
            raise UnsafeTargetError(f"{target}: not written: it is {kind}")
    if not overwrite:
        raise UnsafeTargetError(
            f"{target}: not written: the file already exists "
            f"({found.st_size} bytes); use --force to replace it"
        )
    return found


def _create_temporary(target: Path, mode: int) -> Path:
    """An empty new file beside ``target`` (created exclusively with ``mode``, less umask)."""
    for _ in range(100):
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:
            continue
        os.close(handle)
        return temporary
    raise FileExistsError(f"no free temporary name beside {target}")


def _flush_to_disk(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
