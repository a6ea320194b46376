"""A large build is written by worker processes, a chunk each, and committed in order:
every kind of search answers as after a build in one process, and a stopped build goes
on where it stopped."""

from __future__ import annotations

import json
import logging
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.search import building, parallel_build
from tests.search.test_segment_writer import _answers, _papers, _same, _segments

WAIT_S = 120  # a bound that only a broken run reaches


@pytest.fixture
def sample(library: Library, monkeypatch: pytest.MonkeyPatch) -> Library:
    records = [
        PaperRecord(
            title=str(p["title"]),
            abstract=str(p["abstract"]),
            authors=list(p["authors"]),  # type: ignore[call-overload]
            arxiv_id=str(p["arxiv_id"]),
            published=str(p["published"])[:10],
        )
        for p in _papers()
    ]
    library.import_records(records, "sample")
    ids = sorted(p.id for p in library.papers())
    library.add_tags(ids[::5], ["cs.LG"])
    library.set_notes(ids[0], "revisit the proof")
    monkeypatch.setattr(building, "CHUNK", 100)  # a segment per 100 papers: 4 of them
    return library


def test_a_large_build_is_written_by_workers_and_answers_alike(
    sample: Library, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    sample.reindex()  # 400 papers: below PARALLEL_FROM, in this process
    old = _answers(sample)
    monkeypatch.setattr(parallel_build, "PARALLEL_FROM", 300)
    monkeypatch.setattr(parallel_build.os, "cpu_count", lambda: 2)
    with caplog.at_level(logging.INFO, logger="readinglist.search.parallel_build"):
        sample.reindex()
    assert "index written by 2 worker processes: 400 papers" in caplog.messages
    assert _segments(sample) == 4
    _same(old, _answers(sample))


def test_workers_read_their_own_papers(
    sample: Library, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The building process sends each worker its chunk's paper ids (a few bytes a paper),
    not the papers' text: it neither holds nor pickles the library's abstracts."""
    monkeypatch.setattr(parallel_build, "PARALLEL_FROM", 300)
    monkeypatch.setattr(parallel_build.os, "cpu_count", lambda: 2)
    sent: list[int] = []
    submit = parallel_build.ProcessPoolExecutor.submit

    def measured(pool: object, function: object, *args: object) -> object:
        sent.append(len(pickle.dumps(args[-1])))  # the chunk, as the worker receives it
        return submit(pool, function, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel_build.ProcessPoolExecutor, "submit", measured)
    with caplog.at_level(logging.INFO, logger="readinglist.search.parallel_build"):
        sample.reindex()
    assert "index written by 2 worker processes: 400 papers" in caplog.messages
    assert len(sent) == 4
    abstracts = sum(len(p.abstract) for p in sample.papers())
    assert abstracts > 200_000
    assert max(sent) < 20 * 100  # 100 papers a chunk
    assert sample.search('"neural network"').total > 0


def test_a_stopped_parallel_build_resumes(sample: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_build, "PARALLEL_FROM", 300)
    monkeypatch.setattr(parallel_build.os, "cpu_count", lambda: 2)
    reports: list[tuple[int, int]] = []

    def stop_at_200(done: int, total: int) -> bool:
        reports.append((done, total))
        return done < 200

    with pytest.raises(InterruptedError):
        sample.reindex(stop_at_200)
    assert reports and reports[-1][0] >= 200 and all(t == 400 for _, t in reports)
    assert not sample.index_ready()  # no index yet: searches scan meanwhile
    folder = sample.directory / "index.building"
    record = json.loads((folder / building.RESUME_NAME).read_text(encoding="utf-8"))
    assert record["last_id"] == sorted(p.id for p in sample.papers())[199]  # 2 chunks kept
    resumed: list[tuple[int, int]] = []
    sample.reindex(lambda done, total: resumed.append((done, total)) or True)
    assert resumed == [(400, 400)]  # the last 200 papers, in this process
    assert sample.search("sample", limit=1_000).total == 400  # every paper once (its digest)
    assert not list(folder.glob(parallel_build.PART_PREFIX + "*"))


# A build written by workers whose building process is killed after its first commit:
# it prints its workers' ids, then dies at once.
_KILLED_BUILD = """
import multiprocessing, os, signal, sys
from pathlib import Path
from readinglist.core.library import Library
from readinglist.search import building, parallel_build

def main():
    building.CHUNK, parallel_build.PARALLEL_FROM = 20, 0
    parallel_build.os.cpu_count = lambda: 2
    library = Library.open(Path(sys.argv[1]))

    def progress(done, total):
        print(*(p.pid for p in multiprocessing.active_children()), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

    library.reindex(progress)

if __name__ == "__main__":
    main()
"""


def _running(pid: int) -> bool:
    """True while ``pid`` runs (a zombie nobody reaped has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def _birds_and_script(library: Library, papers: int, script: Path, text: str) -> tuple[Path, Path]:
    """Fill ``library`` with ``papers`` papers and close it; write ``text`` to ``script``.
    Return the library's folder and the script, for a build run in a process of its own."""
    library.import_records(
        [
            PaperRecord(title=f"Study {n} of finch song", arxiv_id=f"2409.{n:05d}")
            for n in range(papers)
        ],
        "birds",
    )
    library.close()
    script.write_text(text, encoding="utf-8")
    return library.directory, script


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_workers_end_when_the_building_process_is_killed(library: Library, tmp_path: Path) -> None:
    directory, script = _birds_and_script(library, 200, tmp_path / "killed_build.py", _KILLED_BUILD)
    done = subprocess.run(
        [sys.executable, str(script), str(directory)],
        capture_output=True,
        text=True,
        timeout=WAIT_S,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    workers = [int(pid) for pid in done.stdout.split()]
    assert len(workers) == 2, done.stdout
    deadline = time.monotonic() + WAIT_S  # a bound only a worker left behind reaches
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_running, workers)), "a worker outlived the build"


def _segment_sizes(library: Library) -> list[int]:
    """Papers in each segment of the library's index, in order."""
    from whoosh import index as whoosh_index

    from readinglist.search import compat
    from readinglist.search.index import INDEX_NAME
    from readinglist.search.index_folders import current_folder

    index = whoosh_index.open_dir(
        str(current_folder(library.directory / "index")), indexname=INDEX_NAME
    )
    try:
        return [segment.doc_count_all() for segment in compat.index_segments(index)]
    finally:
        index.close()


def test_a_library_of_ten_thousand_papers_is_built_by_two_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel_build.os, "cpu_count", lambda: 2)
    assert parallel_build.worker_count(10_000) == 2


def test_a_library_smaller_than_two_chunks_is_shared_evenly_by_the_workers(
    sample: Library, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """400 papers with chunks of at most 300: two chunks of 200 (one a worker, both busy
    the whole build), not 300 then 100; every search answers as a build in one process."""
    sample.reindex()  # in this process
    old = _answers(sample)
    monkeypatch.setattr(building, "CHUNK", 300)
    monkeypatch.setattr(parallel_build, "PARALLEL_FROM", 300)
    monkeypatch.setattr(parallel_build.os, "cpu_count", lambda: 2)
    with caplog.at_level(logging.INFO, logger="readinglist.search.parallel_build"):
        sample.reindex()
    assert "index written by 2 worker processes: 400 papers" in caplog.messages
    assert _segment_sizes(sample) == [200, 200]
    _same(old, _answers(sample))


# A build written by slow workers (top-level code runs in each spawned worker too), in a
# session of its own as a terminal's command is: it says when the workers are writing, and
# exits 130 on Ctrl+C.
_INTERRUPTED_BUILD = """
import sys, time
from pathlib import Path
from readinglist.core.library import Library
from readinglist.search import building, parallel_build, segment_writer

parallel_build.REPORT_EVERY = 1
_add = segment_writer.BulkSegmentWriter.add_document

def _slow_add(self, **fields):
    time.sleep(0.2)
    _add(self, **fields)

segment_writer.BulkSegmentWriter.add_document = _slow_add

def main():
    building.CHUNK, parallel_build.PARALLEL_FROM = 100, 0
    parallel_build.os.cpu_count = lambda: 2
    library = Library.open(Path(sys.argv[1]))
    said = []

    def progress(done, total):
        if not said:
            print("writing", flush=True)
            said.append(done)

    try:
        library.reindex(progress)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        sys.exit(130)

if __name__ == "__main__":
    main()
"""


def test_ctrl_c_twice_during_a_parallel_build_ends_it_and_its_workers(
    library: Library, tmp_path: Path
) -> None:
    """Ctrl+C reaches every process of the terminal's group: pressed twice during
    ``reindex``, the workers printed KeyboardInterrupt tracebacks and the command hung."""
    directory, script = _birds_and_script(
        library, 400, tmp_path / "interrupted_build.py", _INTERRUPTED_BUILD
    )
    command = subprocess.Popen(
        [sys.executable, str(script), str(directory)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    try:
        assert command.stdout is not None
        assert command.stdout.readline() == "writing\n"
        os.killpg(command.pid, signal.SIGINT)
        time.sleep(1.0)
        if command.poll() is None:
            os.killpg(command.pid, signal.SIGINT)
        out, err = command.communicate(timeout=WAIT_S)  # a bound only a hang reaches
    finally:
        if command.poll() is None:
            os.killpg(command.pid, signal.SIGKILL)
            command.wait()
    assert command.returncode == 130, err[-2000:]
    assert out == "interrupted\n"
    assert "Traceback" not in err, err[-2000:]
    reopened = Library.open(directory)
    try:
        assert len(reopened.papers()) == 400  # the library is whole; the next build resumes
    finally:
        reopened.close()
