"""The on-disk Whoosh index: open, create, rebuild, update by paper id, and one
long-lived searcher refreshed after writes.

The index is a cache of the database. ``meta.json`` beside it records the schema version
and the library generation it reflects; a missing, unreadable, older-schema or damaged
index is reported as such so the library rebuilds it. Each build lives in a folder of its
own, named by a pointer file (``index_folders``): a new build is swapped in without
renaming or deleting the folder another process may be reading.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.searching import Searcher

from readinglist.search import compat, index_folders, parallel_build, vocabulary
from readinglist.search.building import BuildSlot, build, build_slot, forget_interrupted
from readinglist.search.schema import (
    PAIRS_FIELD,
    SCHEMA_VERSION,
    SPELLING_FIELD,
    SPELLING_SOURCES,
    word_pairs,
)

logger = logging.getLogger(__name__)

META_NAME = "meta.json"
INDEX_NAME = "readinglist"
_OPEN_ATTEMPTS = 5  # searchers opened in turn while another process keeps writing
SEPARATE_FILES = {"compound": False}
"""Writer option: segments as separate files, never one compound file. Whoosh reads a part
of a compound segment by copying it into memory (150 MB at 100k papers) each time a searcher
opens, holding the GIL throughout and freezing the window for 100-400 ms."""


@dataclass(frozen=True, slots=True)
class IndexDocument:
    """What the index knows of one paper."""

    paper_id: int
    title: str
    abstract: str
    authors: Sequence[str]
    tags: Sequence[str]
    notes: str
    ids: Sequence[str]
    digests: Sequence[str]
    published: str | None

    def fields(self, *, extras: bool = True) -> dict[str, Any]:
        """The Whoosh document; without the ``extras`` (``EXTRA_FIELDS``: what only
        phrases, fuzzy words and spelling suggestions read) when not asked for."""
        authors = " ".join(self.authors)
        core = {
            "id": str(self.paper_id),
            "title": self.title,
            "abstract": self.abstract,
            "authors": authors,
            "tags": ",".join(self.tags),
            "notes": self.notes,
            "ids": " ".join(self.ids),
            "digest": " ".join(self.digests),
            "published": self.published or "",
            "prefix": " ".join([self.title, authors, *self.tags]),
        }
        if not extras:
            return core
        pairs = word_pairs("title", self.title) + word_pairs("abstract", self.abstract)
        spelling = " ".join(str(core[name]) for name in SPELLING_SOURCES)
        return {**core, SPELLING_FIELD: spelling, PAIRS_FIELD: " ".join(pairs)}


def discard(directory: Path) -> None:
    """Forget the index in ``directory`` (after a restore): no current index and no
    interrupted build to go on with, so the next open builds one from the database.
    Folders a reader holds (here or in another process) stay until it lets go."""
    index_folders.retire(directory)
    forget_interrupted(directory)


class IndexUnavailable(Exception):
    """The index is missing, of another schema version, or damaged (``reason`` says which)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SearchIndex:
    """A Whoosh index in ``directory``. Thread-safe: writes are serialised, and readers
    share one searcher that is swapped for a fresh one after each write."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.RLock()
        self._index: Index | None = None
        self._searcher: Searcher | None = None
        self._generation: int | None = None
        self._folder: index_folders.Identity | None = None  # the pointer followed
        self._path: Path | None = None  # the folder opened (``index_folders``)

    # ------------------------------------------------------------------ state

    def open(self) -> int:
        """Open the index; return the library generation it reflects.

        Raises IndexUnavailable when it must be rebuilt.
        """
        with self._lock:
            identity = index_folders.pointer_identity(self.directory)  # before reading it
            try:
                folder = index_folders.current_folder(self.directory)
            except (OSError, ValueError) as exc:
                raise IndexUnavailable(f"unreadable pointer ({exc})") from exc
            meta = _read_meta(folder)
            _check_files(folder, meta)
            failure = None
            # Whoosh leaves a damaged segment's file open when reading it fails; it is
            # closed when collected, which must not be reported as a leak of ours.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ResourceWarning)
                try:
                    compat.prepare_codec()  # before this index is written to
                    self._index = whoosh_index.open_dir(str(folder), indexname=INDEX_NAME)
                    with self._index.reader() as reader:  # reads every segment
                        reader.doc_count()
                except Exception as exc:  # whoosh raises many types on damaged files
                    failure = f"damaged ({type(exc).__name__}: {exc})"
                if failure is not None:  # outside the handler, so the traceback is gone
                    self._index = None
                    gc.collect()
            if failure is not None:
                raise IndexUnavailable(failure)
            self._generation = int(meta["generation"])
            self._folder, self._path = identity, folder
            index_folders.remove_old(self.directory)  # older builds nothing holds now
            return self._generation

    @property
    def generation(self) -> int | None:
        """The library generation the index reflects (None when not open)."""
        return self._generation

    @property
    def is_open(self) -> bool:
        """True once opened or built."""
        return self._index is not None

    def close(self) -> None:
        """Release the searcher and the index."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            if self._index is not None:
                self._index.close()
            self._index = None
            self._folder = self._path = None

    # ----------------------------------------------------------------- writes

    def rebuild(
        self,
        documents: Iterable[IndexDocument],
        generation: int,
        progress: Callable[[int], bool | None] | None = None,
        slot: BuildSlot | None = None,
        count: int | None = None,
    ) -> None:
        """Build a new index from ``documents`` beside the old one, then swap it in
        (in ``slot``, from ``build_slot``: going on with an interrupted build if it says so;
        by default a fresh build in a folder of its own). ``count``: how many documents
        there are, when known (a large build is written by worker processes).

        ``progress(done)`` is called every few hundred documents; returning False cancels
        (the old index, if any, stays). The swap replaces the pointer file; the old
        build's folder is removed once nothing holds it (``index_folders``).
        """
        if slot is None:
            with self.build_slot() as fresh:
                self.rebuild(documents, generation, progress, BuildSlot(fresh.folder, None), count)
            return
        building = slot.folder
        options = {"limitmb": 128, **SEPARATE_FILES, **_parallel_writer_options()}
        new_index, done = build(
            building,
            INDEX_NAME,
            documents,
            generation,
            progress,
            options,
            resume=bool(slot.resume),
            workers=parallel_build.worker_count(count),
            papers=count,
        )
        _write_meta(building, generation, new_index)
        new_index.close()
        with self._lock:
            self.close()
            index_folders.install(self.directory, building)
            self.open()
        if progress:
            progress(done)

    def build_slot(self) -> AbstractContextManager[BuildSlot]:
        """Where a rebuild writes, held for its duration (see ``building.build_slot``)."""
        return build_slot(self.directory, INDEX_NAME)

    def update(
        self,
        documents: Iterable[IndexDocument],
        deleted: Iterable[int],
        generation: int,
        progress: Callable[[int], object] | None = None,
    ) -> None:
        """Replace the given papers' documents, delete others, and record ``generation``
        (``progress(done)`` every 500 documents)."""
        with self._lock:
            index = self._require_index()
            writer = index.writer(timeout=10.0, **SEPARATE_FILES)
            try:
                for paper_id in deleted:
                    writer.delete_by_term("id", str(paper_id))
                for done, document in enumerate(documents, 1):
                    writer.update_document(**document.fields())
                    if progress and done % 500 == 0:
                        progress(done)
                writer.commit(mergetype=vocabulary.MERGE_SMALL)  # a build's chunks kept
            except BaseException:
                writer.cancel()
                raise
            assert self._path is not None  # set with the index
            _write_meta(self._path, generation, index)
            self._generation = generation
            self._refresh()

    # ------------------------------------------------------------------ reads

    def searcher(self) -> Searcher:
        """The shared searcher (do not close it).

        Another process (the index process) may write the index meanwhile: swap in a new
        build (another folder, named by the pointer) or merge segments (deleting their old
        files). The searcher holds every file it reads open from the start, so it answers
        for what it was opened on; after a swap the next call opens the new folder.
        Raises IndexUnavailable when the index keeps changing or the new one is unsound.
        """
        with self._lock:
            if self._folder is not None and self._pointer_moved():
                self.close()  # a new build was swapped in: its metadata, its segments
                self.open()
            if self._searcher is None:
                self._searcher = self._open_searcher()
            return self._searcher

    def check_searcher(self) -> str | None:
        """Open the shared searcher now; the reason when it cannot be (the index is then
        closed, and the next ``open`` tries again)."""
        try:
            self.searcher()
        except IndexUnavailable as exc:
            self.close()
            return exc.reason
        return None

    def _open_searcher(self) -> Searcher:
        """A searcher with its segments' files open, on one consistent generation."""
        for _ in range(_OPEN_ATTEMPTS):
            index = self._require_index()
            searcher = index.searcher()
            try:
                pinned = compat.pin_segment_files(searcher.reader())
            except OSError:  # a file went between the table of contents and its opening
                searcher.close()
                continue
            generation = searcher.reader().generation()  # None: no segments, nothing to read
            unchanged = generation is None or index.latest_generation() == generation
            if not pinned or (unchanged and not self._pointer_moved()):
                return searcher
            searcher.close()  # its files may be half gone: open the newest generation
            if self._pointer_moved():
                self.close()
                self.open()
        raise IndexUnavailable("changed by another process while being opened")

    def doc_count(self) -> int:
        """Documents in the index."""
        return int(self._require_index().doc_count())

    def _refresh(self) -> None:
        """Drop the searcher; the next search opens one on the new segments."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def _pointer_moved(self) -> bool:
        """True when another build was swapped in since this one was opened."""
        return index_folders.pointer_identity(self.directory) != self._folder

    def _require_index(self) -> Index:
        if self._index is None:
            raise IndexUnavailable("not open")
        return self._index


def _read_meta(folder: Path) -> dict[str, Any]:
    """The metadata of the index in ``folder`` (IndexUnavailable when it is unusable)."""
    path = folder / META_NAME
    if not path.exists():
        raise IndexUnavailable("missing")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexUnavailable(f"unreadable metadata ({exc})") from exc
    if not isinstance(meta, dict) or meta.get("schema") != SCHEMA_VERSION:
        raise IndexUnavailable("built by another version")
    if not isinstance(meta.get("generation"), int):
        raise IndexUnavailable("unreadable metadata")
    return meta


def _parallel_writer_options() -> dict[str, Any]:
    """Two indexing processes where forking is cheap and safe (Linux, and no other thread
    running that a fork could leave holding a lock): ~2.5x faster builds."""
    single_threaded = threading.active_count() == 1
    if sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1 and single_threaded:
        return {"procs": 2, "multisegment": True}
    return {}


def _write_meta(directory: Path, generation: int, index: Any) -> None:
    """Write meta.json atomically: the schema version, the library generation, and the size
    of every file of the index's segments (checked on open: a file cut short or replaced
    by a crash, a sync tool or the user means a rebuild, not a failing search later)."""
    prefixes = tuple(f"{segment_id}." for segment_id in compat.segment_ids(index))
    files = {
        entry.name: entry.stat().st_size
        for entry in directory.iterdir()
        if entry.is_file() and entry.name.startswith(prefixes)
    }
    path = directory / META_NAME
    partial = path.with_suffix(".partial")
    meta = {"schema": SCHEMA_VERSION, "generation": generation, "files": files}
    partial.write_text(json.dumps(meta))
    os.replace(partial, path)


def _check_files(directory: Path, meta: dict[str, Any]) -> None:
    """Raise IndexUnavailable when a file listed in ``meta`` is missing or changed size."""
    for name, size in meta.get("files", {}).items():
        try:
            actual = (directory / name).stat().st_size
        except OSError:
            raise IndexUnavailable(f"damaged ({name} is missing)") from None
        if actual != size:
            raise IndexUnavailable(f"damaged ({name} has {actual} bytes, not {size})")
