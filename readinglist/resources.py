"""Find the app's own resources (icons, the example digest): the top-level ``resources/``
folder of a checkout or an editable install, its copy inside an installed wheel's package,
or a frozen build's."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The ``resources/`` folder: inside a frozen build (PyInstaller unpacks data next to
    the executable, under ``readinglist/resources``), inside the package of an installed
    wheel (``setup.py`` puts it there), or beside the package in a source checkout and an
    editable install."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / "readinglist" / "resources"] if frozen else []
    candidates += [_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def example_digest() -> Path:
    """The example Hugging Face Daily Papers digest offered on first run."""
    return resources_dir() / "examples" / "daily_papers_sep9.txt"
