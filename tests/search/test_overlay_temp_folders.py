"""The in-memory overlay of pending papers leaves no folders behind in the temp directory.

Whoosh's writers ask the overlay's storage for scratch folders and remove their files, but
not every folder: each overlay write used to leave an empty ``readinglist-overlay-*`` folder
in the user's temp directory (1,422 of them on a developer machine in one day).
"""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

import pytest

from readinglist.search import engine
from readinglist.search.index import IndexDocument
from readinglist.search.query import parse
from readinglist.search.schema import build_schema


def _papers(word: str, ids: range) -> list[IndexDocument]:
    return [
        IndexDocument(
            paper_id=i,
            title=f"{word} paper {i}",
            abstract=f"An abstract about {word} number {i}.",
            authors=["Ada Lovelace"],
            tags=[],
            notes="",
            ids=[],
            digests=["sep9"],
            published=None,
        )
        for i in ids
    ]


@pytest.fixture
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp directory of this test's own, so other processes' files do not count."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_overlay_writes_leave_at_most_one_scratch_folder(private_temp: Path) -> None:
    overlay = engine.overlay_index(_papers("diffusion", range(1, 30)))
    for round_ in range(5):
        start = 100 + round_ * 10
        engine.update_overlay(overlay, _papers("video", range(start, start + 10)), removed=[1])

    assert len(list(private_temp.iterdir())) <= 1
    with overlay.searcher() as searcher:
        assert engine.matching_ids(searcher, parse("video", build_schema()).text) == set(
            range(100, 150)
        )


def test_a_dropped_overlay_removes_its_scratch_folder(private_temp: Path) -> None:
    overlay = engine.overlay_index(_papers("diffusion", range(1, 30)))
    engine.update_overlay(overlay, _papers("video", range(100, 110)), removed=[])

    del overlay
    gc.collect()

    assert list(private_temp.iterdir()) == []
