"""Setting a mark on many papers at once: only the papers that did not have it change, their
ids come back (what an undo turns back), and an unknown id changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.domain.errors import PaperNotFoundError


def test_turn_flag_returns_only_the_papers_it_changed(
    library: Library, example_digest: Path
) -> None:
    library.import_path(example_digest)
    ids = [p.id for p in library.papers()]
    library.set_read(ids[:2])
    assert sorted(library.turn_flag(ids[:5], "read", True)) == sorted(ids[2:5])
    assert library.turn_flag(ids[:5], "read", True) == []
    assert library.stats().read == 5
    generation = library.generation
    assert sorted(library.turn_flag(ids, "read", False)) == sorted(ids[:5])
    assert library.generation == generation + 1
    assert library.stats().read == 0
    assert sorted(library.turn_flag(ids[3:4], "starred", True)) == [ids[3]]
    assert [p.id for p in library.papers() if p.starred] == [ids[3]]


def test_an_unknown_id_changes_no_paper(library: Library, example_digest: Path) -> None:
    library.import_path(example_digest)
    ids = [p.id for p in library.papers()]
    with pytest.raises(PaperNotFoundError):
        library.turn_flag([*ids[:3], 999_999], "read", True)
    assert library.stats().read == 0
