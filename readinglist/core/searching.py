"""Search over the library: keeps the derived Whoosh index in step with the database and
answers queries from it, with the database's help for annotation filters.

Freshness: every write notes the papers it changed (``changes``). A search first looks at
what changed since the index was written: a few papers are searched in a small in-memory
overlay index (an edit is visible at once without a slow commit); many are written to the
disk index first. A missing, damaged or outdated index is rebuilt (a large one in the
background, the database answering with a plain scan meanwhile)."""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from readinglist.core import index_documents
from readinglist.core.index_view import SnapshotView
from readinglist.core.similar_papers import SimilarPapers
from readinglist.domain.entities import Paper, SearchHit, SearchResults
from readinglist.domain.errors import QueryTooComplexError
from readinglist.search import engine
from readinglist.search.index import IndexUnavailable
from readinglist.search.live_index import OVERLAY_LIMIT, LiveIndex
from readinglist.search.query import STATE_MARKS, ParsedQuery, QueryLimitError, parse
from readinglist.search.schema import build_schema
from readinglist.storage import annotations as annotations_db
from readinglist.storage import changes as changes_db
from readinglist.storage import papers as papers_db
from readinglist.storage import scan as scan_db
from readinglist.storage import stats as stats_db
from readinglist.storage import tags as tags_db
from readinglist.storage.db import Database

logger = logging.getLogger(__name__)

__all__ = ["OVERLAY_LIMIT", "LibrarySearch"]
SYNC_REBUILD_LIMIT = 20_000  # a missing index of a larger library is rebuilt in the background
SORTS = ("relevance", "published", "added", "title")
_SIMILAR_POOL = 20


class LibrarySearch:
    """The library's search index and the queries it answers."""

    def __init__(self, db: Database, directory: Path, *, read_only: bool = False) -> None:
        self._db = db
        self._read_only = read_only  # use the index if it is sound and fresh, else scan
        self._index = LiveIndex(directory)  # the disk index and the overlay of pending papers
        self._schema = build_schema()
        self._every_id: tuple[int, frozenset[int]] | None = None  # (generation, ids)
        self._similar: SimilarPapers | None = None  # the last paper's
        self.builds_index = True  # False: another process builds the index and catches up

    # ------------------------------------------------------------- index upkeep

    def ensure_ready(self, *, allow_rebuild: bool = True, catch_up: bool = True) -> bool:
        """Open the index and bring it up to date; False when the database must answer."""
        allow_rebuild = allow_rebuild and self.builds_index
        catch_up = catch_up and self.builds_index
        if not self._index.is_open:
            try:
                self._index.open()
            except IndexUnavailable as exc:
                logger.info("search index %s: %s", self._index.directory, exc.reason)
                count = stats_db.paper_count(self._db.connection)
                if not allow_rebuild or count > SYNC_REBUILD_LIMIT or self._read_only:
                    return False
                try:
                    self.rebuild()
                except IndexUnavailable:  # another process swapped in its index meanwhile:
                    return False  # the database answers this query, the next one opens it
        if (reason := self._index.check_searcher()) is not None:  # a new index, unsound
            logger.info("search index %s: %s", self._index.directory, reason)  # or changing
            return False  # too fast: the database answers this query
        if len(self._pending()) > OVERLAY_LIMIT and not self._read_only and catch_up:
            self.sync()  # else the papers not yet written are scanned (``_matching``)
        return True

    def rebuild(self, progress: Callable[[int, int], bool | None] | None = None) -> None:
        """Build the whole index again from the database (progress: done, total)."""
        with self._index.build_slot() as slot:  # an interrupted build goes on from there
            interrupted = slot.resume
            with self._db.snapshot() as conn:
                generation = changes_db.generation(conn) if not interrupted else interrupted[0]
                ids = papers_db.all_paper_ids(conn)  # ascending, the order the build writes
            total, todo = len(ids), [i for i in ids if not interrupted or i > interrupted[1]]
            skipped = total - len(todo)
            report = (lambda done: progress(skipped + done, total)) if progress else None
            documents = index_documents.StreamedDocuments(self._db, todo)
            self._index.rebuild(documents, generation, report, slot, len(todo))
        with self._db.transaction() as conn:
            changes_db.forget_changes(conn, generation)

    def sync(self, progress: Callable[[int, int], object] | None = None) -> None:
        """Write every change since the index's generation to the disk index
        (progress: done, total)."""
        with self._db.snapshot() as conn:
            generation = changes_db.generation(conn)
            pending = sorted(changes_db.changed_since(conn, self._index.generation))
            if not pending:  # nothing to write: keep the searcher and what it has cached
                return
            documents = index_documents.documents(conn, pending)
        present = {d.paper_id for d in documents}
        deleted = [pid for pid in pending if pid not in present]
        report = (lambda done: progress(done, len(documents))) if progress else None
        self._index.update(documents, deleted, generation, report)
        if progress:
            progress(len(documents), len(documents))

    def backlog(self) -> int:
        """How many papers the disk index lacks (all of them while it is unusable)."""
        self.ensure_ready(allow_rebuild=False, catch_up=False)
        return len(self._pending())

    def close(self) -> None:
        """Release the index."""
        self._index.close()

    # ----------------------------------------------------------------- queries

    def search(
        self, text: str, *, as_you_type: bool, sort: str, limit: int, offset: int = 0
    ) -> SearchResults:
        """Run a query; see ``Library.search``."""
        parsed = self._parse(text, as_you_type)
        # Never catches up first: papers not yet written are answered by the bounded path.
        if not self.ensure_ready(allow_rebuild=not as_you_type, catch_up=False):
            return self._fallback(parsed, sort, limit, offset)
        with self._db.snapshot() as conn:
            matches = self._matching(conn, parsed)
            if sort == "relevance" and parsed.text is not None:
                ranked = self._ranked(conn, parsed, matches, offset + limit)
            else:
                order = "added" if sort == "relevance" else sort
                ranked = [
                    (pid, 0.0) for pid in papers_db.ordered_ids(conn, order) if pid in matches
                ]
            page = ranked[offset : offset + limit]
            papers = papers_db.load_papers(conn, [pid for pid, _ in page])
        marks = engine.highlight_terms(parsed.text) if parsed.text is not None else None
        hits = [
            SearchHit(paper, score, self._highlights(paper, marks))
            for paper, (_, score) in zip(papers, page, strict=False)
        ]
        suggestion = None
        if not matches and parsed.words:
            suggestion = self._did_you_mean(text, parsed.words)
        return SearchResults(total=len(matches), hits=hits, did_you_mean=suggestion)

    def matching_ids(self, text: str, *, as_you_type: bool = True) -> set[int]:
        """Just the ids matching ``text`` (what the paper list needs per keystroke)."""
        parsed = self._parse(text, as_you_type)
        # Never catches up: many changes not yet written are scanned (a bounded path).
        if not self.ensure_ready(allow_rebuild=False, catch_up=False):
            with self._db.snapshot() as conn:
                return self._scan(conn, parsed)
        with self._db.snapshot() as conn:
            return self._matching(conn, parsed)

    def highlights_for(self, paper: Paper, text: str, *, whole: bool) -> dict[str, str]:
        """The paper's fields with the query's words marked (``whole``: no excerpts)."""
        parsed = self._parse(text, True)
        marks = engine.highlight_terms(parsed.text) if parsed.text is not None else None
        return self._highlights(paper, marks, whole)

    def similar(self, paper: Paper, limit: int) -> list[tuple[int, float]]:
        """Ids and scores of the papers most like ``paper``. The best ``_SIMILAR_POOL`` are
        kept until the index or the paper changes: the window asks for the similar papers
        and then for tag suggestions, which rank the same neighbours."""
        if not self.ensure_ready():
            return []
        version = self._index.version()
        text = f"{paper.title}\n{paper.abstract}"
        cached = self._similar
        if cached is None or not cached.answers(paper.id, text, version, limit):
            pool = max(limit, _SIMILAR_POOL)
            ranked = self._index.more_like(paper.id, text, pool)
            self._similar = cached = SimilarPapers(paper.id, text, version, pool, ranked)
        return cached.ranked[:limit]

    # ---------------------------------------------------------------- internals

    def _parse(self, text: str, as_you_type: bool) -> ParsedQuery:
        """The parsed query; a query beyond the search's limits is a user error."""
        try:
            return parse(text, self._schema, as_you_type=as_you_type)
        except QueryLimitError as exc:
            raise QueryTooComplexError(str(exc)) from None

    def _matching(self, conn: sqlite3.Connection, parsed: ParsedQuery) -> set[int]:
        """Ids matching ``parsed``: the index's, with the papers it lacks from the overlay;
        beyond ``OVERLAY_LIMIT`` of those (a big import not yet written), from a scan of
        just those papers (a bounded path: never the whole library)."""
        backlog = self._index.backlog(SnapshotView(conn))
        if backlog:
            scanned = scan_db.scan_ids(conn, parsed.tree, among=backlog)
            return (self._matching_indexed(conn, parsed) - backlog) | self._filtered(
                conn, parsed, scanned
            )
        return self._matching_indexed(conn, parsed)

    def _matching_indexed(self, conn: sqlite3.Connection, parsed: ParsedQuery) -> set[int]:
        if parsed.states is not None:
            matches: set[int] | None = self._evaluate_states(conn, parsed.states)
        elif parsed.text is None:
            matches = None  # every paper
        else:
            matches = self._index.matching(SnapshotView(conn), parsed.text)
        return self._filtered(conn, parsed, matches)

    def _filtered(
        self, conn: sqlite3.Connection, parsed: ParsedQuery, matches: set[int] | None
    ) -> set[int]:
        """``matches`` (None: every paper) narrowed by the query's read/starred/tag filters,
        answered by the database. Marks and tags are looked up as the (usually few) papers
        that have them; "unread" is everything but the read ones."""
        f = parsed.filters
        keep: list[set[int]] = [set(tags_db.tagged_paper_ids(conn, name)) for name in f.tags]
        drop: list[set[int]] = [set(tags_db.tagged_paper_ids(conn, n)) for n in f.without_tags]
        for mark, wanted in (("read", f.read), ("starred", f.starred), ("dismissed", f.dismissed)):
            if wanted is not None:
                (keep if wanted else drop).append(annotations_db.ids_marked(conn, mark))
        keep.sort(key=len)
        if matches is None:
            matches = keep[0].copy() if keep else set(self._every_id_in(conn))
        for part in keep:
            matches &= part
        for part in drop:
            matches -= part
        return matches

    def _every_id_in(self, conn: sqlite3.Connection) -> frozenset[int]:
        """Every paper id, kept until the library changes. Taken from the index when it is
        open (its cached id column, corrected by the changes it lacks): reading 100,000
        ids from the database takes 50 ms."""
        generation = changes_db.generation(conn)
        if self._every_id is None or self._every_id[0] != generation:
            if self._index.is_open:
                ids = self._index.every_paper_id(SnapshotView(conn))
            else:
                ids = frozenset(papers_db.all_paper_ids(conn))
            self._every_id = (generation, ids)
        return self._every_id[1]

    def _evaluate_states(self, conn: sqlite3.Connection, plan: tuple[Any, ...]) -> set[int]:
        """Set algebra over a ``ParsedQuery.states`` tree."""
        kind = plan[0]
        if kind == "index":
            return self._index.matching(SnapshotView(conn), plan[1])
        if kind == "is":
            mark = STATE_MARKS.get(plan[1])
            if mark is None:  # an unknown state: no condition
                return set(self._every_id_in(conn))
            marked = annotations_db.ids_marked(conn, mark[0])
            return marked if mark[1] else set(self._every_id_in(conn) - marked)
        if kind == "score":  # the cached "For you" scores
            return scan_db.scored_ids(conn, plan[1])
        if kind == "not":
            return set(self._every_id_in(conn) - self._evaluate_states(conn, plan[1]))
        parts = [self._evaluate_states(conn, child) for child in plan[1]]
        return set.intersection(*parts) if kind == "and" else set.union(*parts)

    def _ranked(
        self, conn: sqlite3.Connection, parsed: ParsedQuery, matches: set[int], limit: int
    ) -> list[tuple[int, float]]:
        assert parsed.text is not None
        return self._index.ranked(SnapshotView(conn), parsed.text, matches, limit)

    def _highlights(
        self, paper: Paper, marks: dict[str, list[str]] | None, whole_texts: bool = False
    ) -> dict[str, str]:
        """The paper's fields with ``marks`` (``engine.highlight_terms``) marked."""
        if marks is None:
            return {}
        found = {}
        for name, text, whole in (
            ("title", paper.title, True),
            ("abstract", paper.abstract, whole_texts),
            ("notes", paper.notes, whole_texts),
        ):
            marked = engine.highlight(text, name, marks, whole=whole)
            if marked:
                found[name] = marked
        return found

    def _did_you_mean(self, text: str, words: Sequence[str]) -> str | None:
        with self._db.snapshot() as conn:
            corrected = self._index.suggest_correction(SnapshotView(conn), words)
        if corrected is None:
            return None
        result = text
        for wrong, right in zip(words, corrected, strict=True):
            if wrong != right:
                result = re.sub(rf"\b{re.escape(wrong)}\b", right, result, count=1)
        return result

    def _fallback(self, parsed: ParsedQuery, sort: str, limit: int, offset: int) -> SearchResults:
        with self._db.snapshot() as conn:
            matches = self._scan(conn, parsed)
            order = "added" if sort == "relevance" else sort
            ordered = [pid for pid in papers_db.ordered_ids(conn, order) if pid in matches]
            papers = papers_db.load_papers(conn, ordered[offset : offset + limit])
        hits = [SearchHit(paper, 0.0) for paper in papers]
        return SearchResults(total=len(matches), hits=hits, from_index=False)

    def _scan(self, conn: sqlite3.Connection, parsed: ParsedQuery) -> set[int]:
        return self._filtered(conn, parsed, scan_db.scan_ids(conn, parsed.tree))

    def _pending(self) -> set[int]:
        return self._index.pending(SnapshotView(self._db.connection))
