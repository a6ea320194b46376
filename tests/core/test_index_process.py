"""The index written by a child process: its progress reaches the caller, and a stopped
run leaves a consistent library whose next run completes the index."""

from __future__ import annotations

import errno
import threading
from pathlib import Path

import pytest

from readinglist.core import index_process
from readinglist.core.index_process import IndexProcess
from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord

BIRDS = 1_200


def import_birds(library: Library) -> None:
    records = [
        PaperRecord(title=f"Study {n} of zebrafinch{n} song", arxiv_id=f"2409.{n:05d}")
        for n in range(BIRDS)
    ]
    library.import_records(records, "birds")


def indexed_birds(directory: Path) -> int:
    """How many birds a fresh process's index answers for (not the scan of new papers)."""
    with Library.open(directory) as library:
        results = library.search("zebrafinch7", as_you_type=True, limit=BIRDS)
        assert results.from_index
        return len(results.hits)


def test_a_rebuild_in_its_own_process_reports_progress(data_dir: Path) -> None:
    with Library.open(data_dir) as library:
        import_birds(library)
    reports: list[tuple[int, int]] = []
    assert IndexProcess(data_dir, "rebuild").run(lambda *r: reports.append(r)) == ""
    assert reports[0] == (500, BIRDS) and reports[-1] == (BIRDS, BIRDS)
    expected = sum(1 for n in range(BIRDS) if str(n).startswith("7"))
    assert indexed_birds(data_dir) == expected


def test_a_stopped_catch_up_leaves_the_library_whole_and_the_next_run_completes(
    data_dir: Path,
) -> None:
    with Library.open(data_dir) as library:
        library.reindex()
        import_birds(library)
    process = IndexProcess(data_dir, "sync")
    reports: list[tuple[int, int]] = []

    def stop_at_first_report(done: int, total: int) -> None:
        reports.append((done, total))
        process.stop()

    outcome: list[str] = []
    runner = threading.Thread(target=lambda: outcome.append(process.run(stop_at_first_report)))
    runner.start()
    runner.join(timeout=300)
    assert outcome == ["stopped"] and reports[0] == (500, BIRDS)
    with Library.open(data_dir) as library:  # consistent: every paper found, none twice
        found = library.matching_ids("zebrafinch7", as_you_type=True)
        assert len(found) == sum(1 for n in range(BIRDS) if str(n).startswith("7"))
        assert library.stats().papers == BIRDS
    assert IndexProcess(data_dir, "sync").run() == ""
    assert indexed_birds(data_dir) == len(found)


def test_two_builds_at_once_both_finish_with_a_whole_index(data_dir: Path) -> None:
    with Library.open(data_dir) as library:
        import_birds(library)
        outcome: list[str] = []
        other = threading.Thread(
            target=lambda: outcome.append(IndexProcess(data_dir, "rebuild").run())
        )
        other.start()
        library.reindex()  # while the index process builds too
        other.join(timeout=300)
    assert outcome == [""]
    assert indexed_birds(data_dir) == sum(1 for n in range(BIRDS) if str(n).startswith("7"))


def test_a_process_that_cannot_start_is_reported_not_raised(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(index_process.subprocess, "Popen", refuse)
    with Library.open(data_dir) as library:
        import_birds(library)
    outcome = IndexProcess(data_dir, "rebuild").run()
    assert outcome == "the indexing process could not start (Resource temporarily unavailable)"


def test_the_child_gets_its_own_copy_of_the_environment(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started with vfork, a child reading the live environment can be handed memory
    another thread is freeing (setenv/unsetenv): it must be given a copy."""
    given: list[object] = []
    real_popen = index_process.subprocess.Popen

    def record(*args: object, **kwargs: object) -> object:
        given.append(kwargs.get("env"))
        return real_popen(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(index_process.subprocess, "Popen", record)
    monkeypatch.setenv("READINGLIST_TEST_MARK", "kept")
    assert IndexProcess(data_dir, "rebuild").run() == ""
    assert isinstance(given[0], dict) and given[0]["READINGLIST_TEST_MARK"] == "kept"
