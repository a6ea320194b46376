"""An interrupted full build of the index goes on where it stopped, and the index it
makes in the end answers for every paper exactly once."""

from __future__ import annotations

import pytest

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.search import building

BIRDS = 1_200


@pytest.fixture
def birds(library: Library, monkeypatch: pytest.MonkeyPatch) -> Library:
    monkeypatch.setattr(building, "CHUNK", 300)  # commits every 300 papers
    records = [
        PaperRecord(title=f"Study {n} of zebrafinch{n} song", arxiv_id=f"2409.{n:05d}")
        for n in range(BIRDS)
    ]
    library.import_records(records, "birds")
    return library


def stop_after(papers: int, reports: list[tuple[int, int]]):  # type: ignore[no-untyped-def]
    def progress(done: int, total: int) -> bool:
        reports.append((done, total))
        return done < papers

    return progress


def test_an_interrupted_build_resumes_and_completes(birds: Library) -> None:
    first: list[tuple[int, int]] = []
    with pytest.raises(InterruptedError):
        birds.reindex(stop_after(1_000, first))
    assert first == [(500, BIRDS), (1_000, BIRDS)]
    assert not birds.index_ready()  # no index yet: searches scan meanwhile
    again: list[tuple[int, int]] = []
    birds.reindex(stop_after(BIRDS, again))
    # 900 papers were committed (3 chunks of 300): only the last 300 are written now.
    assert again == [(BIRDS, BIRDS)]
    results = birds.search("zebrafinch7", as_you_type=True, limit=BIRDS)
    expected = sum(1 for n in range(BIRDS) if str(n).startswith("7"))
    assert results.from_index and results.total == len(results.hits) == expected
    assert birds.search("song", limit=2 * BIRDS).total == BIRDS  # each paper once


def test_a_change_made_while_interrupted_is_in_the_resumed_index(birds: Library) -> None:
    with pytest.raises(InterruptedError):
        birds.reindex(stop_after(500, []))
    first = min(p.id for p in birds.papers())  # written before the interruption
    birds.set_notes(first, "quokka")
    birds.reindex()
    assert birds.matching_ids("quokka", as_you_type=False) == {first}
