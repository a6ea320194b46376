"""Completing papers that arrived without arXiv ids, authors, dates or links (issue 20).

For each paper, the sources are asked most specific first (see ``enrich_sources``): the
Daily Papers day of each Daily Papers digest holding it, then arXiv by title, then
OpenAlex. The first source with an accepted candidate (``enrich_match``) fills the paper's
empty fields (``enrich_apply``); an ambiguous match stops there and is reported; a weak
match, a miss or a service error moves on to the next source.

Network requests happen outside any transaction; each paper's changes are then written in
one transaction with their undo journal, so a kill at any moment leaves every paper either
as it was or completed. ``progress(done, total)`` is called before each paper (and once at
the end); returning False stops the run after the paper in hand. It is meant to be run
from a worker thread: nothing here blocks on anything but the network and the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from readinglist.core import enrich_sources as sources
from readinglist.core.enrich_apply import apply_candidate
from readinglist.core.enrich_http import Client, EnrichSettings, ServiceError
from readinglist.core.enrich_match import ACCEPTED, AMBIGUOUS, NOT_FOUND, WEAK, Candidates
from readinglist.formats import hf_daily_json, hf_daily_text, hf_papers_html
from readinglist.storage import changes as changes_db
from readinglist.storage import enrich_repository as journal
from readinglist.storage.db import Database

logger = logging.getLogger(__name__)

EnrichProgress = Callable[[int, int], bool | None]

FILLED, MERGED, UNCHANGED, ERROR = "filled", "merged", "unchanged", "error"
STATUSES = (FILLED, MERGED, UNCHANGED, AMBIGUOUS, WEAK, NOT_FOUND, ERROR)
DAILY_FORMATS = (hf_daily_text.FORMAT, hf_daily_json.FORMAT, hf_papers_html.FORMAT)


@dataclass(slots=True)
class PaperResult:
    """What completing one paper did: ``status`` is one of :data:`STATUSES`."""

    paper_id: int
    title: str
    status: str
    fields: dict[str, str] = field(default_factory=dict)  # field -> source
    message: str = ""
    merged_into: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.paper_id,
            "title": self.title,
            "status": self.status,
            "fields": dict(self.fields),
            "message": self.message,
            "merged_into": self.merged_into,
        }


@dataclass(slots=True)
class EnrichReport:
    """The outcome of one run: a result per paper, the requests sent and cache answers."""

    results: list[PaperResult] = field(default_factory=list)
    requests: int = 0
    cache_hits: int = 0
    cancelled: bool = False
    run_id: int | None = None

    def counts(self) -> dict[str, int]:
        """How many papers ended in each status."""
        counts = dict.fromkeys(STATUSES, 0)
        for result in self.results:
            counts[result.status] += 1
        return counts

    def summary(self) -> str:
        """One line: the counts, then the requests sent."""
        parts = [f"{n} {status}" for status, n in self.counts().items() if n]
        line = ", ".join(parts) or "nothing to complete"
        line += f" ({self.requests} requests, {self.cache_hits} answered from the cache)"
        return line + ("; cancelled" if self.cancelled else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "results": [result.to_json() for result in self.results],
            "counts": self.counts(),
            "requests": self.requests,
            "cache_hits": self.cache_hits,
            "cancelled": self.cancelled,
            "run_id": self.run_id,
        }


def needs_details(row: dict[str, Any]) -> bool:
    """True when a paper lacks an id, its authors, its date or a link."""
    has_id = row.get("arxiv_id") or row.get("doi")
    return not (has_id and row.get("authors") and row.get("published") and row.get("url"))


def enrich_papers(
    db: Database,
    paper_ids: Sequence[int],
    settings: EnrichSettings | None = None,
    progress: EnrichProgress | None = None,
) -> EnrichReport:
    """Complete the given papers (those already complete are reported unchanged)."""
    run = _Run(db, Client(db, settings or EnrichSettings()))
    run.client.forget_stale()
    report = EnrichReport()
    ids = list(dict.fromkeys(paper_ids))
    for done, paper_id in enumerate(ids):
        if progress is not None and progress(done, len(ids)) is False:
            report.cancelled = True
            break
        result = run.complete(paper_id)
        if result is not None:
            report.results.append(result)
    if progress is not None and not report.cancelled:
        progress(len(ids), len(ids))
    report.requests, report.cache_hits = run.client.requests, run.client.cache_hits
    report.run_id = run.run_id
    logger.info("completed papers: %s", report.summary())
    return report


def undo_last(db: Database, run_id: int | None = None) -> int:
    """Undo the newest enrichment not undone yet (or run ``run_id``, if it is not undone
    yet); return how many papers were restored (0 when there is nothing to undo). A field
    or annotation changed since is kept."""
    with db.transaction() as conn:
        if run_id is None:
            run_id = journal.last_run(conn)
        elif not journal.run_pending(conn, run_id):
            return 0
        if run_id is None:
            return 0
        changes = journal.run_changes(conn, run_id)
        restored = journal.restore(conn, changes)
        journal.mark_undone(conn, run_id)
        changes_db.bump_generation(conn, {pid for pid, _, _ in changes})
    return restored


_TITLE_SOURCES = (
    (sources.ARXIV, sources.arxiv_by_title),
    (sources.OPENALEX, sources.openalex_by_title),
)


class _Run:
    """One enrichment: its client, the Daily Papers days already read, its journal id."""

    def __init__(self, db: Database, client: Client) -> None:
        self.db = db
        self.client = client
        self.days: dict[str, Candidates | ServiceError] = {}
        self.run_id: int | None = None
        self.step = 0

    def complete(self, paper_id: int) -> PaperResult | None:
        with self.db.lock() as conn:
            row = journal.paper_row(conn, paper_id)
        if row is None:
            return None  # merged into another paper earlier in this run
        result = PaperResult(paper_id, row["title"], NOT_FOUND)
        if not needs_details(row):
            result.status, result.message = UNCHANGED, "nothing missing"
            return result
        weak, errors = "", []
        for source, candidates in self._sources(paper_id, row):
            if isinstance(candidates, ServiceError):
                errors.append(str(candidates))
                continue
            match = candidates.choose(row)
            if match.status == ACCEPTED:
                assert match.record is not None
                return self._apply(result, match.record, source)
            if match.status == AMBIGUOUS:
                result.status, result.message = AMBIGUOUS, f"{source}: {match.reason}"
                return result
            if match.status == WEAK and not weak:
                weak = f"{source}: {match.reason}"
        if weak:
            result.status, result.message = WEAK, weak
        elif errors:
            result.status, result.message = ERROR, "; ".join(errors)
        return result

    def _sources(
        self, paper_id: int, row: dict[str, Any]
    ) -> Iterator[tuple[str, Candidates | ServiceError]]:
        """(source name, candidates or the error asking it) in order, asked lazily."""
        with self.db.lock() as conn:
            days = journal.digest_days(conn, paper_id, DAILY_FORMATS)
        for day in days:
            yield f"{sources.DAILY} {day}", self._day(day)
        for name, ask in _TITLE_SOURCES:
            try:
                yield name, Candidates(ask(self.client, row["title"]))
            except ServiceError as exc:
                yield name, exc

    def _day(self, day: str) -> Candidates | ServiceError:
        if day not in self.days:
            try:
                self.days[day] = Candidates(sources.daily_papers(self.client, day))
            except ServiceError as exc:
                self.days[day] = exc
        return self.days[day]

    def _apply(self, result: PaperResult, record: Any, source: str) -> PaperResult:
        self.step += 1
        with self.db.transaction() as conn:
            run_id = self.run_id or journal.new_run(conn)
            applied = apply_candidate(conn, result.paper_id, record, source, run_id, self.step)
            if applied is None and self.run_id is None:
                journal.drop_run(conn, run_id)  # nothing was journalled under it
        if applied is None:
            result.status, result.message = UNCHANGED, f"{source} brought nothing missing"
            return result
        self.run_id = run_id
        result.fields = applied.fields
        result.merged_into = applied.merged_into
        result.status = MERGED if applied.merged_into is not None else FILLED
        if applied.merged_into is not None:
            result.message = f"merged into paper {applied.merged_into}"
        return result
