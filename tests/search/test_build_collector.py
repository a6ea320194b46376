"""The full build pauses Python's cycle collector for the whole process: it must be back
on however the build ends (done, cancelled, interrupted, failed)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.search import building
from readinglist.search.index import IndexDocument

PAPERS = 1_200


@pytest.fixture
def birds(library: Library, monkeypatch: pytest.MonkeyPatch) -> Iterator[Library]:
    monkeypatch.setattr(building, "CHUNK", 300)
    records = [
        PaperRecord(title=f"Study {n} of zebrafinch{n} song", arxiv_id=f"2409.{n:05d}")
        for n in range(PAPERS)
    ]
    library.import_records(records, "birds")
    assert gc.isenabled()
    yield library
    gc.enable()  # whatever the test found, the next one starts with the collector on


def recording(stop_at: int | None, seen: list[bool], error: BaseException | None = None):  # type: ignore[no-untyped-def]
    """A progress callback noting whether the collector runs, stopping at ``stop_at``
    papers (by answering False, or by raising ``error``)."""

    def progress(done: int, total: int) -> bool:
        seen.append(gc.isenabled())
        if stop_at is not None and done >= stop_at:
            if error is not None:
                raise error
            return False
        return True

    return progress


def test_the_collector_is_paused_during_a_build_and_back_after_it(birds: Library) -> None:
    seen: list[bool] = []
    birds.reindex(recording(None, seen))
    assert seen[:2] == [False, False]  # paused while writing (the last report is after)
    assert gc.isenabled()
    assert birds.search("zebrafinch7", as_you_type=False).total > 0


def test_the_collector_is_back_after_a_cancelled_build(birds: Library) -> None:
    seen: list[bool] = []
    with pytest.raises(InterruptedError):
        birds.reindex(recording(500, seen))
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.parametrize("error", [KeyboardInterrupt(), RuntimeError("disk on fire")])
def test_the_collector_is_back_after_an_interrupted_build(
    birds: Library, error: BaseException
) -> None:
    seen: list[bool] = []
    with pytest.raises(type(error)):
        birds.reindex(recording(1_000, seen, error))
    assert seen == [False, False]
    assert gc.isenabled()
    birds.reindex()  # the stopped build's writer let go of the index: a new build runs
    assert birds.search("zebrafinch7", as_you_type=True, limit=PAPERS).total == 111


def test_the_collector_is_back_after_a_paper_that_cannot_be_indexed(
    birds: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    fields = IndexDocument.fields

    def failing(document: IndexDocument) -> dict[str, object]:
        assert not gc.isenabled()  # in the middle of the build
        if document.title.startswith("Study 700 "):
            raise ValueError("unreadable paper")
        return fields(document)

    monkeypatch.setattr(IndexDocument, "fields", failing)
    with pytest.raises(ValueError, match="unreadable paper"):
        birds.reindex()
    assert gc.isenabled()
    assert not birds.index_ready()
