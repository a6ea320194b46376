"""Shared fixtures. Every test runs with its own data directory and a fake home, so no
test can read or write the user's real library."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
EXAMPLE_DIGEST = CORPUS / "hf_daily_text" / "daily_papers_sep9.txt"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point the data directory and every per-user location at a temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    data_dir = home / "library"
    monkeypatch.setenv("READINGLIST_DATA_DIR", str(data_dir))
    return data_dir


@pytest.fixture
def data_dir(isolated_home: Path) -> Path:
    """The (not yet created) library folder of this test."""
    return isolated_home


@pytest.fixture
def library(data_dir: Path) -> Iterator[object]:
    """An empty library, closed after the test."""
    from readinglist.core.library import Library

    lib = Library.open(data_dir)
    yield lib
    lib.close()


@pytest.fixture
def example_digest() -> Path:
    """The user's example Hugging Face Daily Papers digest (114 papers)."""
    assert EXAMPLE_DIGEST.is_file(), f"corpus missing: {EXAMPLE_DIGEST}"
    return EXAMPLE_DIGEST


def drag_enter_event(mime, x: float = 10, y: float = 10, kind=None):  # type: ignore[no-untyped-def]
    """A QDragEnterEvent (or ``kind``, e.g. QDragMoveEvent) carrying ``mime``: Qt 6.12
    takes a QPointF where earlier versions take a QPoint."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent

    event_class = kind or QDragEnterEvent
    rest = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    try:
        return event_class(QPointF(x, y), *rest)
    except TypeError:
        return event_class(QPoint(int(x), int(y)), *rest)


def corpus_text(relative: str) -> str:
    """A corpus file decoded as the importer decodes it (BOMs, UTF-16, legacy encodings)."""
    from readinglist.formats.decoding import decode_text

    return decode_text((CORPUS / relative).read_bytes())


@pytest.fixture
def bug_in(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``bug_in(name)``: reading the file called ``name`` fails as a bug would (an
    unexpected exception, not a typed error)."""
    import readinglist.core.imports

    def install(name: str) -> None:
        real = readinglist.core.imports.read_digest

        def read_digest(data: bytes, filename: str, today: object) -> object:
            if filename == name:
                raise RuntimeError("a bug in a reader")
            return real(data, filename, today)  # type: ignore[arg-type]

        monkeypatch.setattr(readinglist.core.imports, "read_digest", read_digest)

    return install
