"""Build hook (everything else is in pyproject.toml).

The app's own assets (icons, the example digest) live in the top-level ``resources/``
folder, beside ``readinglist/``, ``tests/`` and ``packaging/``. A checkout and an editable
install read them there; a wheel carries them inside the package, as
``readinglist/resources/``, which this build step copies them to. ``readinglist.resources``
looks in both places (and in a frozen build's folder).
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = Path(__file__).resolve().parent / "resources"


class BuildWithResources(build_py):
    """``build_py`` that also copies ``resources/`` into the built package."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "readinglist" / "resources"
        for path in sorted(RESOURCES.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                destination = target / path.relative_to(RESOURCES)
                self.mkpath(str(destination.parent))
                self.copy_file(str(path), str(destination))


setup(cmdclass={"build_py": BuildWithResources})
