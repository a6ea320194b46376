"""Which papers an enrichment completes: the given ids, a digest's papers, or every paper
lacking an id, authors, date or link (the work itself is ``core.enrich``)."""

from __future__ import annotations

from collections.abc import Iterable

from readinglist.core.enrich import EnrichProgress, EnrichReport, enrich_papers, needs_details
from readinglist.core.enrich_http import EnrichSettings
from readinglist.domain.entities import PaperQuery
from readinglist.domain.errors import DigestNotFoundError, PaperNotFoundError
from readinglist.storage import digests as digests_db
from readinglist.storage import enrich_repository as enrich_journal
from readinglist.storage import papers as papers_db
from readinglist.storage.db import Database


def enrich(
    db: Database,
    paper_ids: Iterable[int] | None,
    digest_id: int | None,
    settings: EnrichSettings | None,
    progress: EnrichProgress | None,
) -> EnrichReport:
    """Complete the chosen papers; see ``Library.enrich``."""
    conn = db.connection
    if paper_ids is not None:
        ids = list(dict.fromkeys(paper_ids))
        known = papers_db.existing_paper_ids(conn, ids)
        missing = [pid for pid in ids if pid not in known]
        if missing:
            raise PaperNotFoundError(missing[0])
    elif digest_id is not None:
        if not digests_db.list_digests(conn, digest_id):
            raise DigestNotFoundError(digest_id)
        ids = enrich_journal.digest_paper_ids(conn, digest_id)
    else:
        with db.snapshot() as snapshot:
            papers = papers_db.query_papers(snapshot, PaperQuery())
        ids = [p.id for p in papers if needs_details(p.to_json())]
    return enrich_papers(db, ids, settings, progress)
