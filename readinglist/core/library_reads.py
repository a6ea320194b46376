"""The read side of :class:`~readinglist.core.library.Library`: papers, rows, tags,
digests and counts, each read in one snapshot of the database."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from readinglist.core.searching import LibrarySearch
from readinglist.domain.entities import Digest, LibraryStats, Paper, PaperQuery, PaperRow
from readinglist.domain.errors import DigestNotFoundError, PaperNotFoundError
from readinglist.storage import digests as digests_db
from readinglist.storage import papers as papers_db
from readinglist.storage import rows as rows_db
from readinglist.storage import rules_db
from readinglist.storage import stats as stats_db
from readinglist.storage import tags as tags_db
from readinglist.storage.db import Database


class LibraryReads:
    """Read-only queries over the library's database (``Library`` adds the writes)."""

    _db: Database
    _search: LibrarySearch

    @property
    def busy_timeout(self) -> float:
        """Seconds a write waits for another writer before LibraryBusyError (a worker
        opening the same library waits as long)."""
        return self._db.busy_timeout

    def paper(self, paper_id: int) -> Paper:
        """One paper; raises PaperNotFoundError."""
        found = papers_db.load_papers(self._db.connection, [paper_id])
        if not found:
            raise PaperNotFoundError(paper_id)
        return found[0]

    def papers(self, query: PaperQuery | None = None) -> list[Paper]:
        """Papers matching a filter (all papers, newest import first, by default)."""
        with self._db.snapshot() as conn:
            return papers_db.query_papers(conn, query or PaperQuery())

    def papers_by_ids(self, ids: Sequence[int]) -> list[Paper]:
        """The papers with these ids, in that order."""
        with self._db.snapshot() as conn:
            return papers_db.load_papers(conn, list(ids))

    def paper_ids(self, query: PaperQuery | None = None) -> list[int]:
        """The ids of :meth:`papers`, in the same order, without loading the papers."""
        with self._db.snapshot() as conn:
            return papers_db.query_paper_ids(conn, query or PaperQuery())

    def paper_batches(
        self, ids: Sequence[int], light: bool = False, size: int = 500
    ) -> Iterator[list[Paper]]:
        """The papers with these ids, in that order, ``size`` at a time (for exports);
        ``light`` papers lack the long fields (see ``papers_db.load_light_papers``)."""
        load = papers_db.load_light_papers if light else papers_db.load_papers
        for start in range(0, len(ids), size):
            with self._db.snapshot() as conn:
                batch = load(conn, list(ids[start : start + size]))
            yield batch

    def digest_places(self, ids: Sequence[int]) -> dict[int, list[tuple[int, int, str | None]]]:
        """For each paper id: (digest id, position, announce type) of its digests."""
        with self._db.snapshot() as conn:
            return digests_db.memberships(conn, ids)

    def digest_tally(self, ids: Sequence[int]) -> dict[int, int]:
        """For each digest holding some of these papers: how many it holds."""
        with self._db.snapshot() as conn:
            return digests_db.tally(conn, ids)

    def rows(
        self, order: str = "added", ids: Sequence[int] | None = None, limit: int | None = None
    ) -> list[PaperRow]:
        """Light rows for the paper list: every paper (or only ``ids``, or the first
        ``limit``) in ``order`` (added, published, title or id)."""
        with self._db.snapshot() as conn:
            return rows_db.paper_rows(conn, order, ids, limit)

    def digest_rows(self, digest_ids: Sequence[int]) -> list[PaperRow]:
        """The rows of the papers these digests hold (new or merged into a paper already
        stored), each paper once: what a list must read again after an import, rather than
        every row of the library."""
        with self._db.snapshot() as conn:
            held = rules_db.digest_paper_ids(conn, digest_ids)
            ids = sorted({paper_id for ids in held.values() for paper_id in ids})
            return rows_db.paper_rows(conn, "added", ids, None) if ids else []

    def tags(self) -> list[str]:
        """Every tag in use, alphabetically (for completion)."""
        return tags_db.tag_names(self._db.connection)

    def digests(self) -> list[Digest]:
        """Every import, newest first, with paper and read counts."""
        return digests_db.list_digests(self._db.connection)

    def digest(self, digest_id: int) -> Digest:
        """One digest; raises DigestNotFoundError."""
        found = digests_db.list_digests(self._db.connection, digest_id)
        if not found:
            raise DigestNotFoundError(digest_id)
        return found[0]

    def digest_labels(self, digest_ids: Sequence[int]) -> dict[int, tuple[str, str | None]]:
        """Source name and date of each of these digests, by id: one query, no counts
        (cheap enough for every paper the detail pane shows)."""
        return digests_db.digest_labels(self._db.connection, digest_ids)

    def stats(self) -> LibraryStats:
        """Counts of papers, read, unread, starred, digests and per tag."""
        with self._db.snapshot() as conn:
            return stats_db.stats(conn)

    def matching_ids(self, text: str, *, as_you_type: bool = True) -> set[int]:
        """The ids matching a query, unranked: the fast path for the paper list."""
        return self._search.matching_ids(text, as_you_type=as_you_type)

    def highlights(self, paper_id: int, query: str, *, whole: bool = True) -> dict[str, str]:
        """The paper's title, abstract and notes with the query's words marked (escaped
        HTML with <mark>); fields without a match are left out. ``whole=False`` gives
        excerpts around the first match instead of the entire texts."""
        return self._search.highlights_for(self.paper(paper_id), query, whole=whole)

    def similar(self, paper_id: int, n: int = 5) -> list[Paper]:
        """The ``n`` papers most like this one (key terms of its title and abstract)."""
        ranked = self._search.similar(self.paper(paper_id), n)
        return self.papers_by_ids([pid for pid, _ in ranked])
