"""A full build of the index in a folder beside it, resumable after an interruption.

The build commits its segments every ``CHUNK`` papers (in paper id order) and records in
``resume.json`` the library generation it reflects, the last paper id written, and the
index generation of that commit. A build that is stopped (cancelled, Ctrl-C, the process
killed) leaves that folder; the next build goes on after the last paper written instead of
starting again, provided the record matches the folder's last commit exactly (otherwise
it starts afresh). Changes made to the library meanwhile are in its change log since the
recorded generation, which the index catches up with afterwards as after any build.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.util.filelock import FileLock

from readinglist import gc_policy
from readinglist.search import compat, parallel_build, segment_writer
from readinglist.search.parallel_build import Document
from readinglist.search.schema import SCHEMA_VERSION, build_schema

logger = logging.getLogger(__name__)

CHUNK = 10_000  # papers between two commits of a build (what an interruption can lose)
RESUME_NAME = "resume.json"


def building_folder(directory: Path) -> Path:
    """Where the index of ``directory`` is built before it is swapped in."""
    return directory.parent / f"{directory.name}.building"


@dataclass(frozen=True, slots=True)
class BuildSlot:
    """Where one build writes, and the interrupted build it goes on with (if any)."""

    folder: Path
    resume: tuple[int, int] | None  # see ``resume_point``


@contextmanager
def build_slot(directory: Path, index_name: str) -> Iterator[BuildSlot]:
    """The resumable building folder of ``directory`` while no other build (thread or
    process) holds it; else a private folder of this build's own, removed afterwards
    unless it became the index (two builds at once never write the same folder)."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    shared = building_folder(directory)
    lock = FileLock(str(shared) + ".lock")
    if lock.acquire(blocking=False):
        try:
            yield BuildSlot(shared, resume_point(shared, index_name))
        finally:
            lock.release()
        return
    private = Path(tempfile.mkdtemp(prefix=shared.name + "-", dir=directory.parent))
    try:
        yield BuildSlot(private, None)
    finally:
        shutil.rmtree(private, ignore_errors=True)


def forget_interrupted(directory: Path) -> None:
    """Drop the record of an interrupted build of ``directory``'s index, so the next build
    starts afresh (after a restore the papers it wrote may not be the library's)."""
    try:
        (building_folder(directory) / RESUME_NAME).unlink(missing_ok=True)
    except OSError as exc:  # the next build then checks the record as always
        logger.warning("record of an interrupted index build not removed: %s", exc)


def resume_point(building: Path, index_name: str) -> tuple[int, int] | None:
    """(library generation, last paper id written) of an interrupted build in
    ``building`` that can go on, or None."""
    try:
        record = json.loads((building / RESUME_NAME).read_text(encoding="utf-8"))
        if record.get("schema") != SCHEMA_VERSION:
            return None
        stored = whoosh_index.open_dir(str(building), indexname=index_name)
        try:
            if stored.latest_generation() != record["toc"]:
                return None  # killed between a commit and its record: start again
        finally:
            stored.close()
        return int(record["generation"]), int(record["last_id"])
    except Exception:  # missing, unreadable or damaged: a fresh build
        return None


def build(
    building: Path,
    index_name: str,
    documents: Iterable[Document],
    generation: int,
    progress: Callable[[int], bool | None] | None,
    writer_options: dict[str, Any],
    *,
    resume: bool,
    workers: int = 1,
    papers: int | None = None,
) -> tuple[Index, int]:
    """Write ``documents`` into the index in ``building`` (a new one unless ``resume``),
    committing every ``CHUNK``; return the index and how many documents were written.
    The bulk writer leaves one segment per chunk; Whoosh's writer (the fallback) merges
    them once at the end. With ``workers`` > 1 (``parallel_build.worker_count``) the
    chunks are written by that many worker processes and committed in order, in chunks
    of at most ``CHUNK`` of the ``papers`` expected (``parallel_build.chunk_size``).

    ``progress(done)`` every 500 documents; returning False stops the build with
    InterruptedError, keeping what was committed for the next build. Any other error
    removes the folder. However the build ends, the writer's files and lock are released
    and Python's cycle collector (paused meanwhile) is back as it was."""
    compat.prepare_codec()  # before the index is written
    if resume:
        index = whoosh_index.open_dir(str(building), indexname=index_name)
        parallel_build.remove_parts(building)  # what unfinished workers left
    else:
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        index = whoosh_index.create_in(str(building), build_schema(), indexname=index_name)
    if workers > 1:

        def committed(_: int, last_id: int) -> None:
            _record(building, generation, last_id, index.latest_generation())

        try:
            size = parallel_build.chunk_size(papers, workers, CHUNK)
            chunks = parallel_build.chunks_of(documents, size)
            done = parallel_build.write_chunks(
                index, building, chunks, workers, progress, committed
            )
        except BaseException as exc:
            _abandon(index, building, exc)
            raise
        (building / RESUME_NAME).unlink(missing_ok=True)
        return index, done
    writer = _writer(index, writer_options)
    done, last_id = 0, None
    try:
        # a build makes millions of small objects that hold no cycles, which the
        # collector would walk again and again
        with gc_policy.paused():
            for document in documents:
                writer.add_document(**document.fields())
                done, last_id = done + 1, document.paper_id
                if done % CHUNK == 0:
                    writer.commit(merge=False)  # merged once, at the end
                    _record(building, generation, last_id, index.latest_generation())
                    writer = _writer(index, writer_options)
                if progress and done % 500 == 0 and progress(done) is False:
                    raise InterruptedError("index rebuild cancelled")
            if isinstance(writer, segment_writer.BulkSegmentWriter):
                writer.commit()  # one segment per chunk, left as they are
            else:
                writer.commit(optimize=True)
        (building / RESUME_NAME).unlink(missing_ok=True)
        return index, done
    except BaseException as exc:
        _release(writer)
        _abandon(index, building, exc)
        raise


def _abandon(index: Index, building: Path, exc: BaseException) -> None:
    """Close the index of a failed or stopped build; keep what an interrupted one
    committed for the next build, remove the folder of one that failed."""
    index.close()
    if not isinstance(exc, InterruptedError | KeyboardInterrupt):
        shutil.rmtree(building, ignore_errors=True)


def _release(writer: Any) -> None:
    """Drop what a writer wrote since its last commit, closing its files and releasing
    the index's lock (nothing to do once it is committed or cancelled)."""
    if getattr(writer, "is_closed", False):
        return
    try:
        writer.cancel()
    except Exception:  # already failing: the first error is the one reported
        logger.exception("could not cancel the index writer")


def _writer(index: Index, options: dict[str, Any]) -> Any:
    """The bulk segment writer when this Whoosh supports it, else Whoosh's own."""
    if segment_writer.bulk_writer_supported():
        return segment_writer.BulkSegmentWriter(index, compound=options.get("compound", True))
    return index.writer(**options)


def _record(building: Path, generation: int, last_id: int, toc: int) -> None:
    record = {"schema": SCHEMA_VERSION, "generation": generation, "last_id": last_id, "toc": toc}
    partial = building / (RESUME_NAME + ".partial")
    partial.write_text(json.dumps(record), encoding="utf-8")
    os.replace(partial, building / RESUME_NAME)
