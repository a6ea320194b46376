"""Windows' file rules on Linux, for tests: a file another handle holds open cannot be
renamed, replaced or deleted, nor can a folder holding such a file (Python opens files on
Windows without FILE_SHARE_DELETE). Open files are this process's, as /proc lists them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


def open_paths() -> set[str]:
    """The real paths of the files this process holds open or mapped."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            found.add(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            continue  # closed meanwhile (the listing's own descriptor)
    with open("/proc/self/maps", encoding="utf-8") as maps:
        for line in maps:
            parts = line.split(maxsplit=5)
            if len(parts) == 6 and parts[5].startswith("/"):
                found.add(parts[5].strip())
    return found


def in_use(path: str | os.PathLike[str]) -> bool:
    """True when ``path``, or a file under it, is open."""
    real = os.path.realpath(path)
    return any(p == real or p.startswith(real + os.sep) for p in open_paths())


def apply(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make ``os`` and ``shutil`` refuse what Windows refuses; returns the refusals seen."""
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs /proc to know which files are open")
    refused: list[str] = []

    def guarded(real: Callable[..., Any], *paths_at: int) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            if not kwargs.get("dir_fd") and not kwargs.get("src_dir_fd"):
                for position in paths_at:
                    path = args[position]
                    known = isinstance(path, (str, os.PathLike)) and os.path.lexists(path)
                    if known and in_use(path):
                        refused.append(os.fspath(path))
                        raise PermissionError(13, "in use by another process", path)
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(os, "replace", guarded(os.replace, 0, 1))
    monkeypatch.setattr(os, "rename", guarded(os.rename, 0, 1))
    monkeypatch.setattr(os, "remove", guarded(os.remove, 0))
    monkeypatch.setattr(os, "unlink", guarded(os.unlink, 0))
    monkeypatch.setattr(os, "rmdir", guarded(os.rmdir, 0))
    real_rmtree = shutil.rmtree

    def rmtree(path: Any, ignore_errors: bool = False, onerror: Any = None, **kw: Any) -> None:
        """Delete what is not open, bottom up; what is open raises (or is skipped)."""
        if os.path.lexists(path) and in_use(path):
            refused.append(os.fspath(path))
            for root, folders, files in os.walk(path, topdown=False):
                for name in [*files, *folders]:
                    entry = Path(root, name)
                    if not in_use(entry):
                        real_rmtree(entry) if entry.is_dir() else os.unlink(entry)
            if ignore_errors:
                return
            error = PermissionError(13, "in use by another process", os.fspath(path))
            if onerror is not None:
                onerror(os.rmdir, os.fspath(path), (PermissionError, error, None))
                return
            raise error
        real_rmtree(path, ignore_errors=ignore_errors, onerror=onerror, **kw)

    monkeypatch.setattr(shutil, "rmtree", rmtree)
    return refused
