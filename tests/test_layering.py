"""The layer rules: the packages' order (domain at the bottom, then formats, storage and
search, then core, then the front ends), no import loop between modules, only ui/ (and
app.py) imports Qt and only search/ imports whoosh."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "readinglist"
QT_FREE = ("domain", "core", "storage", "search", "formats")

# What each package may import of the project (besides itself and the package root's
# constants): lower layers only, and the one garbage-collector policy every layer pauses
# the collector through (``gc_policy``: the standard library only).
ALLOWED = {
    "domain": set(),
    "formats": {"domain", "gc_policy"},
    "storage": {"domain"},
    "search": {"domain", "gc_policy"},
    "core": {"domain", "formats", "storage", "search", "paths", "gc_policy"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _project_imports(path: Path, modules: set[str]) -> set[str]:
    """The project modules ``path`` imports, anywhere in the file (type-only imports too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in modules}


def _import_graph() -> dict[str, set[str]]:
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    modules = set(paths)
    return {name: _project_imports(path, modules) - {name} for name, path in paths.items()}


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


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_packages_import_only_lower_layers(package: str) -> None:
    offenders = []
    for module, imported in _import_graph().items():
        if not module.startswith(f"readinglist.{package}"):
            continue
        for name in imported:
            parts = name.split(".")
            target = parts[1] if len(parts) > 1 else None
            if target is not None and target != package and target not in ALLOWED[package]:
                offenders.append(f"{module} -> {name}")
    assert offenders == []


def test_no_import_loop_between_modules() -> None:
    graph = _import_graph()
    loops: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                loops.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert loops == []


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
