"""Find bundled resources (icons, the example digest) in a checkout, an installed wheel
or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The ``resources/`` folder: inside a frozen build (PyInstaller unpacks data next to
    the executable, under ``readinglist/resources``) or inside the package, which is also
    where it lives in a source checkout and an installed wheel."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / "readinglist" / "resources"] if frozen else []
    candidates.append(_PACKAGE_DIR / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def example_digest() -> Path:
    """The example Hugging Face Daily Papers digest offered on first run."""
    return resources_dir() / "examples" / "daily_papers_sep9.txt"
