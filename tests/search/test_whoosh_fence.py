"""Whoosh's internals are used in ``search/compat.py`` only: no other module of
``readinglist`` imports a private Whoosh name, reads or sets a private attribute of a
Whoosh object (or attaches one of its own to it), or, in a subclass of a Whoosh class,
uses or overrides a private member it inherits."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import whoosh
from whoosh.writing import SegmentWriter

from tests.conftest import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "readinglist"
FENCE = PACKAGE / "search" / "compat.py"
ATTRIBUTE_FUNCTIONS = {"getattr", "hasattr", "setattr", "delattr"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _whoosh_private_names() -> set[str]:
    """Every private identifier written in Whoosh's source."""
    source = "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in Path(whoosh.__file__).parent.rglob("*.py")
    )
    return {name for name in re.findall(r"\b(_\w+)\b", source) if _private(name)}


def _imports_whoosh(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "whoosh":
            return True
        if isinstance(node, ast.Import) and any(
            alias.name.split(".")[0] == "whoosh" for alias in node.names
        ):
            return True
    return False


def _private_imports(tree: ast.Module) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "whoosh":
            parts = [*node.module.split("."), *(alias.name for alias in node.names)]  # type: ignore[union-attr]
            if any(_private(part) for part in parts):
                found.append((node.lineno, f"from {node.module} import ..."))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "whoosh" and any(_private(part) for part in parts):
                    found.append((node.lineno, f"import {alias.name}"))
    return found


def _whoosh_classes(path: Path, tree: ast.Module) -> dict[str, list[type]]:
    """The module's classes that derive from a Whoosh class, with those Whoosh bases."""
    names = [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
    if not names:
        return {}
    module_name = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    module = importlib.import_module(module_name)
    found = {}
    for name in names:
        bases = [
            base
            for base in getattr(module, name).__mro__[1:]
            if base.__module__.split(".")[0] == "whoosh"
        ]
        if bases:
            found[name] = bases
    return found


def _own_members(node: ast.ClassDef) -> set[str]:
    """What the class defines itself: its methods and class attributes, and the attributes
    its ``__init__`` sets on ``self``."""
    own: set[str] = set()
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.add(item.name)
        elif isinstance(item, ast.Assign | ast.AnnAssign):
            targets = item.targets if isinstance(item, ast.Assign) else [item.target]
            own.update(t.id for t in targets if isinstance(t, ast.Name))
        if isinstance(item, ast.FunctionDef) and item.name == "__init__":
            for sub in ast.walk(item):
                if (
                    isinstance(sub, ast.Attribute)
                    and isinstance(sub.ctx, ast.Store)
                    and isinstance(sub.value, ast.Name)
                    and sub.value.id == "self"
                ):
                    own.add(sub.attr)
    return own


def _subclass_offences(
    node: ast.ClassDef, bases: list[type], whoosh_names: set[str]
) -> list[tuple[int, str]]:
    """Private members of Whoosh bases that the subclass overrides, or uses without
    defining them itself."""
    found = []
    own = _own_members(node)
    inherited = {name for name in own if any(hasattr(base, name) for base in bases)}
    for item in node.body:
        if isinstance(item, ast.FunctionDef) and _private(item.name) and item.name in inherited:
            found.append((item.lineno, f"overrides {item.name}"))
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Attribute)
            and isinstance(sub.value, ast.Name)
            and sub.value.id in ("self", "cls")
            and _private(sub.attr)
            and (sub.attr not in own or sub.attr in inherited)
            and (sub.attr in whoosh_names or any(hasattr(base, sub.attr) for base in bases))
        ):
            found.append((sub.lineno, ast.unparse(sub)))
    return found


def _use_offences(
    tree: ast.Module, handles_whoosh: bool, whoosh_names: set[str]
) -> list[tuple[int, str]]:
    """Private Whoosh imports, and private attributes of objects other than ``self``:
    every one in a module that handles Whoosh objects, else those Whoosh has."""
    found = _private_imports(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue  # the object's own members: checked apart for Whoosh subclasses
            if handles_whoosh or node.attr in whoosh_names:
                found.append((node.lineno, ast.unparse(node)))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ATTRIBUTE_FUNCTIONS
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _private(node.args[1].value)
            and (handles_whoosh or node.args[1].value in whoosh_names)
        ):
            found.append((node.lineno, ast.unparse(node)))
    return found


def _offences(path: Path, whoosh_names: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # Modules of search/ hold Whoosh objects (searchers, readers, writers, matchers): any
    # private attribute of another object there is suspect.
    handles_whoosh = path.parent == PACKAGE / "search" or _imports_whoosh(tree)
    found = _use_offences(tree, handles_whoosh, whoosh_names)
    classes = _whoosh_classes(path, tree)
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in classes:
            found += _subclass_offences(node, classes[node.name], whoosh_names)
    where = path.relative_to(PROJECT_ROOT)
    return [f"{where}:{line}: {text}" for line, text in sorted(set(found))]


def test_only_compat_touches_whoosh_internals() -> None:
    whoosh_names = _whoosh_private_names()
    offences = [
        offence
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != FENCE
        for offence in _offences(path, whoosh_names)
    ]
    assert offences == []


USES = {  # each as a module of search/ once wrote it
    "from whoosh.codec.whoosh3 import _SHORT_SIZE": "from whoosh.codec.whoosh3 import ...",
    "limit = codec._blocklimit": "codec._blocklimit",
    "searcher._readinglist_ids = []": "searcher._readinglist_ids",
    "ids = getattr(searcher, '_readinglist_ids', None)": (
        "getattr(searcher, '_readinglist_ids', None)"
    ),
}
SUBCLASS = """
class Writer(SegmentWriter):
    def __init__(self, index):
        super().__init__(index)
        self._postings = {}

    def add_document(self, **fields):
        self._check_state()
        self._postings.clear()
        self._added = True

    def _flush_segment(self):
        pass
"""


def test_the_fence_catches_each_kind_of_use() -> None:
    whoosh_names = _whoosh_private_names()
    for source, expected in USES.items():
        assert _use_offences(ast.parse(source), True, whoosh_names) == [(1, expected)]
    # Outside search/, a private name only Whoosh has is still caught; one of ours is not.
    assert _use_offences(ast.parse("n = codec._blocklimit"), False, whoosh_names)
    assert not _use_offences(ast.parse("n = model._readinglist_rows"), False, whoosh_names)
    (node,) = ast.parse(SUBCLASS).body
    assert isinstance(node, ast.ClassDef)
    offences = _subclass_offences(node, [SegmentWriter], whoosh_names)
    assert sorted(text for _, text in offences) == [
        "overrides _flush_segment",
        "self._added",
        "self._check_state",
    ]
