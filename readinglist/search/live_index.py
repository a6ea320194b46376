"""The live index: the disk index plus an in-memory overlay of the papers it lacks.

Every write to the library notes the papers it changed; the disk index records the library
generation it reflects. The papers changed since then ("pending") are answered from a small
in-memory overlay index, so an edit is searchable at once without a slow commit to disk.
Beyond ``OVERLAY_LIMIT`` pending papers (a big import not yet written) the overlay is not
built: the caller scans those papers instead (``backlog``) or writes them to disk first.

The library is read through ``LibraryView`` (one consistent snapshot of it), so this
module needs no database of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from whoosh import query as wq
from whoosh.index import Index

from readinglist.search import engine, spelling
from readinglist.search.building import BuildSlot
from readinglist.search.index import IndexDocument, SearchIndex
from readinglist.search.overlay import needs_extras

OVERLAY_LIMIT = 500  # more pending changes than this are written to the disk index first


class LibraryView(Protocol):
    """What the live index reads of the library, all from one snapshot."""

    def generation(self) -> int:
        """The library's generation (how many writes changed it so far)."""
        ...

    def changed_since(self, generation: int) -> set[int]:
        """Ids of the papers changed or deleted after ``generation``."""
        ...

    def documents(self, paper_ids: Sequence[int]) -> list[IndexDocument]:
        """The index documents of those of ``paper_ids`` that exist."""
        ...

    def existing(self, paper_ids: Iterable[int]) -> set[int]:
        """Those of ``paper_ids`` that exist."""
        ...


@dataclass(slots=True)
class _Overlay:
    """The in-memory index of the papers changed since the disk index was written."""

    base: int  # the disk index's generation it adds to
    generation: int  # the library generation it reflects
    index: Index
    extras: bool  # whether it holds the ``overlay.EXTRA_FIELDS``


class LiveIndex:
    """The disk index in ``directory`` with the overlay of the papers it lacks."""

    def __init__(self, directory: Path) -> None:
        self._disk = SearchIndex(directory)
        # Kept while the library does not change (typing runs many queries between edits).
        self._overlay: _Overlay | None = None

    # ------------------------------------------------------------- the disk index

    @property
    def directory(self) -> Path:
        """Where the disk index lives."""
        return self._disk.directory

    @property
    def is_open(self) -> bool:
        """True once the disk index is opened or built."""
        return self._disk.is_open

    @property
    def generation(self) -> int:
        """The library generation the disk index reflects (-1 when it is not open)."""
        generation = self._disk.generation
        return generation if generation is not None else -1

    def open(self) -> None:
        """Open the disk index (IndexUnavailable when it must be rebuilt)."""
        self._disk.open()

    def check_searcher(self) -> str | None:
        """Why the disk index cannot be searched now, or None (see ``SearchIndex``)."""
        return self._disk.check_searcher()

    def close(self) -> None:
        """Release the disk index."""
        self._disk.close()

    def build_slot(self) -> AbstractContextManager[BuildSlot]:
        """Where a rebuild writes, held for its duration."""
        return self._disk.build_slot()

    def rebuild(
        self,
        documents: Iterable[IndexDocument],
        generation: int,
        progress: Callable[[int], bool | None] | None,
        slot: BuildSlot,
        count: int | None = None,
    ) -> None:
        """Build the disk index afresh (see ``SearchIndex.rebuild``)."""
        self._disk.rebuild(documents, generation, progress, slot, count)

    def update(
        self,
        documents: Iterable[IndexDocument],
        deleted: Iterable[int],
        generation: int,
        progress: Callable[[int], object] | None = None,
    ) -> None:
        """Write these papers to the disk index (see ``SearchIndex.update``)."""
        self._disk.update(documents, deleted, generation, progress)

    # ------------------------------------------------------------------ queries

    def pending(self, view: LibraryView) -> set[int]:
        """The papers changed since the disk index was written."""
        return view.changed_since(self.generation)

    def backlog(self, view: LibraryView) -> set[int]:
        """The pending papers when more than the overlay takes (the caller scans them),
        else the empty set."""
        pending = self.pending(view)
        return pending if len(pending) > OVERLAY_LIMIT else set()

    def matching(self, view: LibraryView, query: wq.Query) -> set[int]:
        """Ids matching ``query``: the disk index's, with the pending papers' from the
        overlay (none of them when they are a backlog: see ``backlog``)."""
        pending = self.pending(view)
        matches = engine.matching_ids(self._disk.searcher(), query) - pending
        if pending and len(pending) <= OVERLAY_LIMIT:
            with self._overlay_for(view, pending, needs_extras(query)).searcher() as searcher:
                matches |= engine.matching_ids(searcher, query)
        return matches

    def every_paper_id(self, view: LibraryView) -> frozenset[int]:
        """Every paper id: the disk index's id column, corrected by the pending papers
        (reading 100,000 ids from the database takes 50 ms)."""
        pending = self.pending(view)
        indexed = engine.every_paper_id(self._disk.searcher()) - pending
        return frozenset(indexed | view.existing(pending))

    def ranked(
        self, view: LibraryView, query: wq.Query, matches: set[int], limit: int
    ) -> list[tuple[int, float]]:
        """The best ``limit`` of ``matches`` for ``query`` as (id, score), best first. A
        backlog's papers are not ranked: they come after, newest first."""
        if not matches:
            return []
        pending = self.pending(view)
        hits = engine.ranked_hits(self._disk.searcher(), query, limit, matches - pending)
        if len(pending) > OVERLAY_LIMIT:
            hits.sort(key=lambda hit: (-hit.score, hit.paper_id))
            later = sorted(pending & matches, reverse=True)[: max(0, limit - len(hits))]
            return [(hit.paper_id, hit.score) for hit in hits[:limit]] + [(p, 0.0) for p in later]
        if pending & matches:
            with self._overlay_for(view, pending, needs_extras(query)).searcher() as searcher:
                hits += engine.ranked_hits(searcher, query, limit, pending & matches)
        hits.sort(key=lambda hit: (-hit.score, hit.paper_id))
        return [(hit.paper_id, hit.score) for hit in hits[:limit]]

    def suggest_correction(self, view: LibraryView, words: Sequence[str]) -> list[str] | None:
        """``words`` with unknown ones corrected from the disk index's vocabulary, then
        the overlay's (where recent imports' words are so far); None when none is."""
        corrected = spelling.suggest_correction(self._disk.searcher(), words)
        if corrected is None:
            pending = self.pending(view)
            if pending and len(pending) <= OVERLAY_LIMIT:
                with self._overlay_for(view, pending, True).searcher() as searcher:
                    corrected = spelling.suggest_correction(searcher, words)
        return corrected

    def more_like(self, paper_id: int, text: str, limit: int) -> list[tuple[int, float]]:
        """Ids and scores of the disk index's papers most like ``text`` (not ``paper_id``)."""
        hits = engine.more_like(self._disk.searcher(), paper_id, text, limit)
        return [(hit.paper_id, hit.score) for hit in hits if hit.paper_id != paper_id]

    def version(self) -> object:
        """What changes whenever the disk index's answers may change (its searcher)."""
        return self._disk.searcher()

    # ---------------------------------------------------------------- internals

    def _overlay_for(self, view: LibraryView, pending: set[int], extras: bool) -> Index:
        """The in-memory index of the ``pending`` papers. Kept between edits: an edit
        updates only the papers it changed, so it costs the same with 5 or 500 pending.
        Written without the ``EXTRA_FIELDS`` until a query needs them (``extras``): the
        first search after an import is most often words being typed."""
        generation, base = view.generation(), self.generation
        overlay = self._overlay
        changed = (
            view.changed_since(overlay.generation)
            if overlay is not None and overlay.base == base and overlay.generation != generation
            else set()
        )
        if (
            overlay is None
            or overlay.base != base
            or len(changed) * 2 >= len(pending)
            or (extras and not overlay.extras)
        ):
            # First use, the disk index moved on, or most of the overlay changed (a digest
            # imported after an edit): written afresh by the bulk writer, as Whoosh's
            # writer takes 10-15 ms a paper (1.4 s for a digest of 114).
            documents = view.documents(sorted(pending))
            index = engine.overlay_index(documents, extras=extras)
            overlay = self._overlay = _Overlay(base, generation, index, extras)
        elif overlay.generation != generation:
            documents = view.documents(sorted(changed))
            removed = changed - {document.paper_id for document in documents}
            engine.update_overlay(overlay.index, documents, removed)
            overlay.generation = generation
        return overlay.index
