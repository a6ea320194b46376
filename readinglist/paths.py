"""Where Reading List keeps the user's data. Resolved lazily: importing this module
creates nothing, and a directory is only made when something is written to it."""

from __future__ import annotations

import os
from pathlib import Path

from readinglist import APP_ID

DATA_DIR_ENV = "READINGLIST_DATA_DIR"
DATABASE_NAME = "library.sqlite3"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The library's directory: ``override``, else ``$READINGLIST_DATA_DIR``, else the
    platform's per-user data directory (e.g. ``~/.local/share/readinglist`` on Linux)."""
    if override:
        return Path(override).expanduser().resolve()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def log_dir(library_dir: Path) -> Path:
    """Where log files go: beside an overridden library, else the per-user log directory."""
    if os.environ.get(DATA_DIR_ENV) or not _is_platform_default(library_dir):
        return library_dir / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False))


def database_path(library_dir: Path) -> Path:
    """The SQLite file inside a library directory."""
    return library_dir / DATABASE_NAME


def backup_dir(library_dir: Path) -> Path:
    """Where database backups are kept."""
    return library_dir / "backups"


def _is_platform_default(path: Path) -> bool:
    import platformdirs

    return path == Path(platformdirs.user_data_dir(APP_ID, appauthor=False))
