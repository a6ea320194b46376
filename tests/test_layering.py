"""The layer rule: only ui/ (and app.py) may import Qt; only search/ may import whoosh."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "readinglist"
QT_FREE = ("core", "storage", "search", "formats")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", QT_FREE)
def test_no_qt_below_ui(package: str) -> None:
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in (PACKAGE / package).rglob("*.py")
        if "PySide6" in _imported_modules(path)
    ]
    assert offenders == []


def test_whoosh_only_in_search() -> None:
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in PACKAGE.rglob("*.py")
        if "whoosh" in _imported_modules(path) and path.parent.name != "search"
    ]
    assert offenders == []


def test_cli_and_core_load_without_qt() -> None:
    """Running a command must not even load Qt (fast start, works without a display)."""
    code = (
        "import sys, readinglist.cli, readinglist.core.library; "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT
    )
    assert result.stdout.strip() == "False"


def test_importing_paths_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "lib"
    code = "import readinglist.paths as p; p.data_dir()"
    env = {"READINGLIST_DATA_DIR": str(target), "PATH": ""}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PROJECT_ROOT, env=env)
    assert not target.exists()
