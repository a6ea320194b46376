"""A full build's chunks written by worker processes, committed in order.

Indexing is pure Python: one process uses one core. Above ``PARALLEL_FROM`` papers a
build hands each chunk of papers (``building.CHUNK``) to one of ``worker_count`` spawned
processes (the chunk's paper ids when the documents can be cut so, see ``chunks_of``: the
worker reads the papers itself, and the building process neither holds nor sends their
text), which writes it as one segment with the bulk writer in a folder of its own
inside the building folder. The building process moves each finished segment's files
into the index and commits it, in chunk order, so an interruption keeps exactly the
chunks before the first unfinished one (``building`` records the last paper written, as
a build in one process does). At most ``workers + 1`` chunks are in flight, so memory
stays bounded however large the library.

A worker ends when the building process does, however it ends (it watches its parent).
Workers ignore Ctrl+C (a terminal sends SIGINT to every process of its group): the
building process decides, and a build stopped for any reason (cancelled, Ctrl+C, a
worker's error) ends its workers at once; the chunks they were writing are dropped, and
their folders are removed by the next build.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, Protocol

from whoosh import index as whoosh_index
from whoosh.index import Index

from readinglist import gc_policy
from readinglist.search import compat, segment_writer
from readinglist.search.schema import build_schema

logger = logging.getLogger(__name__)

PARALLEL_FROM = 8_000
"""Papers from which a build is written by worker processes (below it, starting them
costs more than it saves)."""
MAX_WORKERS = 2
REPORT_EVERY = 500  # papers between two progress reports of a worker
PART_PREFIX = "part-"  # a worker's folder inside the building folder


class Document(Protocol):
    """What a worker needs of a document (picklable; ``index.IndexDocument``)."""

    @property
    def paper_id(self) -> int: ...

    def fields(self) -> dict[str, Any]: ...


class Chunk(Protocol):
    """Documents a worker writes as one segment: a list of them, or a picklable sequence
    that reads them when iterated in the worker (``core.index_documents.DocumentChunk``),
    with the id of its last paper."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Document]: ...

    @property
    def last_id(self) -> int: ...


def chunks_of(documents: Iterable[Document], size: int) -> Iterator[Chunk | list[Document]]:
    """``documents`` in chunks of ``size``: those the documents cut themselves (their
    ``chunks(size)``, read by the workers), else lists made here (``chunked``)."""
    cut = getattr(documents, "chunks", None)
    if callable(cut):
        return iter(cut(size))
    return chunked(documents, size)


def _last_id(chunk: Chunk | list[Document]) -> int:
    if isinstance(chunk, list):
        return chunk[-1].paper_id
    return chunk.last_id


def worker_count(papers: int | None) -> int:
    """How many processes write a build of ``papers`` papers (1: the building one)."""
    if papers is None or papers < PARALLEL_FROM or not compat.parallel_build_supported():
        return 1
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def chunk_size(papers: int | None, workers: int, largest: int) -> int:
    """Papers per chunk of a build of ``papers`` by ``workers`` processes: ``largest``
    (what an interruption can lose), or fewer when that leaves a worker idle, so that a
    library of fewer than ``workers * largest`` papers is still cut into one chunk a
    worker (10k papers: two chunks of 5k, not one of 10k written by one process)."""
    if workers <= 1 or not papers:
        return largest
    return max(1, min(largest, -(-papers // workers)))


def remove_parts(building: Path) -> None:
    """Drop the folders of workers of an earlier, interrupted build."""
    for folder in building.glob(PART_PREFIX + "*"):
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(slots=True)
class _Chunk:
    number: int
    size: int
    last_id: int
    folder: Path
    result: Future[Any]


@dataclass(slots=True)
class _Progress:
    """Papers written: those committed plus what each running worker reported."""

    committed: int = 0
    running: dict[int, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.committed + sum(self.running.values())


def write_chunks(
    index: Index,
    building: Path,
    chunks: Iterable[Chunk | list[Document]],
    workers: int,
    progress: Callable[[int], bool | None] | None,
    committed: Callable[[int, int], None],
) -> int:
    """Write ``chunks`` with ``workers`` processes, committing each chunk's segment into
    ``index`` (in ``building``) in order and calling ``committed(papers so far, last paper
    id)`` after each; return the papers written. ``progress(done)`` as workers report;
    returning False stops the build with InterruptedError (committed chunks stay)."""
    context = multiprocessing.get_context("spawn")  # safe beside threads, on every OS
    reports = context.SimpleQueue()
    state = _Progress()
    pending: deque[_Chunk] = deque()
    source: Iterator[Chunk | list[Document]] = iter(chunks)
    others = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(reports,)
    )
    number = 0

    def submit() -> None:
        nonlocal number
        chunk = next(source, None)
        if chunk is None:
            return
        folder = building / f"{PART_PREFIX}{number}"
        result = pool.submit(_write_chunk, str(folder), index.indexname, number, chunk)
        pending.append(_Chunk(number, len(chunk), _last_id(chunk), folder, result))
        number += 1

    try:
        for _ in range(workers + 1):
            submit()
        while pending:
            head = pending[0]
            while not head.result.done():
                futures.wait([head.result], timeout=0.1)
                _report(reports, state, progress)
            segment = head.result.result()  # a worker's error (or its end) is raised here
            pending.popleft()
            _move_files(head.folder, building, f"{segment.segment_id()}.")
            compat.add_segments(index, [segment])
            state.running.pop(head.number, None)
            state.committed += head.size
            committed(state.committed, head.last_id)
            submit()
            _report(reports, state, progress, fresh=True)
    except BaseException:
        _stop_workers(pool, others)
        raise
    pool.shutdown(wait=True)
    logger.info("index written by %d worker processes: %d papers", workers, state.committed)
    return state.committed


def _stop_workers(pool: ProcessPoolExecutor, others: set[Any]) -> None:
    """End ``pool``'s workers (the child processes not in ``others``) without waiting
    for the chunks they write, and drop the chunks not started."""
    pool.shutdown(wait=False, cancel_futures=True)
    workers = [child for child in multiprocessing.active_children() if child not in others]
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join()


def _report(
    reports: Any,
    state: _Progress,
    progress: Callable[[int], bool | None] | None,
    *,
    fresh: bool = False,
) -> None:
    """Pass on what the workers reported since the last call (``fresh``: a chunk was
    committed meanwhile)."""
    while not reports.empty():
        number, done = reports.get()
        state.running[number] = done
        fresh = True
    if fresh and progress is not None and progress(state.done) is False:
        raise InterruptedError("index rebuild cancelled")


def _move_files(folder: Path, building: Path, prefix: str) -> None:
    """Move a worker's segment files (named ``prefix``...) into the building folder (on
    the same file system); its own table of contents and lock go with its folder."""
    for path in folder.iterdir():
        if path.name.startswith(prefix):
            os.replace(path, building / path.name)
    shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------------ in a worker

_REPORTS: Any = None


def _start_worker(reports: Any) -> None:
    """In a worker: keep the report queue, leave Ctrl+C to the building process, and end
    when the building process ends."""
    global _REPORTS
    _REPORTS = reports
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(
            target=_exit_with, args=(parent.sentinel,), name="parent-watch", daemon=True
        ).start()


def _exit_with(sentinel: int) -> None:
    """End this worker once ``sentinel`` (its parent's) is ready: the parent ended."""
    wait([sentinel])
    os.kill(os.getpid(), signal.SIGTERM)


def _write_chunk(folder: str, index_name: str, number: int, chunk: Chunk | list[Document]) -> Any:
    """In a worker: write ``chunk`` as one segment of a new index in ``folder`` (reading
    its documents, when it is not a list of them); return that segment."""
    compat.prepare_codec()
    os.makedirs(folder)
    index = whoosh_index.create_in(folder, build_schema(), indexname=index_name)
    writer = segment_writer.BulkSegmentWriter(index, compound=False)
    try:
        with gc_policy.paused():
            for done, document in enumerate(chunk, 1):
                writer.add_document(**document.fields())
                if done % REPORT_EVERY == 0 and _REPORTS is not None:
                    _REPORTS.put((number, done))
        writer.commit()
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    (segment,) = compat.index_segments(index)
    index.close()
    return segment


def chunked(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """``documents`` as lists of ``size`` (the last may be shorter)."""
    source = iter(documents)
    while chunk := list(islice(source, size)):
        yield chunk
