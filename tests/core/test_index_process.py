"""The index written by a child process: its progress reaches the caller, and a stopped
run leaves a consistent library whose next run completes the index."""

from __future__ import annotations

import threading
from pathlib import Path

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
